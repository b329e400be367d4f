import FoundationEssentials

/// Where to send a service's requests and how to sign them.
public struct AWSEndpoint: Sendable, Equatable {
    /// The base URL, e.g. `https://ec2.eu-west-1.amazonaws.com`.
    public let url: URL
    /// The region of the SigV4 credential scope (us-east-1 for IAM in the commercial partition).
    public let signingRegion: String
    /// The service of the SigV4 credential scope.
    public let signingName: String

    /// Creates an endpoint.
    public init(url: URL, signingRegion: String, signingName: String) {
        self.url = url
        self.signingRegion = signingRegion
        self.signingName = signingName
    }
}
