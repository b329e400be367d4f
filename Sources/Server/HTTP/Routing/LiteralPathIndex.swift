/// The answers of a first-match scan over route patterns, worked out in advance for the paths that are a literal
/// pattern as written (`/healthz`, `/v1/events`) and every routed method plus HEAD, so the usual request costs one
/// hash lookup instead of splitting its path and matching every pattern. The answers come from the scan itself, so
/// they are the ones a scan would give whatever the registration order (a parameter pattern added earlier still
/// wins over a later literal one). The router and the permission table each keep one.
struct LiteralPathIndex<Answer: Sendable>: Sendable {
    private let answers: [String: [HTTPMethod: Answer]]

    /// Indexes the literal ones among `patterns` (each with the method it is registered for), asking `scan`.
    init(_ patterns: [(method: HTTPMethod, pattern: RoutePattern)], scan: (HTTPMethod, String) -> Answer) {
        var methods: Set<HTTPMethod> = [.head]
        for entry in patterns { methods.insert(entry.method) }
        var answers: [String: [HTTPMethod: Answer]] = [:]
        for entry in patterns where entry.pattern.isLiteral {
            let path = entry.pattern.description
            for method in methods { answers[path, default: [:]][method] = scan(method, path) }
        }
        self.answers = answers
    }

    /// The scan's answer for `method` on `path`, if the path was indexed; nil means "scan".
    func answer(_ method: HTTPMethod, path: String) -> Answer? {
        answers[path]?[method]
    }
}
