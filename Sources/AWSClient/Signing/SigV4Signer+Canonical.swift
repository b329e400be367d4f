import FoundationEssentials

extension SigV4Signer {
    /// The algorithm name written in the string to sign and the Authorization header.
    static let algorithm = "AWS4-HMAC-SHA256"

    /// Headers never signed: hop-by-hop or rewritten by proxies and HTTP clients, or the signature itself
    /// (the same list as the AWS SDKs' signers, e.g. aws-c-auth's skipped headers).
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "transfer-encoding", "user-agent", "x-amzn-trace-id",
    ]

    /// Signs for the Authorization header; returns the request's headers with the SigV4 ones added.
    func headerSignature(
        method: String, path: String, query: String?, headers: [(name: String, value: String)],
        body: Data, date: Date
    ) -> (headers: [(name: String, value: String)], steps: SigV4Steps) {
        let time = AMZDate(date)
        var signedInput = headers.filter { !Self.isSigV4Header($0.name) }
        signedInput.append(("X-Amz-Date", time.timestamp))
        if let token = credentials.sessionToken, options.signSessionToken {
            signedInput.append(("X-Amz-Security-Token", token))
        }
        let payloadHash = payloadHash(headers: headers, body: body)
        if options.addContentHashHeader && !headers.contains(where: { $0.name.lowercased() == "x-amz-content-sha256" }) {
            signedInput.append(("x-amz-content-sha256", payloadHash))
        }
        let steps = computeSteps(
            method: method, path: path, query: query, headers: signedInput, payloadHash: payloadHash, time: time
        )
        var output = signedInput
        if let token = credentials.sessionToken, !options.signSessionToken {
            output.append(("X-Amz-Security-Token", token))
        }
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope(time)), "
            + "SignedHeaders=\(steps.signedHeaders), Signature=\(steps.signature)"
        output.append(("Authorization", authorization))
        return (output, steps)
    }

    /// Signs for the query string ("presigning"); returns the full percent-encoded query to send.
    func querySignature(
        method: String, path: String, query: String?, headers: [(name: String, value: String)],
        body: Data, date: Date, expires: Int
    ) -> (query: String, steps: SigV4Steps) {
        let time = AMZDate(date)
        let signed = headers.filter { !Self.isSigV4Header($0.name) }
        var authQuery = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope(time))"),
            ("X-Amz-Date", time.timestamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", Self.canonicalHeaders(signed).names),
        ]
        if let token = credentials.sessionToken, options.signSessionToken {
            authQuery.append(("X-Amz-Security-Token", token))
        }
        let encoded = authQuery.map { Self.uriEncode($0.0) + "=" + Self.uriEncode($0.1) }.joined(separator: "&")
        let queryToSign = [query, encoded].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: "&")
        let steps = computeSteps(
            method: method, path: path, query: queryToSign, headers: signed,
            payloadHash: payloadHash(headers: headers, body: body), time: time
        )
        var finalQuery = queryToSign
        if let token = credentials.sessionToken, !options.signSessionToken {
            finalQuery += "&X-Amz-Security-Token=" + Self.uriEncode(token)
        }
        finalQuery += "&X-Amz-Signature=" + steps.signature
        return (finalQuery, steps)
    }

    /// Tasks 1 to 4 of SigV4: canonical request, string to sign, signing key, signature.
    func computeSteps(
        method: String, path: String, query: String?, headers: [(name: String, value: String)],
        payloadHash: String, time: AMZDate
    ) -> SigV4Steps {
        let canonicalHeaders = Self.canonicalHeaders(headers)
        let canonicalRequest = [
            method.uppercased(),
            canonicalPath(path),
            Self.canonicalQuery(query),
            canonicalHeaders.block,
            canonicalHeaders.names,
            payloadHash,
        ].joined(separator: "\n")
        let stringToSign = [
            Self.algorithm, time.timestamp, scope(time), SHA256(canonicalRequest).hexDigest,
        ].joined(separator: "\n")
        let signature = HMACSHA256(key: signingKey(day: time.day), message: stringToSign).hexCode
        return SigV4Steps(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign,
            signature: signature, signedHeaders: canonicalHeaders.names
        )
    }

    /// Task 3: derives the signing key from the secret through the scope's date, region and service.
    func signingKey(day: String) -> Data {
        let dateKey = HMACSHA256(key: Data("AWS4\(credentials.secretAccessKey)".utf8), message: day).code
        let regionKey = HMACSHA256(key: dateKey, message: region).code
        let serviceKey = HMACSHA256(key: regionKey, message: service).code
        return HMACSHA256(key: serviceKey, message: "aws4_request").code
    }

    /// The credential scope, `day/region/service/aws4_request`.
    func scope(_ time: AMZDate) -> String {
        "\(time.day)/\(region)/\(service)/aws4_request"
    }

    /// The payload hash: a caller-provided `x-amz-content-sha256` (e.g. UNSIGNED-PAYLOAD), else SHA-256 of the body.
    func payloadHash(headers: [(name: String, value: String)], body: Data) -> String {
        headers.first { $0.name.lowercased() == "x-amz-content-sha256" }?.value ?? SHA256(body).hexDigest
    }

    /// The canonical URI: the path as sent (percent-encoded), normalized (RFC 3986 5.2.4) unless disabled,
    /// then URI-encoded again, e.g. `/a%20b` signs as `/a%2520b` (SigV4 task 1, CanonicalURI).
    func canonicalPath(_ path: String) -> String {
        let normalized = options.normalizePath ? Self.normalize(path) : path
        return Self.uriEncode(normalized.isEmpty ? "/" : normalized, keepingSlashes: true)
    }

    /// Whether the header is one the signer itself sets, so a re-signed request never signs a stale copy.
    static func isSigV4Header(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "authorization" || lower == "x-amz-date" || lower == "x-amz-security-token"
    }

    /// Removes `.` and `..` segments and empty segments, keeping a trailing slash.
    static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            switch part {
            case "", ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(part)
            }
        }
        let trailing = parts.count > 1 && (parts.last == "" || parts.last == "." || parts.last == "..")
        let joined = "/" + segments.joined(separator: "/")
        return trailing && !segments.isEmpty ? joined + "/" : joined
    }

    /// The canonical query: each name and value decoded then re-encoded, pairs sorted by name then value.
    static func canonicalQuery(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            // A malformed escape is signed as sent, encoded, rather than dropped.
            return (
                uriEncode(QueryParameters.percentDecode(name) ?? name),
                uriEncode(QueryParameters.percentDecode(value) ?? value)
            )
        }
        // Sorting is by code point of the encoded strings, i.e. byte order (all ASCII after encoding).
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// The canonical headers block (with its trailing newline) and the signed-headers list.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, names: String) {
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            if unsignedHeaders.contains(name) { continue }
            values[name, default: []].append(trimmed(header.value))
        }
        let names = values.keys.sorted()
        // Repeated headers join with commas in the order they were sent (SigV4 task 1, CanonicalHeaders).
        let block = names.map { "\($0):\(values[$0, default: []].joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// Trims the value and collapses runs of whitespace (including folded lines) to one space.
    static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline })
            .joined(separator: " ")
    }

    /// URI-encodes per SigV4: every byte but the RFC 3986 unreserved set as `%XX` in upper case.
    static func uriEncode(_ text: String, keepingSlashes: Bool = false) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            case UInt8(ascii: "/") where keepingSlashes:
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
