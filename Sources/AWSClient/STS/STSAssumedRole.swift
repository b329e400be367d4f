import FoundationEssentials

/// Temporary credentials from AssumeRole or AssumeRoleWithWebIdentity, with the assumed role's ARN.
public struct STSAssumedRole: Sendable, Equatable {
    /// The temporary credentials, with their expiration.
    public var credentials: AWSCredentials
    /// The assumed-role ARN (arn:aws:sts::…:assumed-role/…/session).
    public var assumedRoleArn: String?
    /// The request ID.
    public var requestId: String

    /// Decodes an `AssumeRoleResult` / `AssumeRoleWithWebIdentityResult`.
    init(xml: XMLTree, requestId: String) throws {
        let expiration = xml.string("Credentials", "Expiration")
        credentials = AWSCredentials(
            accessKeyId: try xml.required("Credentials", "AccessKeyId"),
            secretAccessKey: try xml.required("Credentials", "SecretAccessKey"),
            sessionToken: xml.string("Credentials", "SessionToken"),
            expiration: try expiration.map(Self.parseTimestamp))
        assumedRoleArn = xml.string("AssumedRoleUser", "Arn")
        self.requestId = requestId
    }

    /// Parses an xsd:dateTime as STS writes it (ISO 8601, with or without fractional seconds).
    static func parseTimestamp(_ text: String) throws(AWSClientError) -> Date {
        guard let date = AWSTimestamp.parse(text) else {
            throw AWSClientError(kind: .decoding, code: "InvalidTimestamp", message: "not an ISO 8601 time: \(text)")
        }
        return date
    }
}
