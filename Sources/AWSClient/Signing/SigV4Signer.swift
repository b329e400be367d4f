import Foundation

/// Signs requests with AWS Signature Version 4. (Placeholder: the signing work replaces this file.)
public struct SigV4Signer: Sendable {
    /// The credentials to sign with.
    public let credentials: AWSCredentials
    /// The region of the credential scope, e.g. "us-east-1".
    public let region: String
    /// The service of the credential scope, e.g. "ec2".
    public let service: String

    /// Creates a signer for one credential scope.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Adds X-Amz-Date, X-Amz-Security-Token (when present) and Authorization to the request.
    public func sign(_ request: inout AWSHTTPRequest, date: Date) {
        preconditionFailure("SigV4 signing is not written yet")
    }
}
