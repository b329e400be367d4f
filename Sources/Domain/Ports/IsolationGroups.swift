import FoundationEssentials

/// The two security groups isolation needs in each VPC, and what ensuring them did.
///
/// Isolation moves each interface to `untrackingGroupId` (all traffic allowed in and out, so existing flows
/// become untracked), then to `quarantineGroupId` (no rules), which cuts connections that were tracked
/// (Amazon EC2 User Guide, "Security group connection tracking").
public struct IsolationGroups: Codable, Sendable, Equatable {
    /// The groups of one VPC.
    public struct Pair: Codable, Sendable, Equatable {
        /// The VPC.
        public var vpcId: String
        /// The group with no ingress and no egress rules, tagged as Cordon's.
        public var quarantineGroupId: String
        /// The group allowing all traffic in and out (0.0.0.0/0 and ::/0), tagged as Cordon's.
        public var untrackingGroupId: String

        /// Creates a pair.
        public init(vpcId: String, quarantineGroupId: String, untrackingGroupId: String) {
            self.vpcId = vpcId
            self.quarantineGroupId = quarantineGroupId
            self.untrackingGroupId = untrackingGroupId
        }
    }

    /// One pair per VPC.
    public var pairs: [Pair]
    /// The calls made and the groups created (found or configured groups are not "created").
    public var effect: CloudEffect

    /// Creates the groups of an ensure call.
    public init(pairs: [Pair], effect: CloudEffect = CloudEffect()) {
        self.pairs = pairs
        self.effect = effect
    }

    /// The pair of a VPC.
    public func pair(for vpcId: String) -> Pair? {
        pairs.first { $0.vpcId == vpcId }
    }
}
