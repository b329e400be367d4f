import FoundationEssentials
import Platform

/// Parses one HTTP/1.1 response from bytes as they arrive (RFC 9112); it never touches a socket.
///
/// Strict and bounded, because whatever answers may be hostile (a MITM, a broken proxy): every framing rule that
/// could desynchronise a kept-alive connection is an error, never a guess. Interim 1xx responses are skipped.
struct HTTPResponseParser {
    /// What one response may hold.
    struct Limits: Sendable, Equatable {
        /// The status line, header fields and the blank line, and separately the trailer section.
        var maxHeaderBytes = 64 * 1024
        /// Header fields of the response (and, separately, trailer fields).
        var maxHeaderFields = 200
        /// The body. AWS Query responses are XML pages: a DescribeInstances page of 1,000 instances is some
        /// tens of MB at most, and the STS, IAM and IMDS answers are kilobytes; 64 MiB leaves room for that
        /// while bounding what a hostile endpoint can make each concurrent call hold in memory.
        var maxBodyBytes = 64 * 1024 * 1024
        /// One chunk-size line, extensions included.
        var maxChunkLineBytes = 4 * 1024
    }

    /// What `parse()` found.
    enum Progress {
        /// More bytes are needed.
        case needMore
        /// The response is complete; `reusable` says whether the connection may carry another request.
        case complete(AWSHTTPResponse, reusable: Bool)
    }

    /// The parsed status line and header section.
    struct Head {
        var version: String
        var status: Int
        var fields: [(name: String, value: String)]

        /// Every value of the named field, comma-separated lists split (RFC 9110 section 5.3).
        func values(_ name: String) -> [String] {
            fields.filter { $0.name == name }.flatMap { $0.value.split(separator: ",") }
                .map { $0.trimmingWhitespace() }
        }
    }

    private enum State {
        case head
        case fixed(Head, remaining: Int)
        case chunkSize(Head)
        case chunkData(Head, remaining: Int)
        case chunkDataEnd(Head)
        case trailers(Head, fields: Int, bytes: Int)
        case untilClose(Head)
        case done
    }

    private let isHeadRequest: Bool
    private let isConnectRequest: Bool
    private let limits: Limits
    private var buffer: [UInt8] = []
    private var cursor = 0
    private var body: [UInt8] = []
    private var state = State.head

    /// A parser for the response to a request with that method (a HEAD response, and a CONNECT's 2xx, have no body).
    init(requestMethod: String, limits: Limits = Limits()) {
        isHeadRequest = requestMethod.uppercased() == "HEAD"
        isConnectRequest = requestMethod.uppercased() == "CONNECT"
        self.limits = limits
    }

    /// Adds received bytes.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if cursor > 0 && cursor >= buffer.count / 2 {
            buffer.removeFirst(cursor)
            cursor = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Parses as far as the bytes allow.
    mutating func parse() throws(AWSClientError) -> Progress {
        while true {
            switch state {
            case .head:
                guard let head = try parseHead() else { return .needMore }
                if (100..<200).contains(head.status) {
                    // RFC 9112 section 4 / RFC 9110 section 15.2: interim responses precede the final one.
                    // 101 would switch protocols, which Cordon never asks for.
                    if head.status == 101 { throw Self.bad("101 Switching Protocols was not asked for") }
                    continue
                }
                state = try framing(of: head)
            case .fixed(let head, let remaining):
                let take = takeBody(upTo: remaining)
                guard take == remaining else {
                    state = .fixed(head, remaining: remaining - take)
                    return .needMore
                }
                return complete(head, reusable: true)
            case .chunkSize(let head):
                guard let size = try parseChunkSize() else { return .needMore }
                if size == 0 {
                    state = .trailers(head, fields: 0, bytes: 0)
                } else {
                    guard size <= limits.maxBodyBytes - body.count else { throw bodyTooLarge() }
                    state = .chunkData(head, remaining: size)
                }
            case .chunkData(let head, let remaining):
                let take = takeBody(upTo: remaining)
                guard take == remaining else {
                    state = .chunkData(head, remaining: remaining - take)
                    return .needMore
                }
                state = .chunkDataEnd(head)
            case .chunkDataEnd(let head):
                // RFC 9112 section 7.1: chunk-data is followed by CRLF.
                guard buffer.count - cursor >= 2 else { return .needMore }
                guard buffer[cursor] == 13 && buffer[cursor + 1] == 10 else { throw Self.bad("chunk data not followed by CRLF") }
                cursor += 2
                state = .chunkSize(head)
            case .trailers(let head, let fields, let bytes):
                // RFC 9112 section 7.1.2: trailer fields are read and dropped; Cordon needs none of them.
                guard let line = try nextLine(limit: limits.maxHeaderBytes - bytes, what: "trailer section") else {
                    return .needMore
                }
                if line.isEmpty { return complete(head, reusable: true) }
                _ = try Self.field(line)
                guard fields < limits.maxHeaderFields else { throw Self.bad("more than \(limits.maxHeaderFields) trailer fields") }
                state = .trailers(head, fields: fields + 1, bytes: bytes + line.count + 2)
            case .untilClose:
                body.append(contentsOf: buffer[cursor...])
                cursor = buffer.count
                guard body.count <= limits.maxBodyBytes else { throw bodyTooLarge() }
                return .needMore
            case .done:
                throw Self.bad("bytes after a complete response")
            }
        }
    }

