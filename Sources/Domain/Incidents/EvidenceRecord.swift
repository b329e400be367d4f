import FoundationEssentials

/// Something a step captured before anything was changed, kept with the incident (and used to undo).
///
/// Exactly one of the typed payloads is set, as `kind` says; `summary` reads well in a timeline.
public struct EvidenceRecord: Codable, Sendable, Equatable {
    /// What kind of evidence this is.
    public enum Kind: String, Codable, Sendable, Equatable {
        /// An instance's description: ENIs, groups, volumes, ASG and load-balancer membership.
        case instanceDescription
        /// The EBS snapshots taken of an instance's volumes.
        case volumeSnapshots
        /// An access key's owner, status and last use.
        case accessKeyDescription
    }

    /// What kind of evidence this is.
    public var kind: Kind
    /// The step that captured it.
    public var step: StepName
    /// When it was captured.
    public var capturedAt: Date
    /// One line for people.
    public var summary: String
    /// The instance as it was before containment (kind `instanceDescription`).
    public var instance: InstanceDescription?
    /// Volume ID to snapshot ID (kind `volumeSnapshots`).
    public var snapshots: [String: String]?
    /// The access key as it was before containment (kind `accessKeyDescription`).
    public var accessKey: AccessKeyDescription?

    /// Records an instance description.
    public static func instance(_ description: InstanceDescription, step: StepName, at time: Date) -> EvidenceRecord {
        let summary = "instance \(description.instanceId): \(description.networkInterfaces.count) network interface(s), "
            + "\(description.volumes.count) volume(s), auto scaling group \(description.autoScalingGroupName ?? "none"), "
            + "\(description.classicLoadBalancers.count + description.targetGroups.count) load balancer registration(s)"
        return EvidenceRecord(kind: .instanceDescription, step: step, capturedAt: time, summary: summary,
                              instance: description, snapshots: nil, accessKey: nil)
    }

    /// Records the snapshots taken of each volume.
    public static func snapshots(_ byVolume: [String: String], step: StepName, at time: Date) -> EvidenceRecord {
        let list = byVolume.keys.sorted().map { "\($0) -> \(byVolume[$0] ?? "")" }.joined(separator: ", ")
        return EvidenceRecord(kind: .volumeSnapshots, step: step, capturedAt: time, summary: "snapshots: \(list)",
                              instance: nil, snapshots: byVolume, accessKey: nil)
    }

    /// Records an access key description.
    public static func accessKey(_ description: AccessKeyDescription, step: StepName, at time: Date) -> EvidenceRecord {
        let lastUsed = description.lastUsedAt.map { "last used \($0) via \(description.lastUsedService ?? "?")" } ?? "never used"
        let summary = "access key \(description.accessKeyId) of \(description.userName): \(description.status), \(lastUsed)"
        return EvidenceRecord(kind: .accessKeyDescription, step: step, capturedAt: time, summary: summary,
                              instance: nil, snapshots: nil, accessKey: description)
    }
}
