/// A path pattern such as `/incidents/{id}/steps`: literal segments and `{name}` parameters.
struct RoutePattern: Sendable, Equatable, CustomStringConvertible {
    /// One segment of a pattern.
    enum Segment: Sendable, Equatable {
        /// Matches exactly this (percent-encoded) text.
        case literal(String)
        /// Matches any non-empty segment and binds it, percent-decoded, to this name.
        case parameter(String)
    }

    /// The segments between slashes.
    let segments: [Segment]
    /// The pattern as written.
    let description: String

    /// Parses a pattern; `{name}` segments become parameters.
    init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            if segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2 {
                return .parameter(String(segment.dropFirst().dropLast()))
            }
            return .literal(String(segment))
        }
    }

    /// Whether every segment is literal, so the pattern as written is the one path it matches exactly.
    var isLiteral: Bool {
        segments.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// The bound parameters if `path` matches, else nil.
    func match(_ pathSegments: [Substring]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, actual) in zip(segments, pathSegments) {
            switch segment {
            case .literal(let text):
                guard actual == text else { return nil }
            case .parameter(let name):
                parameters[name] = PercentDecoding.decode(actual, plusIsSpace: false)
            }
        }
        return parameters
    }
}
