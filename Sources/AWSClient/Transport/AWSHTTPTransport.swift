import FoundationEssentials

/// The seam between the AWS client and the network: one live implementation, and stubs in tests.
public protocol AWSHTTPTransport: Sendable {
    /// Sends one request and returns the response; throws `AWSClientError` on a network failure or timeout.
    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse
}