    /// The peer closed the connection: completes a close-delimited body, or fails a truncated response.
    mutating func finish() throws(AWSClientError) -> AWSHTTPResponse {
        switch state {
        case .untilClose(let head):
            state = .done
            return response(head)
        case .head:
            throw Self.bad(buffer.count == cursor ? "connection closed before any response" : "connection closed inside the header section")
        default:
            throw Self.bad("connection closed before the body was complete")
        }
    }

    /// Whether any byte of a response has arrived (a pooled connection that fails before that may be retried).
    var hasReceivedBytes: Bool { !buffer.isEmpty }

    /// Moves up to `remaining` buffered bytes into the body; returns how many it moved.
    private mutating func takeBody(upTo remaining: Int) -> Int {
        let take = min(remaining, buffer.count - cursor)
        body.append(contentsOf: buffer[cursor..<(cursor + take)])
        cursor += take
        return take
    }

    private mutating func complete(_ head: Head, reusable: Bool) -> Progress {
        state = .done
        // RFC 9112 section 9.3: HTTP/1.1 persists unless "close"; Cordon does not keep HTTP/1.0 connections.
        let persistent = head.version == "HTTP/1.1" && !head.values("connection").contains { $0.lowercased() == "close" }
        return .complete(response(head), reusable: reusable && persistent && cursor == buffer.count)
    }

    private func response(_ head: Head) -> AWSHTTPResponse {
        var headers: [String: String] = [:]
        for field in head.fields {
            // RFC 9110 section 5.3: repeated fields combine into one comma-separated value.
            headers[field.name] = headers[field.name].map { "\($0), \(field.value)" } ?? field.value
        }
        return AWSHTTPResponse(status: head.status, headers: headers, body: Data(body))
    }

    /// How the body is delimited (RFC 9112 section 6.3).
    private func framing(of head: Head) throws(AWSClientError) -> State {
        // RFC 9110 section 9.3.6: after a 2xx answer to CONNECT the connection is a tunnel; no body.
        if isHeadRequest || head.status == 204 || head.status == 304 || (isConnectRequest && (200..<300).contains(head.status)) {
            return .fixed(head, remaining: 0)
        }
        let encodings = head.values("transfer-encoding")
        let lengths = head.values("content-length")
        if !encodings.isEmpty {
            // Both present is how responses are smuggled past a proxy (RFC 9112 section 6.3, item 3): refuse it.
            guard lengths.isEmpty else { throw Self.bad("both Transfer-Encoding and Content-Length") }
            // Cordon sends no TE, so chunked is the only coding a server may apply (RFC 9112 section 7.4).
            guard encodings.count == 1, encodings[0].lowercased() == "chunked" else {
                throw Self.bad("unsupported Transfer-Encoding \(encodings.joined(separator: ", "))")
            }
            return .chunkSize(head)
        }
        if let first = lengths.first {
            // RFC 9110 section 8.6: repeated values must all be the same valid number.
            guard lengths.allSatisfy({ $0 == first }) else { throw Self.bad("conflicting Content-Length values") }
            guard !first.isEmpty, first.count <= 18, first.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(first) else {
                throw Self.bad("invalid Content-Length \(first.prefix(40))")
            }
            guard length <= limits.maxBodyBytes else { throw bodyTooLarge() }
            return .fixed(head, remaining: length)
        }
        return .untilClose(head)
    }

    /// The status line and header fields, once the blank line that ends them has arrived.
    private mutating func parseHead() throws(AWSClientError) -> Head? {
        let start = cursor
        guard let statusLine = try nextLine(limit: limits.maxHeaderBytes, what: "header section") else { return nil }
        var fields: [(name: String, value: String)] = []
        while true {
            guard let line = try nextLine(limit: limits.maxHeaderBytes - (cursor - start), what: "header section") else {
                cursor = start
                return nil
            }
            if line.isEmpty { break }
            guard fields.count < limits.maxHeaderFields else { throw Self.bad("more than \(limits.maxHeaderFields) header fields") }
            fields.append(try Self.field(line))
        }
        let (version, status) = try Self.statusLine(statusLine)
        return Head(version: version, status: status, fields: fields)
    }

