/// A security group as instances and interfaces reference it.
public struct EC2GroupIdentifier: Sendable, Equatable, Hashable {
    /// The group ID (sg-…).
    public var groupId: String
    /// The group name.
    public var groupName: String

    /// Creates a group reference.
    public init(groupId: String, groupName: String) {
        self.groupId = groupId
        self.groupName = groupName
    }

    /// Decodes a `groupSet` list.
    static func list(_ xml: XMLTree, _ path: String...) -> [EC2GroupIdentifier] {
        xml.node(path).map { set in
            set.elements.map { EC2GroupIdentifier(groupId: $0.string("groupId") ?? "", groupName: $0.string("groupName") ?? "") }
        } ?? []
    }
}
