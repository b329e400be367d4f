import Platform

extension HTTPRequestParser {
    /// RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces only.
    func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPError) -> RequestLine {
        guard let firstSpace = line.firstIndex(of: 0x20),
              let secondSpace = line[(firstSpace + 1)...].firstIndex(of: 0x20) else {
            throw .badRequest("The request line is not 'method target version'.")
        }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]
        // RFC 9110 §9.1: method = token.
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(Self.isTokenCharacter) else {
            throw .badRequest("The method is not a token.")
        }
        let method = HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self))
        // RFC 9110 §9.1: an origin server that does not recognize or implement a method SHOULD answer 501.
        guard HTTPMethod.implemented.contains(method) else {
            throw HTTPError(.notImplemented, "The method is not implemented.")
        }
        guard !targetBytes.isEmpty else { throw .badRequest("The request target is empty.") }
        // RFC 9112 §3: a server receiving a target longer than it wishes to parse answers 414.
        guard targetBytes.count <= maxTargetBytes else {
            throw HTTPError(.uriTooLong, "The request target is longer than \(maxTargetBytes) bytes.")
        }
        // RFC 3986 §2: a URI is visible ASCII; RFC 9112 §3.2 forbids whitespace inside the target.
        guard targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .badRequest("The request target holds a character that is not visible ASCII.")
        }
        return RequestLine(
            method: method,
            target: String(decoding: targetBytes, as: UTF8.self),
            version: try Self.parseVersion(versionBytes)
        )
    }

    /// RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT; a well-formed other version gets 505.
    static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> HTTPVersion {
        let start = bytes.startIndex
        guard bytes.count == 8, bytes.prefix(5).elementsEqual("HTTP/".utf8), bytes[start + 6] == UInt8(ascii: "."),
              let major = bytes[start + 5].hexDigitValue, major < 10,
              let minor = bytes[start + 7].hexDigitValue, minor < 10 else {
            throw .badRequest("The HTTP version is malformed.")
        }
        switch (major, minor) {
        case (1, 1): return .http11
        case (1, 0): return .http10
        default: throw HTTPError(.httpVersionNotSupported, "Only HTTP/1.1 and HTTP/1.0 are supported.")
        }
    }

    /// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
    static func parseFieldLine(_ line: ArraySlice<UInt8>) throws(HTTPError) -> HTTPHeaders.Field {
        // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected with 400;
        // §2.2 likewise for whitespace between the start line and the first field.
        if let first = line.first, first == 0x20 || first == 0x09 {
            throw .badRequest("Obsolete line folding is not accepted.")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw .badRequest("A header line has no colon.")
        }
        let name = line[..<colon]
        guard !name.isEmpty else { throw .badRequest("A header field name is empty.") }
        // RFC 9112 §5.1: no whitespace is allowed between the field name and colon; MUST reject with 400.
        if let last = name.last, last == 0x20 || last == 0x09 {
            throw .badRequest("Whitespace before the colon of a header field.")
        }
        guard name.allSatisfy(isTokenCharacter) else { throw .badRequest("A header field name is not a token.") }
        var value = line[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
        // RFC 9110 §5.5: NUL, CR and LF in a field value MUST be rejected; other controls are not
        // field-vchar either, so they are refused too. HTAB and obs-text (0x80-0xFF) are allowed.
        for byte in value where (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            throw .badRequest(byte == 0 ? "A header field value contains NUL." : "A header field value contains a control character.")
        }
        return HTTPHeaders.Field(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
    }

    /// RFC 9112 §7.1: chunk-size = 1*HEXDIG, then optional chunk extensions, which are ignored.
    static func parseChunkSize(_ line: ArraySlice<UInt8>) throws(HTTPError) -> Int {
        var size = 0
        var digits = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = line[index].hexDigitValue {
            // RFC 9112 §7.1: recipients MUST anticipate large sizes and guard against overflow.
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            guard !overflow, shifted <= Int.max - Int(digit) else { throw .badRequest("The chunk size overflows.") }
            size = shifted + Int(digit)
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw .badRequest("A chunk size has no hexadecimal digits.") }
        // The grammar allows BWS before ";" (RFC 9112 §7.1.1), but h11 and llhttp reject it and whitespace after
        // a chunk size is a known smuggling vector (RFC 9112 §11.2), so the extension must follow at once.
        let rest = line[index...]
        guard rest.isEmpty || rest.first == UInt8(ascii: ";") else {
            throw .badRequest("A chunk size is followed by something other than an extension.")
        }
        guard rest.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }) else {
            throw .badRequest("A chunk extension contains a control character.")
        }
        return size
    }

    /// Builds the head once the header section ends, applying the framing and Host rules.
    func makeHead(_ line: RequestLine, _ headers: HTTPHeaders) throws(HTTPError) -> HTTPRequestHead {
        // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request lacking Host, and to any
        // request with more than one Host field line.
        let hosts = headers.values("Host").count
        if hosts > 1 || (line.version == .http11 && hosts == 0) {
            throw .badRequest(hosts == 0 ? "An HTTP/1.1 request needs a Host header." : "More than one Host header.")
        }
        let (path, query) = try Self.splitTarget(line.target, method: line.method)
        return HTTPRequestHead(
            method: line.method,
            target: line.target,
            path: path,
            query: query,
            version: line.version,
            headers: headers,
            framing: try Self.framing(headers, version: line.version)
        )
    }

    /// RFC 9112 §3.2: origin-form, absolute-form (which servers MUST accept) and asterisk-form for OPTIONS.
    static func splitTarget(_ target: String, method: HTTPMethod) throws(HTTPError) -> (path: String, query: String?) {
        if target.utf8.contains(UInt8(ascii: "#")) { throw .badRequest("A request target must not contain a fragment.") }
        var rest = Substring(target)
        if target == "*" {
            guard method == .options else { throw .badRequest("Only OPTIONS may use the asterisk target.") }
            return ("*", nil)
        }
        if !target.hasPrefix("/") {
            let lower = target.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                throw .badRequest("The request target is not in origin or absolute form.")
            }
            let afterScheme = rest[rest.index(rest.startIndex, offsetBy: lower.hasPrefix("http://") ? 7 : 8)...]
            guard let pathStart = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return ("/", nil) }
            rest = afterScheme[pathStart...]
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        // Searched as UTF-8: the target is ASCII, and Character search would segment graphemes.
        guard let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (String(rest), nil) }
        return (String(rest[..<question]), String(rest[rest.utf8.index(after: question)...]))
    }

    /// RFC 9112 §6.3 and §6.1: how the body is delimited, refusing every ambiguous combination.
    static func framing(_ headers: HTTPHeaders, version: HTTPVersion) throws(HTTPError) -> BodyFraming {
        let transferCodingLines = headers.values("Transfer-Encoding")
        let lengthLines = headers.values("Content-Length")
        if !transferCodingLines.isEmpty {
            // RFC 9112 §6.1: Transfer-Encoding together with Content-Length ought to be handled as an error
            // (the classic smuggling vector); an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            guard lengthLines.isEmpty else { throw .badRequest("Both Content-Length and Transfer-Encoding are present.") }
            guard version == .http11 else { throw .badRequest("Transfer-Encoding is not allowed in HTTP/1.0.") }
            // RFC 9110 §5.6.1.2 lets recipients skip empty list elements, but for the field that frames the body
            // `chunked,` must not mean chunked here when h11 and llhttp refuse it: a framing disagreement with a
            // peer on the path is a smuggling vector (RFC 9112 §11.2).
            let rawElements = transferCodingLines.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            guard !rawElements.contains(where: { $0.trimmingHTTPWhitespace().isEmpty }) else {
                throw .badRequest("Transfer-Encoding has an empty list element.")
            }
            let codings = headers.listElements("Transfer-Encoding").map { $0.lowercased() }
            // RFC 9112 §6.3 item 4: if chunked is not the final coding of a request, respond 400 and close.
            guard codings.last == "chunked" else { throw .badRequest("Chunked is not the final transfer coding.") }
            // RFC 9112 §7: chunked MUST NOT be applied more than once.
            guard codings.filter({ $0 == "chunked" }).count == 1 else { throw .badRequest("Chunked is applied more than once.") }
            // RFC 9112 §6.1: a transfer coding the server does not understand SHOULD get 501.
            if let unknown = codings.first(where: { $0 != "chunked" }) {
                throw HTTPError(.notImplemented, "The transfer coding '\(unknown)' is not supported.")
            }
            return .chunked
        }
        guard !lengthLines.isEmpty else { return .none }
        // RFC 9110 §8.6: a recipient of a repeated or list Content-Length MAY reject it or, when the values are
        // identical, use one. Cordon rejects (as llhttp does): accepting `5, 5` while a peer on the path refuses or
        // reads it otherwise is a framing disagreement, and no conforming sender repeats the field.
        guard lengthLines.count == 1, let text = lengthLines.first, !text.utf8.contains(UInt8(ascii: ",")) else {
            throw .badRequest("Content-Length is repeated.")
        }
        // RFC 9112 §6.3 item 5: Content-Length = 1*DIGIT; anything else is an unrecoverable framing error.
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let length = Int(text) else {
            throw .badRequest("Content-Length is not a valid non-negative integer.")
        }
        return .length(length)
    }

    /// RFC 9110 §5.6.2: tchar.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
