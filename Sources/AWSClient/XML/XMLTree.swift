import FoundationEssentials

/// A parsed XML element: its name, its text, and its child elements, in document order.
///
/// AWS's Query and EC2 protocols answer with plain, namespace-default XML, so a small element tree
/// plus typed accessors is all the decoding needs.
public struct XMLTree: Sendable, Equatable {
    /// The element's local name (any namespace prefix removed).
    public var name: String
    /// The element's character data, trimmed of surrounding whitespace.
    public var text: String
    /// The child elements in document order.
    public var elements: [XMLTree]

    /// Creates an element.
    public init(name: String, text: String = "", elements: [XMLTree] = []) {
        self.name = name
        self.text = text
        self.elements = elements
    }

    /// The first child with that name.
    public func child(_ name: String) -> XMLTree? {
        elements.first { $0.name == name }
    }

    /// The element at a path of child names, e.g. `node("instanceState", "name")`.
    public func node(_ path: String...) -> XMLTree? {
        node(path)
    }

    /// The element at a path of child names.
    public func node(_ path: [String]) -> XMLTree? {
        var current = self
        for name in path {
            guard let next = current.child(name) else { return nil }
            current = next
        }
        return current
    }

    /// The text at a path of child names, or nil when the element is absent.
    public func string(_ path: String...) -> String? {
        node(path)?.text
    }

    /// The text at a path, or a decoding error naming the missing element.
    public func required(_ path: String...) throws(AWSClientError) -> String {
        guard let value = node(path)?.text else {
            throw AWSClientError(
                kind: .decoding, code: "MissingElement",
                message: "<\(name)> has no <\(path.joined(separator: "/"))>")
        }
        return value
    }

    /// A boolean at a path ("true"/"false" as AWS writes xsd:boolean), or nil when absent.
    public func bool(_ path: String...) -> Bool? {
        node(path).map { $0.text == "true" }
    }

    /// An integer at a path, or nil when absent or not a number.
    public func int(_ path: String...) -> Int? {
        node(path).flatMap { Int($0.text) }
    }

    /// The entries of a list wrapper: EC2 writes `<list><item>…`, the Query protocol `<list><member>…`.
    public func list(_ path: String...) -> [XMLTree] {
        guard let wrapper = node(path) else { return [] }
        return wrapper.elements.filter { $0.name == "item" || $0.name == "member" }
    }
}
