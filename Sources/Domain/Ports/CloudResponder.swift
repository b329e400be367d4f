import FoundationEssentials

/// The cloud effects a workflow step can have, in domain words; the AWS adapter implements it.
///
/// Every changing method takes the step's `IdempotencyToken`. A repeated call with the same token (a retry,
/// or a resume after a restart that found the step `running`) must not make anything twice: pass the token
/// as `ClientToken` where the API has one, or tag what is created with it and look the tag up first.
/// Methods throw `DomainError`; code `cloudTransient` marks a failure worth retrying.
public protocol CloudResponder: Sendable {
    /// Describes the instance (by ID, or by private/public IP through DescribeInstances filters) with every
    /// ENI and its groups, every volume, its Auto Scaling group and its classic-ELB and target-group
    /// registrations. Every Describe call is paginated.
    func describeInstance(_ target: IncidentTarget, in scope: CloudScope) async throws -> InstanceDescription

    /// Enables termination and stop protection and sets the shutdown behaviour to "stop"
    /// (ModifyInstanceAttribute: DisableApiTermination, DisableApiStop, InstanceInitiatedShutdownBehavior).
    func protectInstance(_ instanceId: String, in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect

    /// Detaches the instance from its Auto Scaling group with ShouldDecrementDesiredCapacity=false, so the
    /// group launches a replacement and keeps serving while the instance is kept as evidence.
    func detachFromAutoScalingGroup(_ instanceId: String, group: String, in scope: CloudScope,
                                    token: IdempotencyToken) async throws -> CloudEffect

    /// Deregisters the instance from classic load balancers and ELBv2 target groups (with the port it was
    /// registered on), so health checks stop and traffic drains.
    func deregisterFromLoadBalancers(_ instanceId: String, classicLoadBalancers: [String],
                                     targetGroups: [TargetGroupMembership], in scope: CloudScope,
                                     token: IdempotencyToken) async throws -> CloudEffect

    /// Ensures a quarantine group (configured, or found/created tagged as Cordon's, no ingress, default egress
    /// revoked) and an untracking group (all traffic in and out, IPv4 and IPv6) in each VPC.
    func ensureIsolationGroups(vpcIds: [String], in scope: CloudScope, token: IdempotencyToken) async throws -> IsolationGroups

    /// Moves every interface to its VPC's untracking group, then to its quarantine group
    /// (ModifyNetworkInterfaceAttribute Groups per ENI, not ModifyInstanceAttribute, which fails with several ENIs).
    func isolateNetworkInterfaces(_ interfaces: [NetworkInterfaceState], groups: IsolationGroups, in scope: CloudScope,
                                  token: IdempotencyToken) async throws -> CloudEffect

    /// Snapshots every volume with this description and these tags; `createdResourceIds` are the snapshot IDs
    /// in the order of `volumes`, and `outputs` maps each volume ID to its snapshot ID.
    func snapshotVolumes(_ volumes: [VolumeState], of instanceId: String, description: String, tags: [String: String],
                         in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect

    /// Adds tags to the instance (CreateTags).
    func tagInstance(_ instanceId: String, tags: [String: String], in scope: CloudScope,
                     token: IdempotencyToken) async throws -> CloudEffect

    /// Describes snapshots by ID (for verification).
    func describeSnapshots(_ snapshotIds: [String], in scope: CloudScope) async throws -> SnapshotInventory

    /// Launches a forensic workstation from the spec, tagged with these tags (RunInstances with ClientToken).
    func launchForensicWorkstation(_ spec: ForensicWorkstationSpec, tags: [String: String], in scope: CloudScope,
                                   token: IdempotencyToken) async throws -> ForensicWorkstation

    /// Creates one volume per snapshot in the Availability Zone of the subnet (where a workstation launched into it
    /// runs, so the volumes need not wait for the launch); `createdResourceIds` are the volume IDs in the order of
    /// `snapshotIds`, and `outputs["availabilityZone"]` is the zone.
    func createVolumes(fromSnapshots snapshotIds: [String], inZoneOfSubnet subnetId: String, tags: [String: String],
                       in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect

    /// Attaches each volume to the workstation as its device.
    func attachVolumes(_ attachments: [VolumeAttachment], to instanceId: String, in scope: CloudScope,
                       token: IdempotencyToken) async throws -> CloudEffect

    /// Allows traffic from the workstation's groups into the quarantine groups
    /// (AuthorizeSecurityGroupIngress with a source group).
    func authorizeForensicAccess(from workstationGroupIds: [String], into quarantineGroupIds: [String],
                                 in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect

    /// Finds the key's user and describes the key and its last use (ListAccessKeys, GetAccessKeyLastUsed).
    func describeAccessKey(_ accessKeyId: String, in scope: CloudScope) async throws -> AccessKeyDescription

    /// Deactivates the key (UpdateAccessKey Status=Inactive). Never deletes it: the key is evidence.
    func deactivateAccessKey(_ accessKeyId: String, userName: String, in scope: CloudScope,
                             token: IdempotencyToken) async throws -> CloudEffect

    /// Attaches an inline deny-all policy to the user conditioned on `aws:TokenIssueTime` before `issuedBefore`,
    /// which revokes sessions issued earlier (IAM User Guide, "Revoking IAM role temporary security credentials").
    func revokeSessions(userName: String, issuedBefore: Date, in scope: CloudScope,
                        token: IdempotencyToken) async throws -> CloudEffect

    /// Adds tags to the IAM user (TagUser).
    func tagUser(_ userName: String, tags: [String: String], in scope: CloudScope,
                 token: IdempotencyToken) async throws -> CloudEffect

    /// Plans an instance's containment without changing anything: finds each VPC's existing quarantine group and
    /// sends the changing EC2 calls with `DryRun=true` (ModifyNetworkInterfaceAttribute per ENI,
    /// ModifyInstanceAttribute, CreateSnapshot per volume, CreateTags), recording each answer.
    func dryRunContainment(of instance: InstanceDescription, in scope: CloudScope) async throws -> ContainmentDryRun

    /// Restores what containment changed from the recorded prior state: each ENI's groups
    /// (ModifyNetworkInterfaceAttribute), termination and stop protection and shutdown behaviour as recorded
    /// (ModifyInstanceAttribute; nil attributes are left alone), Auto Scaling membership (AttachInstances), classic
    /// ELB (RegisterInstancesWithLoadBalancer) and target group registrations with their ports (RegisterTargets).
    func restoreInstance(_ prior: InstanceDescription, in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect
}
