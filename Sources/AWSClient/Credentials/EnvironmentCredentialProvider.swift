/// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`
/// (AWS SDKs reference, "AWS access keys").
public struct EnvironmentCredentialProvider: CredentialProvider {
    /// The process environment, passed in.
    public let environment: [String: String]

    /// Creates a provider over `environment`.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Returns the keys from the environment; empty values count as unset.
    public func credentials() async throws -> AWSCredentials {
        let accessKey = environment.nonEmpty("AWS_ACCESS_KEY_ID")
        let secretKey = environment.nonEmpty("AWS_SECRET_ACCESS_KEY")
        switch (accessKey, secretKey) {
        case let (accessKey?, secretKey?):
            return AWSCredentials(
                accessKeyId: accessKey, secretAccessKey: secretKey,
                sessionToken: environment.nonEmpty("AWS_SESSION_TOKEN")
            )
        case (nil, nil):
            throw AWSClientError.credentialsNotConfigured("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        case (_?, nil):
            throw AWSClientError.credentialsUnavailable("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, _?):
            throw AWSClientError.credentialsUnavailable("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        }
    }
}
