import FoundationEssentials

/// The states of snapshots as DescribeSnapshots reports them.
public struct SnapshotInventory: Codable, Sendable, Equatable {
    /// Snapshot ID to state ("pending", "completed", "error"); a missing ID was not found.
    public var states: [String: String]
    /// The request IDs of the calls made.
    public var requestIds: [String]

    /// Creates an inventory.
    public init(states: [String: String], requestIds: [String] = []) {
        self.states = states
        self.requestIds = requestIds
    }
}
