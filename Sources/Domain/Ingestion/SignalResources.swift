/// The AWS resources a signal is about, each list in first-seen order without repeats.
public struct SignalResources: Codable, Sendable, Equatable, Hashable {
    /// EC2 instance IDs (`i-...`).
    public var instanceIDs: [String] = []
    /// Elastic network interface IDs (`eni-...`).
    public var networkInterfaceIDs: [String] = []
    /// IPv4 and IPv6 addresses.
    public var ipAddresses: [String] = []
    /// IAM access key IDs.
    public var accessKeyIDs: [String] = []
    /// IAM user names.
    public var userNames: [String] = []

    /// Creates an empty or given set of resources.
    public init(
        instanceIDs: [String] = [], networkInterfaceIDs: [String] = [], ipAddresses: [String] = [],
        accessKeyIDs: [String] = [], userNames: [String] = []
    ) {
        self.instanceIDs = instanceIDs
        self.networkInterfaceIDs = networkInterfaceIDs
        self.ipAddresses = ipAddresses
        self.accessKeyIDs = accessKeyIDs
        self.userNames = userNames
    }

    /// Adds what `other` names that is not here yet, after what is here.
    mutating func merge(_ other: SignalResources) {
        Self.append(other.instanceIDs, to: &instanceIDs)
        Self.append(other.networkInterfaceIDs, to: &networkInterfaceIDs)
        Self.append(other.ipAddresses, to: &ipAddresses)
        Self.append(other.accessKeyIDs, to: &accessKeyIDs)
        Self.append(other.userNames, to: &userNames)
    }

    private static func append(_ items: [String], to list: inout [String]) {
        for item in items where !item.isEmpty && !list.contains(item) { list.append(item) }
    }
}
