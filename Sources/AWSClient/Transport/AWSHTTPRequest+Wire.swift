import FoundationEssentials

extension AWSHTTPRequest {
    /// The origin the request goes to, and the proxy on the way; throws when the URL is not http(s) with a host.
    func connectionKey(proxies: ProxyConfiguration) throws(AWSClientError) -> ConnectionPool.Key {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = components.host, !host.isEmpty
        else {
            throw AWSClientError(kind: .configuration, code: "InvalidEndpoint", message: "not an http(s) URL with a host: \(url.absoluteString)")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return ConnectionPool.Key(scheme: scheme, host: host, port: port, proxy: proxies.proxy(scheme: scheme, host: host, port: port))
    }

    /// The request as sent (RFC 9112 sections 3 and 6): the origin-form target and Host exactly as SigV4 signed
    /// them (`RequestTarget`: the scheme's default port omitted), the other headers in order, Content-Length, and
    /// the body; to an http proxy, the target in absolute form (RFC 9112 section 3.2.2). Throws when a header
    /// would break the message apart (CR, LF or NUL: RFC 9110 section 5.5).
    func wireBytes(absoluteForm: Bool = false) throws(AWSClientError) -> [UInt8] {
        let target = RequestTarget(url: url)
        let host = header("Host") ?? target.host
        let origin = absoluteForm ? "http://\(host)" : ""
        var head = "\(method) \(origin)\(target.path)\(target.query.map { "?\($0)" } ?? "") HTTP/1.1\r\n"
        head += "Host: \(host)\r\n"
        // The transport frames the body itself; a caller's framing headers could contradict it.
        let framing: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]
        for field in headers where !framing.contains(field.name.lowercased()) {
            head += "\(field.name): \(field.value)\r\n"
        }
        // RFC 9110 section 8.6: no Content-Length on a bodiless request whose method does not expect one.
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method.uppercased()) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        let forbidden: Set<UInt8> = [0, 10, 13]
        let checked = headers.map { "\($0.name)\($0.value)" }.joined() + method + host + target.path + (target.query ?? "")
        guard !checked.utf8.contains(where: forbidden.contains) else {
            throw AWSClientError(kind: .configuration, code: "InvalidRequest", message: "a request line or header holds CR, LF or NUL")
        }
        return Array(head.utf8) + body
    }
}
