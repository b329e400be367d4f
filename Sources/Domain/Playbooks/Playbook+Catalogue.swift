import FoundationEssentials

extension Playbook {
    /// The shipped playbook of this name.
    public static func named(_ name: PlaybookName) -> Playbook {
        let work: [PlaybookStep]
        let verification: StepName
        switch name {
        case .containInstance: (work, verification) = (containmentSteps, .verifyContainment)
        case .forensics: (work, verification) = (containmentSteps + forensicSteps, .verifyContainment)
        case .containAccessKey: (work, verification) = (accessKeySteps, .verifyAccessKey)
        case .triage: return Playbook(name: name, steps: [])
        case .release: (work, verification) = ([PlaybookStep(.restoreInstance, .destructive)], .verifyRelease)
        }
        // The verification step needs every step it checks, so it runs after them.
        let checked = work.map(\.name).filter { !uncheckedSteps.contains($0) }
        return Playbook(name: name, steps: work + [PlaybookStep(verification, .verification, needs: checked)])
    }

    /// Steps whose effect verification does not check: they run alongside it, and the workflow still ends only when
    /// they have finished too.
    private static let uncheckedSteps: Set<StepName> = [.tagInstance]

    /// The seed runbook's steps 1-6 and 11 plus the extras real incidents need (DESIGN.md "Incidents and workflows").
    /// After capture, protection, ASG detach, LB deregistration, group preparation and snapshots run in parallel;
    /// isolation waits for detach and deregistration so health checks never make the ASG terminate the evidence.
    /// The quarantine tag waits for isolation: an instance that reads its tags from instance metadata must not
    /// learn of the incident while it can still reach anything.
    private static let containmentSteps: [PlaybookStep] = [
        PlaybookStep(.captureInstance, .evidence),
        PlaybookStep(.protectInstance, .destructive, needs: [.captureInstance]),
        PlaybookStep(.detachFromAutoScaling, .destructive, needs: [.captureInstance]),
        PlaybookStep(.deregisterFromLoadBalancers, .destructive, needs: [.captureInstance]),
        PlaybookStep(.prepareIsolationGroups, .destructive, needs: [.captureInstance]),
        PlaybookStep(.snapshotVolumes, .evidence, needs: [.captureInstance]),
        PlaybookStep(.isolateNetworkInterfaces, .destructive,
                     needs: [.prepareIsolationGroups, .detachFromAutoScaling, .deregisterFromLoadBalancers]),
        PlaybookStep(.tagInstance, .destructive, needs: [.isolateNetworkInterfaces]),
    ]

    /// The seed runbook's steps 7-10. The volumes go into the forensic subnet's zone, known before the launch, so
    /// creating them runs alongside the launch; attaching needs both (and checks the zones match).
    private static let forensicSteps: [PlaybookStep] = [
        PlaybookStep(.launchForensicWorkstation, .destructive, needs: [.captureInstance]),
        PlaybookStep(.createForensicVolumes, .destructive, needs: [.snapshotVolumes]),
        PlaybookStep(.attachForensicVolumes, .destructive, needs: [.createForensicVolumes, .launchForensicWorkstation]),
        PlaybookStep(.authorizeForensicAccess, .destructive,
                     needs: [.isolateNetworkInterfaces, .launchForensicWorkstation]),
    ]

    /// Capture first; deactivation, session revocation and tagging are independent of each other.
    private static let accessKeySteps: [PlaybookStep] = [
        PlaybookStep(.captureAccessKey, .evidence),
        PlaybookStep(.deactivateAccessKey, .destructive, needs: [.captureAccessKey]),
        PlaybookStep(.revokeSessions, .destructive, needs: [.captureAccessKey]),
        PlaybookStep(.tagUser, .destructive, needs: [.captureAccessKey]),
    ]
}
