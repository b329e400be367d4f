import FoundationEssentials

/// Fetches the instance profile's credentials from IMDSv2 (AWS SDKs reference, "IMDS credential provider";
/// EC2 User Guide, "Use IMDSv2"): a session token from PUT /latest/api/token, then the role and its credentials.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    /// The IPv4 IMDS endpoint.
    static let ipv4Endpoint = "http://169.254.169.254"
    /// The IPv6 IMDS endpoint (Nitro instances).
    static let ipv6Endpoint = "http://[fd00:ec2::254]"
    /// Where the role name, then the role's credentials, are listed.
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    /// The process environment, passed in.
    public let environment: [String: String]
    /// The HTTP seam.
    public let transport: any AWSHTTPTransport
    /// How long one request may take; off EC2 nothing answers, so this is short (the SDKs use 1 second).
    public let timeout: Duration
    /// The lifetime requested for the session token (the SDKs request 6 hours).
    public let tokenTTLSeconds: Int

    /// Creates a provider over `environment`, calling out through `transport`.
    public init(
        environment: [String: String], transport: any AWSHTTPTransport, timeout: Duration = .seconds(1),
        tokenTTLSeconds: Int = 21_600
    ) {
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
        self.tokenTTLSeconds = tokenTTLSeconds
    }

    /// Gets a session token, the role name, then the role's credentials; IMDSv1 is never used.
    public func credentials() async throws -> AWSCredentials {
        if environment.isTrue("AWS_EC2_METADATA_DISABLED") {
            throw AWSClientError.credentialsNotConfigured("AWS_EC2_METADATA_DISABLED is true")
        }
        let base = try endpoint()
        let token: Data
        do {
            token = try await call(
                "PUT", base, "/latest/api/token",
                header: ("X-aws-ec2-metadata-token-ttl-seconds", String(tokenTTLSeconds)), what: "IMDS session token"
            )
        } catch let error as AWSClientError where error.httpStatus == nil {
            // Nothing answering at all means this is not an EC2 instance: a missing source, not a failure.
            throw AWSClientError.credentialsNotConfigured("no instance metadata service at \(base.absoluteString) (\(error.message))")
        }
        let tokenHeader = (name: "X-aws-ec2-metadata-token", value: String(decoding: token, as: UTF8.self))
        let roles = String(decoding: try await call("GET", base, Self.credentialsPath, header: tokenHeader, what: "IMDS role name"), as: UTF8.self)
        guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty,
            !role.contains("/"), !role.contains("..")
        else {
            throw AWSClientError.credentialsUnavailable("IMDS lists no instance profile role")
        }
        let body = try await call("GET", base, Self.credentialsPath + role, header: tokenHeader, what: "IMDS credentials of role \(role)")
        return try CredentialsDocument.credentials(from: body, source: "IMDS role \(role)")
    }

    /// The base URL: `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the IPv4 or IPv6 address by `..._ENDPOINT_MODE`.
    func endpoint() throws -> URL {
        let text: String
        if let custom = environment.nonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            text = custom.hasSuffix("/") ? String(custom.dropLast()) : custom
        } else {
            text = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]?.lowercased() == "ipv6"
                ? Self.ipv6Endpoint : Self.ipv4Endpoint
        }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()),
            url.host != nil
        else {
            throw AWSClientError(
                kind: .configuration, code: "InvalidEndpoint",
                message: "AWS_EC2_METADATA_SERVICE_ENDPOINT is not an http(s) URL"
            )
        }
        return url
    }

    /// One IMDS request; any answer but 200 is a failure naming the step.
    func call(
        _ method: String, _ base: URL, _ path: String, header: (name: String, value: String), what: String
    ) async throws -> Data {
        guard let url = URL(string: base.absoluteString + path) else {
            throw AWSClientError.credentialsUnavailable("cannot build the URL for \(what)")
        }
        let request = AWSHTTPRequest(method: method, url: url, headers: [header])
        let response: AWSHTTPResponse
        do {
            response = try await transport.send(request, timeout: timeout)
        } catch let error as AWSClientError {
            throw AWSClientError.credentialsUnavailable("\(what): \(error.message)")
        }
        guard response.status == 200 else {
            throw AWSClientError.credentialsUnavailable("\(what): HTTP \(response.status)", httpStatus: response.status)
        }
        return response.body
    }
}
