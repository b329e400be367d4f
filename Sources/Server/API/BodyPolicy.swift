/// What one route accepts as a request body, checked from the head alone in the router's pre-body hook, so a
/// client that sent `Expect: 100-continue` gets its 413 or 415 before it uploads anything (RFC 9110 §10.1.1).
struct BodyPolicy: Sendable {
    /// Builds the refusal in the route's own error format (problem+json, or Firehose's body).
    typealias Refusal = @Sendable (HTTPRequestHead, HTTPStatus, String) -> HTTPResponse

    /// The method the policy applies to.
    let method: HTTPMethod
    /// The route pattern the policy applies to.
    let pattern: RoutePattern
    /// The largest body accepted, as sent on the wire.
    let maxBytes: Int
    /// Whether `text/plain` is accepted as JSON: Splunk's webhook alert action sends JSON under that type.
    let acceptsTextPlain: Bool
    /// Makes the refusal response.
    let refusal: Refusal

    /// A policy for `method` on `pattern`.
    init(_ method: HTTPMethod, _ pattern: String, maxBytes: Int, acceptsTextPlain: Bool = false,
         refusal: @escaping Refusal = { _, status, detail in .problem(status, detail: detail) }) {
        self.method = method
        self.pattern = RoutePattern(pattern)
        self.maxBytes = maxBytes
        self.acceptsTextPlain = acceptsTextPlain
        self.refusal = refusal
    }

    /// Whether the policy covers this request line.
    func applies(to head: HTTPRequestHead) -> Bool {
        head.method == method && pattern.match(head.path.split(separator: "/", omittingEmptySubsequences: true)) != nil
    }

    /// Admits the head, or refuses it with 415 (a media type that is not JSON, RFC 9110 §15.5.16) or 413 (a
    /// `Content-Length` over the limit, RFC 9110 §15.5.14). A chunked body is capped by the engine as it arrives.
    func admit(_ head: HTTPRequestHead) -> HTTPAdmission {
        if let contentType = head.headers["Content-Type"], !acceptsMediaType(contentType) {
            let accepted = acceptsTextPlain ? "application/json, application/*+json or text/plain" : "application/json or application/*+json"
            return .refuse(refusal(head, .unsupportedMediaType, "Content-Type \(contentType) is not accepted here; send \(accepted)."))
        }
        if case .length(let length) = head.framing, length > maxBytes {
            return .refuse(refusal(head, .contentTooLarge, "The body is \(length) bytes; this endpoint accepts at most \(maxBytes)."))
        }
        return .proceed(maxBodyBytes: maxBytes)
    }

    /// RFC 9110 §8.3.1: the media type is case-insensitive and parameters (`charset`) follow a `;`. An empty
    /// value is treated like a missing one; `application/*+json` is the structured syntax suffix of RFC 6839 §3.1.
    private func acceptsMediaType(_ value: String) -> Bool {
        let mediaType = (value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingHTTPWhitespace().lowercased()
        if mediaType.isEmpty || mediaType == "application/json" { return true }
        if acceptsTextPlain && mediaType == "text/plain" { return true }
        return mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json") && mediaType.count > "application/+json".count
    }
}
