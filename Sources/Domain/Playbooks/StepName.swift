import FoundationEssentials

/// Every step a playbook can have; the raw values are the stable JSON spelling and part of the idempotency token.
public enum StepName: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// Runbook 1: describe the instance and every ENI, volume, ASG and LB membership.
    case captureInstance = "capture-instance"
    /// Runbook 2: termination and stop protection, shutdown behaviour "stop".
    case protectInstance = "protect-instance"
    /// Runbook 4: leave the Auto Scaling group (capacity kept, so it is replaced).
    case detachFromAutoScaling = "detach-from-auto-scaling"
    /// Runbook 5: leave classic ELBs and ELBv2 target groups.
    case deregisterFromLoadBalancers = "deregister-from-load-balancers"
    /// Ensure each VPC's quarantine and untracking groups.
    case prepareIsolationGroups = "prepare-isolation-groups"
    /// Runbook 3: every ENI to the untracking group, then to the quarantine group.
    case isolateNetworkInterfaces = "isolate-network-interfaces"
    /// Runbook 6: snapshot every EBS volume.
    case snapshotVolumes = "snapshot-volumes"
    /// Runbook 11: tag the instance `Environment=Quarantine:<reference>`.
    case tagInstance = "tag-instance"
    /// Re-describe and check every ENI, ASG/LB membership and the snapshots.
    case verifyContainment = "verify-containment"
    /// Runbook 7: launch the forensic workstation.
    case launchForensicWorkstation = "launch-forensic-workstation"
    /// Runbook 8: volumes from the snapshots in the workstation's Availability Zone.
    case createForensicVolumes = "create-forensic-volumes"
    /// Runbook 9: attach them to the workstation.
    case attachForensicVolumes = "attach-forensic-volumes"
    /// Runbook 10: allow the workstation's group into the quarantine group.
    case authorizeForensicAccess = "authorize-forensic-access"
    /// Find the key's user; record key metadata and last use.
    case captureAccessKey = "capture-access-key"
    /// Deactivate the key (never delete it).
    case deactivateAccessKey = "deactivate-access-key"
    /// Deny-all for sessions issued before now (`aws:TokenIssueTime`).
    case revokeSessions = "revoke-sessions"
    /// Tag the user with the reference.
    case tagUser = "tag-user"
    /// Re-describe the key and check it is inactive.
    case verifyAccessKey = "verify-access-key"
    /// Release: put back each ENI's groups, the protection attributes, ASG and load-balancer memberships.
    case restoreInstance = "restore-instance"
    /// Release: re-describe and check every restored attribute against the recorded prior state.
    case verifyRelease = "verify-release"
}
