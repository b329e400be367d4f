import FoundationEssentials

/// Resolves a service's endpoint for a region: the standard regional or global hostname, or an override from
/// `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` (AWS SDKs reference, "Service-specific endpoints").
public struct EndpointResolver: Sendable {
    /// The process environment, passed in.
    public let environment: [String: String]

    /// Creates a resolver over `environment`.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The endpoint of `service` in `region`; a malformed override or region is a `.configuration` error.
    public func endpoint(for service: AWSService, region: String) throws -> AWSEndpoint {
        try RegionResolver.validate(region, source: "region")
        if let (variable, text) = override(for: service) {
            // A custom endpoint signs with the configured region, as the SDKs' endpoint rules do.
            return AWSEndpoint(
                url: try Self.parseOverride(text, variable: variable), signingRegion: region,
                signingName: service.signingName
            )
        }
        let partition = AWSPartition(region: region)
        if service == .iam {
            let iam = partition.iamEndpoint
            return try standard(host: iam.host, signingRegion: iam.signingRegion, service: service)
        }
        // STS resolves regionally, the SDKs' default since 2024 (`sts_regional_endpoints = regional`).
        return try standard(
            host: "\(service.endpointPrefix).\(region).\(partition.dnsSuffix)", signingRegion: region, service: service
        )
    }

    /// The override variable and value in force: the service-specific one wins over the global one,
    /// and `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns both off.
    func override(for service: AWSService) -> (variable: String, value: String)? {
        if environment.isTrue("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") { return nil }
        let specific = "AWS_ENDPOINT_URL_" + service.endpointVariableSuffix
        if let value = environment.nonEmpty(specific) { return (specific, value) }
        if let value = environment.nonEmpty("AWS_ENDPOINT_URL") { return ("AWS_ENDPOINT_URL", value) }
        return nil
    }

    /// An https URL for a standard hostname.
    func standard(host: String, signingRegion: String, service: AWSService) throws -> AWSEndpoint {
        guard let url = URL(string: "https://\(host)") else {
            throw AWSClientError(kind: .configuration, code: "InvalidEndpoint", message: "cannot form an endpoint from \(host)")
        }
        return AWSEndpoint(url: url, signingRegion: signingRegion, signingName: service.signingName)
    }

    /// An override must be an absolute http(s) URL with a host and no query, fragment or credentials.
    static func parseOverride(_ text: String, variable: String) throws -> URL {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil,
            let url = components.url
        else {
            throw AWSClientError(
                kind: .configuration, code: "InvalidEndpointOverride",
                message: "\(variable) is not an absolute http(s) URL with a host and no query"
            )
        }
        return url
    }
}
