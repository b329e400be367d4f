import FoundationEssentials
import Platform

/// The proxies the AWS SDKs honour (AWS SDKs and Tools reference, "HTTP proxy"): `HTTPS_PROXY` for https
/// endpoints, reached through a CONNECT tunnel (RFC 9110 section 9.3.6), and `HTTP_PROXY` for plain http ones,
/// sent the request in absolute form (RFC 9112 section 3.2.2); hosts matching `NO_PROXY` go direct. Upper-case
/// names win over lower-case ones. Only `http://` proxy URLs are supported (TLS to the proxy itself is not).
struct ProxyConfiguration: Sendable, Equatable {
    /// A proxy's address.
    struct Endpoint: Hashable, Sendable {
        /// The proxy's host name or address (an IPv6 address without brackets).
        var host: String
        /// The proxy's port (the URL's, else 80).
        var port: Int
    }

    /// The proxy for https endpoints.
    var https: Endpoint?
    /// The proxy for http endpoints.
    var http: Endpoint?
    /// `NO_PROXY` entries, lower-cased: "*", a host or domain (".example.com" or "example.com" match its
    /// subdomains too), or either with ":port".
    var exclusions: [String]

    /// Reads the variables from the environment Cordon passes around; throws when a proxy URL is unusable.
    init(environment: [String: String]) throws(AWSClientError) {
        func value(_ name: String) -> String? {
            (environment[name.uppercased()] ?? environment[name]).flatMap { $0.isEmpty ? nil : $0 }
        }
        https = try value("https_proxy").map { text throws(AWSClientError) in try Self.endpoint(text, variable: "HTTPS_PROXY") }
        http = try value("http_proxy").map { text throws(AWSClientError) in try Self.endpoint(text, variable: "HTTP_PROXY") }
        exclusions = (value("no_proxy") ?? "").split(separator: ",")
            .map { $0.trimmingWhitespace().lowercased() }.filter { !$0.isEmpty }
    }

    /// The proxy a request to that origin goes through, or nil to go direct.
    func proxy(scheme: String, host: String, port: Int) -> Endpoint? {
        guard let proxy = scheme == "https" ? https : http else { return nil }
        let host = host.lowercased()
        for entry in exclusions {
            if entry == "*" { return nil }
            var name = entry
            if let colon = entry.lastIndex(of: ":"), !entry.hasSuffix("]"), entry.filter({ $0 == ":" }).count == 1 {
                guard Int(entry[entry.index(after: colon)...]) == port else { continue }
                name = String(entry[..<colon])
            }
            if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
            let domain = name.hasPrefix(".") ? String(name.dropFirst()) : name
            if host == domain || host.hasSuffix("." + domain) { return nil }
        }
        return proxy
    }

    private static func endpoint(_ text: String, variable: String) throws(AWSClientError) -> Endpoint {
        // A bare "host:port" is common in these variables; read it as http://host:port.
        let url = text.contains("://") ? text : "http://\(text)"
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == "http",
              var host = components.host, !host.isEmpty
        else {
            throw AWSClientError(kind: .configuration, code: "InvalidProxy", message: "\(variable) is not an http:// proxy URL with a host")
        }
        guard components.user == nil else {
            throw AWSClientError(kind: .configuration, code: "InvalidProxy", message: "\(variable): proxy credentials are not supported")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return Endpoint(host: host, port: components.port ?? 80)
    }
}
