/// A resource tag (EC2, IAM), key and value.
public struct AWSTag: Sendable, Equatable, Hashable {
    /// The tag key.
    public var key: String
    /// The tag value.
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension AWSTag {
    /// Decodes `<key>`/`<value>` (EC2) or `<Key>`/`<Value>` (IAM) children of a tag item.
    init(xml: XMLTree) {
        self.init(key: xml.string("key") ?? xml.string("Key") ?? "", value: xml.string("value") ?? xml.string("Value") ?? "")
    }
}
