/// A compiled `Rule.kinds` entry: exact, prefix (`Foo*`) or glob (`*` any run, `?` one character).
struct KindPattern: Sendable, Equatable {
    private enum Form: Sendable, Equatable {
        case exact(String)
        case prefix(String)
        case glob([Character])
    }

    private let form: Form

    /// Compiles `pattern`.
    init(_ pattern: String) {
        let stars = pattern.filter { $0 == "*" }.count
        if !pattern.contains("?"), stars == 0 {
            form = .exact(pattern)
        } else if !pattern.contains("?"), stars == 1, pattern.hasSuffix("*") {
            form = .prefix(String(pattern.dropLast()))
        } else {
            form = .glob(Array(pattern))
        }
    }

    /// True when `kind` matches.
    func matches(_ kind: String) -> Bool {
        switch form {
        case .exact(let text): return kind == text
        case .prefix(let text): return kind.hasPrefix(text)
        case .glob(let pattern): return Self.glob(pattern, Array(kind))
        }
    }

    /// Iterative wildcard match with single-star backtracking: linear in practice, no recursion to exhaust.
    private static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0
        var starAt = -1, resumeAt = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                starAt = p
                resumeAt = t
                p += 1
            } else if starAt >= 0 {
                p = starAt + 1
                resumeAt += 1
                t = resumeAt
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
