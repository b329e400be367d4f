import FoundationEssentials

/// Exactly what a containment playbook would do to its target now, computed from a fresh describe; nothing in it
/// has happened. Approvals are bound to its `digest`, so a plan that changes voids them.
public struct Plan: Codable, Sendable, Equatable {
    /// One network interface and the groups it would move between.
    public struct InterfaceChange: Codable, Sendable, Equatable {
        /// The ENI ID.
        public var networkInterfaceId: String
        /// Its VPC.
        public var vpcId: String
        /// Its security groups now.
        public var currentGroupIds: [String]
        /// Its security groups after isolation: the VPC's quarantine group, or "new quarantine group in <vpc>".
        public var newGroupIds: [String]
    }

    /// The target.
    public var target: IncidentTarget
    /// The playbook planned.
    public var playbook: PlaybookName
    /// The instance acted on (instance targets).
    public var instanceId: String?
    /// Every network interface and its current and new groups.
    public var networkInterfaces: [InterfaceChange]
    /// The Auto Scaling group it would leave.
    public var autoScalingGroup: String?
    /// The classic load balancers it would be deregistered from.
    public var classicLoadBalancers: [String]
    /// The target groups (with ports) it would be deregistered from.
    public var targetGroups: [TargetGroupMembership]
    /// The volumes that would be snapshotted.
    public var volumesToSnapshot: [String]
    /// Termination and stop protection on, shutdown behaviour "stop" (instance targets).
    public var protectInstance: Bool
    /// The tags the instance would get.
    public var instanceTags: [String: String]
    /// The access keys that would be deactivated (never deleted).
    public var accessKeysToDeactivate: [String]
    /// The IAM user whose earlier sessions would be revoked and who would be tagged.
    public var userToTag: String?
    /// Why nothing would be done: the target is exempt.
    public var exemption: String?
    /// The `DryRun=true` permission checks.
    public var permissionChecks: [PermissionCheck]
    /// The hex SHA-256 of the plan's canonical JSON without this field.
    public var digest: String

    /// A plan that does nothing to this target with this playbook (triage, release, exemptions).
    public init(target: IncidentTarget, playbook: PlaybookName) {
        self.target = target
        self.playbook = playbook
        networkInterfaces = []
        classicLoadBalancers = []
        targetGroups = []
        volumesToSnapshot = []
        protectInstance = false
        instanceTags = [:]
        accessKeysToDeactivate = []
        permissionChecks = []
        digest = ""
    }

    /// The plan with `digest` set: canonical JSON (sorted keys, the store's conventions) with an empty digest, hashed.
    public func digested(with hash: (Data) -> String) throws -> Plan {
        var plan = self
        plan.digest = ""
        let canonical: Data
        do {
            canonical = try StoreJSON.encoder().encode(plan)
        } catch {
            throw DomainError(.invalidInput, "plan not encodable: \(error)")
        }
        plan.digest = hash(canonical)
        return plan
    }
}
