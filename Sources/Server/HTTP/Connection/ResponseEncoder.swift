import Foundation

/// Writes a response head and body into wire bytes (RFC 9112 §4, §6).
enum ResponseEncoder {
    /// The fields the engine owns; a handler's own values for them are dropped.
    private static let engineFields: Set<String> = ["content-length", "date", "connection", "x-request-id", "transfer-encoding"]

    /// The bytes of `response`; HEAD responses keep Content-Length but carry no body (RFC 9110 §9.3.2).
    static func encode(
        _ response: HTTPResponse,
        requestVersion: HTTPVersion,
        isHead: Bool,
        keepAlive: Bool,
        requestID: String,
        date: String
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + response.body.count)
        // RFC 9110 §6.2: a server sends its own highest minor version, HTTP/1.1.
        out.append(contentsOf: "HTTP/1.1 \(response.status.code) \(response.status.reason)\r\nDate: \(date)\r\n".utf8)
        // RFC 9110 §8.6: no Content-Length in 1xx and 204 responses (nor a body).
        let bodyless = response.status.code == 204 || response.status.code == 304 || response.status.code < 200
        if !bodyless {
            out.append(contentsOf: "Content-Length: \(response.body.count)\r\n".utf8)
        }
        for field in response.headers where !engineFields.contains(field.name.lowercased()) {
            // A CR or LF from a handler would split the response; such a field is not sent.
            guard !field.name.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }),
                  !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) else { continue }
            out.append(contentsOf: "\(field.name): \(field.value)\r\n".utf8)
        }
        out.append(contentsOf: "X-Request-Id: \(requestID)\r\n".utf8)
        // RFC 9112 §9.3: announce close; an HTTP/1.0 client only keeps alive when told so.
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if requestVersion == .http10 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if !isHead && !bodyless {
            out.append(contentsOf: response.body)
        }
        return out
    }

    /// The interim response sent when a body is about to be read (RFC 9110 §10.1.1).
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
