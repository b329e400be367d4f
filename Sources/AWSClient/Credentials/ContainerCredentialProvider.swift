import FoundationEssentials
import Platform

/// Fetches task or pod role credentials from the ECS container endpoint or EKS Pod Identity
/// (AWS SDKs reference, "Container credential provider").
public struct ContainerCredentialProvider: CredentialProvider {
    /// The ECS agent's credentials host for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
    static let ecsHost = "http://169.254.170.2"
    /// Plain-HTTP hosts a full URI may name besides loopback: ECS, and EKS Pod Identity over IPv4 and IPv6.
    static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]"]

    /// The process environment, passed in.
    public let environment: [String: String]
    /// The HTTP seam.
    public let transport: any AWSHTTPTransport
    /// How long one request may take; the endpoint is local, so this is short.
    public let timeout: Duration

    /// Creates a provider over `environment`, calling out through `transport`.
    public init(environment: [String: String], transport: any AWSHTTPTransport, timeout: Duration = .seconds(2)) {
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
    }

    /// Calls the configured endpoint, with the authorization token when one is configured.
    public func credentials() async throws -> AWSCredentials {
        let url = try endpoint()
        var request = AWSHTTPRequest(method: "GET", url: url)
        if let token = try authorizationToken() {
            request.setHeader("Authorization", token)
        }
        let response: AWSHTTPResponse
        do {
            response = try await transport.send(request, timeout: timeout)
        } catch let error as AWSClientError {
            throw AWSClientError.credentialsUnavailable("container credentials endpoint \(url.absoluteString): \(error.message)")
        }
        guard response.status == 200 else {
            throw AWSClientError.credentialsUnavailable(
                "container credentials endpoint \(url.absoluteString) answered HTTP \(response.status)",
                httpStatus: response.status
            )
        }
        return try CredentialsDocument.credentials(from: response.body, source: "container credentials endpoint")
    }

    /// The URL: the relative URI under the ECS host wins over the full URI, which must be HTTPS or a known local host.
    func endpoint() throws -> URL {
        if let relative = environment.nonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            guard let url = URL(string: Self.ecsHost + path) else {
                throw AWSClientError.credentialsUnavailable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a valid path")
            }
            return url
        }
        guard let full = environment.nonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            throw AWSClientError.credentialsNotConfigured(
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"
            )
        }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            throw AWSClientError.credentialsUnavailable("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL")
        }
        // Credentials may only travel over TLS or to a host on this machine or the container platform.
        guard scheme == "https" || (scheme == "http" && Self.isAllowedHTTPHost(host)) else {
            throw AWSClientError.credentialsUnavailable(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https or a loopback, ECS or EKS host, not \(host)"
            )
        }
        return url
    }

    /// The Authorization header value: the token file wins over the token variable; line breaks are refused.
    func authorizationToken() throws -> String? {
        var token = environment.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN")
        if let path = environment.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            do {
                token = try String(contentsOfFile: path, encoding: .utf8).trimmingWhitespace()
            } catch {
                throw AWSClientError.credentialsUnavailable("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(path)")
            }
        }
        // A CR or LF would let the token inject header fields (RFC 9110 5.5).
        if let token, token.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw AWSClientError.credentialsUnavailable("the container authorization token contains a line break")
        }
        return token
    }

    /// Whether plain HTTP may reach `host`: the 127.0.0.0/8 and ::1 loopbacks, localhost, or a platform host.
    static func isAllowedHTTPHost(_ host: String) -> Bool {
        if allowedHTTPHosts.contains(host) || host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
