import FoundationEssentials

/// Writes a response head and body into wire bytes (RFC 9112 §4, §6).
enum ResponseEncoder {
    /// The fields the engine owns; a handler's own values for them are dropped.
    private static let engineFields = ["Content-Length", "Date", "Connection", "X-Request-Id", "Transfer-Encoding"]

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
        out.reserveCapacity(192 + response.body.count)
        // RFC 9110 §6.2: a server sends its own highest minor version, HTTP/1.1.
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(response.status.code, to: &out)
        out.append(0x20)
        out.append(contentsOf: response.status.reason.utf8)
        out.append(contentsOf: "\r\nDate: ".utf8)
        out.append(contentsOf: date.utf8)
        // RFC 9110 §8.6: no Content-Length in 1xx and 204 responses (nor a body); 304 has none here either.
        let bodyless = response.status.code == 204 || response.status.code == 304 || response.status.code < 200
        if !bodyless {
            out.append(contentsOf: "\r\nContent-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
        }
        for field in response.headers where !engineFields.contains(where: { HTTPHeaders.equalsIgnoringCase($0, field.name) }) {
            // A CR or LF from a handler would split the response; such a field is not sent.
            guard !field.name.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }),
                  !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) else { continue }
            out.append(contentsOf: "\r\n".utf8)
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
        }
        out.append(contentsOf: "\r\nX-Request-Id: ".utf8)
        out.append(contentsOf: requestID.utf8)
        // RFC 9112 §9.3: announce close; an HTTP/1.0 client only keeps alive when told so.
        if !keepAlive {
            out.append(contentsOf: "\r\nConnection: close".utf8)
        } else if requestVersion == .http10 {
            out.append(contentsOf: "\r\nConnection: keep-alive".utf8)
        }
        out.append(contentsOf: "\r\n\r\n".utf8)
        if !isHead && !bodyless {
            out.append(contentsOf: response.body)
        }
        return out
    }

    /// Appends a non-negative integer in decimal without building a String.
    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value >= 10 else {
            out.append(UInt8(ascii: "0") + UInt8(max(0, value)))
            return
        }
        appendDecimal(value / 10, to: &out)
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// The interim response sent when a body is about to be read (RFC 9110 §10.1.1).
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
