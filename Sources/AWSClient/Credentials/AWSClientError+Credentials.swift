extension AWSClientError {
    /// The code of a provider whose source is simply absent, so the chain moves on to the next one.
    static let credentialsNotConfiguredCode = "CredentialsNotConfigured"

    /// A provider's source is absent (no variables, no file, disabled): not a failure, the chain goes on.
    static func credentialsNotConfigured(_ reason: String) -> AWSClientError {
        AWSClientError(kind: .credentials, code: credentialsNotConfiguredCode, message: reason)
    }

    /// A provider's source is present but unusable; the message names the source and never a secret.
    static func credentialsUnavailable(_ reason: String, httpStatus: Int? = nil) -> AWSClientError {
        AWSClientError(kind: .credentials, code: "CredentialsUnavailable", message: reason, httpStatus: httpStatus)
    }

    /// Whether this error only says that a provider's source is absent.
    var isCredentialsNotConfigured: Bool {
        kind == .credentials && code == Self.credentialsNotConfiguredCode
    }
}