    /// The next CRLF-terminated line without its CRLF; nil until it is complete. Bare CR or LF is an error.
    private mutating func nextLine(limit: Int, what: String) throws(AWSClientError) -> ArraySlice<UInt8>? {
        var index = cursor
        while index < buffer.count {
            let byte = buffer[index]
            if byte == 10 { throw Self.bad("bare LF in the \(what)") }
            if byte == 13 {
                guard index + 1 < buffer.count else { break }
                guard buffer[index + 1] == 10 else { throw Self.bad("bare CR in the \(what)") }
                let line = buffer[cursor..<index]
                cursor = index + 2
                return line
            }
            index += 1
            if index - cursor > limit { throw Self.bad("\(what) exceeds \(limits.maxHeaderBytes / 1024) KiB") }
        }
        if buffer.count - cursor > limit { throw Self.bad("\(what) exceeds \(limits.maxHeaderBytes / 1024) KiB") }
        return nil
    }

    /// `chunk-size [ chunk-ext ] CRLF` (RFC 9112 section 7.1); extensions are checked for stray bytes and ignored.
    private mutating func parseChunkSize() throws(AWSClientError) -> Int? {
        guard let line = try nextLine(limit: limits.maxChunkLineBytes, what: "chunk-size line") else { return nil }
        var size = 0
        var digits = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = line[index].hexDigitValue.map(Int.init) {
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            guard !overflow, shifted <= Int.max - digit else { throw Self.bad("chunk size overflows") }
            size = shifted + digit
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw Self.bad("invalid chunk size \(Self.printable(line))") }
        let rest = line[index...]
        let trimmed = rest.drop { $0 == 32 || $0 == 9 }
        guard trimmed.isEmpty || trimmed.first == 59 else { throw Self.bad("invalid chunk size \(Self.printable(line))") }
        guard rest.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else { throw Self.bad("control byte in a chunk extension") }
        return size
    }

    /// `HTTP/1.x SP 3DIGIT SP [ reason ]` (RFC 9112 section 4).
    private static func statusLine(_ line: ArraySlice<UInt8>) throws(AWSClientError) -> (String, Int) {
        let text = String(decoding: line, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
              parts[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let status = Int(parts[1]), (100...599).contains(status)
        else { throw bad("malformed status line \(printable(line))") }
        guard line.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) || $0 >= 128 }) else {
            throw bad("control byte in the status line")
        }
        return (String(parts[0]), status)
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 section 5); the name is lower-cased.
    private static func field(_ line: ArraySlice<UInt8>) throws(AWSClientError) -> (name: String, value: String) {
        // RFC 9112 section 5.2: obsolete line folding; a client may reject it, and Cordon does.
        if line.first == 32 || line.first == 9 { throw bad("obsolete line folding in a header field") }
        guard let colon = line.firstIndex(of: 58) else { throw bad("header field without a colon: \(printable(line))") }
        let name = line[line.startIndex..<colon]
        // RFC 9110 section 5.1: a token; whitespace before the colon is rejected (RFC 9112 section 5.1).
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw bad("invalid header field name \(printable(name))") }
        let value = line[(colon + 1)...]
        // RFC 9110 section 5.5: no CR, LF or NUL (and no other control byte but HTAB) in a field value.
        guard value.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) || $0 >= 128 }) else {
            throw bad("control byte in header field \(String(decoding: name, as: UTF8.self))")
        }
        // RFC 9110 section 5.5: OWS (SP and HTAB only) around the value is not part of it.
        var text = value[...]
        while let first = text.first, first == 32 || first == 9 { text.removeFirst() }
        while let last = text.last, last == 32 || last == 9 { text.removeLast() }
        return (String(decoding: name, as: UTF8.self).lowercased(), String(decoding: text, as: UTF8.self))
    }

    /// RFC 9110 section 5.6.2: tchar.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// At most 40 bytes of what arrived, safe to put in a log line.
    private static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix(40).map { $0 >= 32 && $0 < 127 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    private func bodyTooLarge() -> AWSClientError {
        Self.bad("body exceeds \(limits.maxBodyBytes / (1024 * 1024)) MiB")
    }

    private static func bad(_ what: String) -> AWSClientError {
        .connectionFailed("bad HTTP response: \(what)")
    }
}
