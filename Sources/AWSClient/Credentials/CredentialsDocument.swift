import FoundationEssentials

/// The JSON that the ECS/EKS container endpoint and IMDS return for role credentials.
struct CredentialsDocument: Decodable {
    // Field names as AWS sends them (ECS task IAM roles and the IMDS `iam/security-credentials` document).
    let AccessKeyId: String?
    let SecretAccessKey: String?
    let Token: String?
    let Expiration: String?
    let Code: String?

    /// Decodes a response body into credentials; `source` names the endpoint in errors.
    static func credentials(from body: Data, source: String) throws -> AWSCredentials {
        let document: CredentialsDocument
        do {
            document = try JSONDecoder().decode(CredentialsDocument.self, from: body)
        } catch {
            throw AWSClientError.credentialsUnavailable("\(source) returned a body that is not a credentials document")
        }
        // IMDS reports problems in Code (anything but "Success"); the container endpoint has no Code.
        if let code = document.Code, code != "Success" {
            throw AWSClientError.credentialsUnavailable("\(source) answered with Code \(code)")
        }
        guard let accessKey = document.AccessKeyId, let secretKey = document.SecretAccessKey else {
            throw AWSClientError.credentialsUnavailable("\(source) returned no AccessKeyId or SecretAccessKey")
        }
        var expiration: Date?
        if let text = document.Expiration {
            guard let date = AWSTimestamp.parse(text) else {
                throw AWSClientError.credentialsUnavailable("\(source) returned an unreadable Expiration")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken: document.Token, expiration: expiration
        )
    }

}
