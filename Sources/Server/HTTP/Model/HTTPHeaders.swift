/// Header fields in the order received, with case-insensitive lookup (RFC 9110 §5.1: names are case-insensitive).
struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field line: its name as sent and its value with surrounding whitespace removed.
    struct Field: Sendable, Equatable {
        /// The field name as sent.
        let name: String
        /// The field value.
        let value: String
    }

    private(set) var fields: [Field] = []

    /// An empty header section.
    init() {}

    /// Headers from literal pairs, in order.
    init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The number of field lines.
    var count: Int { fields.count }

    /// Appends a field line, keeping any earlier ones of the same name.
    mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field named `name` with one line holding `value`.
    mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append(Field(name: name, value: value))
    }

    /// Removes every field named `name`.
    mutating func remove(_ name: String) {
        fields.removeAll { Self.equalsIgnoringCase($0.name, name) }
    }

    /// The first value of the field `name`, or nil.
    subscript(_ name: String) -> String? {
        fields.first { Self.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Every value of the field `name`, in order.
    func values(_ name: String) -> [String] {
        fields.filter { Self.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// The comma-separated list elements of every `name` field, trimmed and without empty elements
    /// (RFC 9110 §5.6.1: recipients ignore empty list elements; §5.3: repeated fields join with commas).
    func listElements(_ name: String) -> [Substring] {
        values(name).flatMap { value in
            value.split(separator: ",").map { $0.trimmingHTTPWhitespace() }.filter { !$0.isEmpty }
        }
    }

    /// Whether the list field `name` holds `token`, compared case-insensitively (e.g. `Connection: close`).
    func containsToken(_ name: String, _ token: String) -> Bool {
        listElements(name).contains { Self.equalsIgnoringCase(String($0), token) }
    }

    /// Iterates the fields in order.
    func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// ASCII case-insensitive comparison; field names and tokens are ASCII (RFC 9110 §5.6.2).
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8, right = rhs.utf8
        guard left.count == right.count else { return false }
        for (l, r) in zip(left, right) where l != r {
            if (l | 0x20) != (r | 0x20) || !((l | 0x20) >= 0x61 && (l | 0x20) <= 0x7A) { return false }
        }
        return true
    }
}

extension Substring {
    /// The substring without leading and trailing SP and HTAB (RFC 9110 §5.6.3 OWS).
    func trimmingHTTPWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
