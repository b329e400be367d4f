import FoundationEssentials

/// Computes an incident's plan from a fresh describe and a dry run through the `CloudResponder`; changes nothing.
struct Planner: Sendable {
    /// The cloud.
    let responder: any CloudResponder
    /// Exemptions and the digest function.
    let safety: SafetySettings

    /// The plan of `playbook` on `target` (with the incident's reference in its tags), digested.
    func plan(_ target: IncidentTarget, playbook: PlaybookName, reference: String, in scope: CloudScope) async throws -> Plan {
        let plan: Plan
        switch (target, playbook) {
        case (_, .triage), (_, .release):
            plan = Plan(target: target, playbook: playbook)
        case (.accessKeyId(let accessKeyId), _):
            let key = try await responder.describeAccessKey(accessKeyId, in: scope)
            plan = Plan.containment(of: key, target: target,
                                    exemption: Exemption.reason(for: key, configured: safety.exemptResources))
        case (.instanceId, _), (.ipAddress, _):
            let instance = try await responder.describeInstance(target, in: scope)
            let exemption = Exemption.reason(for: instance, configured: safety.exemptResources)
            // An exempt instance is not even dry-run: nothing is sent that names it as a target of a change.
            let dryRun = exemption == nil
                ? try await responder.dryRunContainment(of: instance, in: scope)
                : ContainmentDryRun(quarantineGroupIds: [:], permissionChecks: [])
            plan = Plan.containment(of: instance, target: target, playbook: playbook, reference: reference,
                                    dryRun: dryRun, exemption: exemption)
        }
        return try plan.digested(with: safety.digest)
    }
}
