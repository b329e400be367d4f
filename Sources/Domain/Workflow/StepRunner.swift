import FoundationEssentials
import Platform

/// Makes one step's cloud calls through the `CloudResponder` and turns the outcome into a `WorkflowEvent`.
///
/// It reads a step's inputs from what earlier steps recorded on the incident (the captured instance,
/// the isolation groups, the snapshots, the workstation), so a resumed workflow needs nothing but the incident.
struct StepRunner: Sendable {
    /// The cloud.
    let responder: any CloudResponder
    /// Names, forensic workstation and retry settings.
    let settings: WorkflowSettings

    /// Runs the step and reports its outcome; a `DomainError` with code `cloudTransient` is retryable.
    func outcome(of name: StepName, for incident: Incident, token: IdempotencyToken, at now: Date) async -> WorkflowEvent {
        do {
            return .stepSucceeded(name, try await run(name, for: incident, token: token, at: now))
        } catch let error as DomainError {
            return .stepFailed(name, error: error.description, retryable: error.code == .cloudTransient)
        } catch {
            return .stepFailed(name, error: String(describing: error), retryable: false)
        }
    }

    private func run(_ name: StepName, for incident: Incident, token: IdempotencyToken, at now: Date) async throws -> StepResult {
        let scope = CloudScope(region: incident.region, account: incident.account)
        switch name {
        case .captureInstance:
            let description = try await responder.describeInstance(incident.target, in: scope)
            return StepResult(effect: CloudEffect(requestIds: description.requestIds),
                              evidence: [.instance(description, step: name, at: now)])
        case .protectInstance:
            let instance = try capturedInstance(of: incident, for: name)
            return StepResult(effect: try await responder.protectInstance(instance.instanceId, in: scope, token: token))
        case .detachFromAutoScaling:
            let instance = try capturedInstance(of: incident, for: name)
            guard let group = instance.autoScalingGroupName else {
                return StepResult(effect: CloudEffect(outputs: ["noop": "not in an Auto Scaling group"]))
            }
            return StepResult(effect: try await responder.detachFromAutoScalingGroup(
                instance.instanceId, group: group, in: scope, token: token))
        case .deregisterFromLoadBalancers:
            let instance = try capturedInstance(of: incident, for: name)
            guard !instance.classicLoadBalancers.isEmpty || !instance.targetGroups.isEmpty else {
                return StepResult(effect: CloudEffect(outputs: ["noop": "not registered with a load balancer"]))
            }
            return StepResult(effect: try await responder.deregisterFromLoadBalancers(
                instance.instanceId, classicLoadBalancers: instance.classicLoadBalancers,
                targetGroups: instance.targetGroups, in: scope, token: token))
        case .prepareIsolationGroups:
            let instance = try capturedInstance(of: incident, for: name)
            let groups = try await responder.ensureIsolationGroups(vpcIds: instance.vpcIds, in: scope, token: token)
            var effect = groups.effect
            for pair in groups.pairs {
                effect.outputs[Self.quarantineKey + pair.vpcId] = pair.quarantineGroupId
                effect.outputs[Self.untrackingKey + pair.vpcId] = pair.untrackingGroupId
            }
            return StepResult(effect: effect)
        case .isolateNetworkInterfaces:
            let instance = try capturedInstance(of: incident, for: name)
            return StepResult(effect: try await responder.isolateNetworkInterfaces(
                instance.networkInterfaces, groups: try isolationGroups(of: incident, for: name), in: scope, token: token))
        case .snapshotVolumes:
            let instance = try capturedInstance(of: incident, for: name)
            let description = "\(settings.responderName)-\(Self.day(of: now))-\(incident.reference)"
            let effect = try await responder.snapshotVolumes(
                instance.volumes, of: instance.instanceId, description: description,
                tags: Self.resourceTags(of: incident), in: scope, token: token)
            guard effect.createdResourceIds.count == instance.volumes.count else {
                let got = effect.createdResourceIds.count
                throw DomainError(.cloudFailure, "asked for \(instance.volumes.count) snapshot(s), got \(got)")
            }
            let byVolume = Dictionary(uniqueKeysWithValues: zip(instance.volumes.map(\.volumeId), effect.createdResourceIds))
            return StepResult(effect: effect, evidence: [.snapshots(byVolume, step: name, at: now)])
        case .tagInstance:
            let instance = try capturedInstance(of: incident, for: name)
            // The seed runbook's tag (AWS Security Incident Response Guide, Appendix B, step 11).
            var tags = Self.resourceTags(of: incident)
            tags["Environment"] = "Quarantine:\(incident.reference)"
            return StepResult(effect: try await responder.tagInstance(instance.instanceId, tags: tags, in: scope, token: token))
        case .verifyContainment:
            return try await verifyContainment(of: incident, in: scope)
        case .launchForensicWorkstation:
            let workstation = try await responder.launchForensicWorkstation(
                try forensicSpec(), tags: Self.resourceTags(of: incident), in: scope, token: token)
            var effect = workstation.effect
            effect.outputs["instanceId"] = workstation.instanceId
            effect.outputs["availabilityZone"] = workstation.availabilityZone
            effect.outputs["securityGroupIds"] = workstation.securityGroupIds.joined(separator: ",")
            return StepResult(effect: effect)
        case .createForensicVolumes:
            // The workstation launches into the configured subnet, so its zone is the subnet's: the volumes are
            // created there while the workstation launches (attach checks the two agree).
            return StepResult(effect: try await responder.createVolumes(
                fromSnapshots: try snapshotIds(of: incident, for: name), inZoneOfSubnet: try forensicSpec().subnetId,
                tags: Self.resourceTags(of: incident), in: scope, token: token))
        case .attachForensicVolumes:
            let workstation = try forensicWorkstation(of: incident, for: name)
            let created = incident.step(.createForensicVolumes)
            // EBS attaches a volume only to an instance in its own zone (EC2 API Reference, "AttachVolume"); a
            // workstation that landed elsewhere than its subnet's zone would fail obscurely at AttachVolume.
            // (An empty workstation zone is one AWS did not report: AttachVolume itself still refuses a mismatch.)
            if let zone = created?.outputs["availabilityZone"], !workstation.availabilityZone.isEmpty,
               zone != workstation.availabilityZone {
                throw DomainError(.conflict, "the forensic volumes are in \(zone) but the workstation "
                                  + "\(workstation.instanceId) is in \(workstation.availabilityZone)")
            }
            let volumes = created?.createdResourceIds ?? []
            // EC2 recommends /dev/sd[f-p] for EBS volumes on Linux (User Guide, "Device names on Linux instances").
            let letters = Array("fghijklmnop")
            guard volumes.count <= letters.count else {
                throw DomainError(.invalidInput, "\(volumes.count) volumes exceed the \(letters.count) device names /dev/sdf-/dev/sdp")
            }
            let attachments = zip(volumes, letters).map { VolumeAttachment(volumeId: $0, device: "/dev/sd\($1)") }
            return StepResult(effect: try await responder.attachVolumes(
                attachments, to: workstation.instanceId, in: scope, token: token))
        case .authorizeForensicAccess:
            let workstation = try forensicWorkstation(of: incident, for: name)
            let quarantine = try isolationGroups(of: incident, for: name).pairs.map(\.quarantineGroupId)
            return StepResult(effect: try await responder.authorizeForensicAccess(
                from: workstation.securityGroupIds, into: quarantine, in: scope, token: token))
        case .captureAccessKey:
            guard case .accessKeyId(let accessKeyId) = incident.target else {
                throw DomainError(.invalidInput, "\(name.rawValue) needs an access key target")
            }
            let description = try await responder.describeAccessKey(accessKeyId, in: scope)
            return StepResult(effect: CloudEffect(requestIds: description.requestIds),
                              evidence: [.accessKey(description, step: name, at: now)])
        case .deactivateAccessKey:
            let key = try capturedAccessKey(of: incident, for: name)
            return StepResult(effect: try await responder.deactivateAccessKey(
                key.accessKeyId, userName: key.userName, in: scope, token: token))
        case .revokeSessions:
            let key = try capturedAccessKey(of: incident, for: name)
            // The first attempt's start is the cut-off, so a retry writes the same policy.
            let issuedBefore = incident.step(name)?.startedAt ?? now
            return StepResult(effect: try await responder.revokeSessions(
                userName: key.userName, issuedBefore: issuedBefore, in: scope, token: token))
        case .tagUser:
            let key = try capturedAccessKey(of: incident, for: name)
            var tags = Self.resourceTags(of: incident)
            tags["cordon:quarantine"] = "\(key.accessKeyId) deactivated"
            return StepResult(effect: try await responder.tagUser(key.userName, tags: tags, in: scope, token: token))
        case .restoreInstance:
            let prior = try capturedInstance(of: incident, for: name)
            return StepResult(effect: try await responder.restoreInstance(prior, in: scope, token: token))
        case .verifyRelease:
            let prior = try capturedInstance(of: incident, for: name)
            let current = try await responder.describeInstance(.instanceId(prior.instanceId), in: scope)
            let findings = ReleaseCheck.findings(prior: prior, current: current)
            guard findings.isEmpty else {
                // Describe APIs are eventually consistent (an ASG attach takes a while), so this is worth retrying.
                throw DomainError(.cloudTransient, "not released: " + findings.joined(separator: "; "))
            }
            return StepResult(effect: CloudEffect(requestIds: current.requestIds))
        case .verifyAccessKey:
            let key = try capturedAccessKey(of: incident, for: name)
            let current = try await responder.describeAccessKey(key.accessKeyId, in: scope)
            guard current.status == "Inactive" else {
                throw DomainError(.cloudTransient, "access key \(key.accessKeyId) is still \(current.status)")
            }
            return StepResult(effect: CloudEffect(requestIds: current.requestIds, outputs: ["status": current.status]))
        }
    }

    private func verifyContainment(of incident: Incident, in scope: CloudScope) async throws -> StepResult {
        let instance = try capturedInstance(of: incident, for: .verifyContainment)
        let expected = try snapshotIds(of: incident, for: .verifyContainment)
        // Two independent reads of the current state: asked together, so verification costs one round trip, not two.
        async let described = responder.describeInstance(.instanceId(instance.instanceId), in: scope)
        async let snapshots = responder.describeSnapshots(expected, in: scope)
        let (current, inventory) = try await (described, snapshots)
        let findings = ContainmentCheck.findings(current: current, groups: try isolationGroups(of: incident, for: .verifyContainment),
                                                 expectedSnapshots: expected, snapshots: inventory)
        guard findings.isEmpty else {
            // Describe APIs are eventually consistent (an ASG detach takes a while), so this is worth retrying.
            throw DomainError(.cloudTransient, "not contained: " + findings.joined(separator: "; "))
        }
        let interfaces = current.networkInterfaces.map(\.networkInterfaceId).joined(separator: ",")
        return StepResult(effect: CloudEffect(requestIds: current.requestIds + inventory.requestIds,
                                              outputs: ["isolatedInterfaces": interfaces]))
    }

    // MARK: Inputs recorded by earlier steps

    private static let quarantineKey = "quarantineGroup:"
    private static let untrackingKey = "untrackingGroup:"

    private func capturedInstance(of incident: Incident, for step: StepName) throws -> InstanceDescription {
        guard let instance = incident.evidence.lazy.compactMap(\.instance).first else {
            throw Self.missing(StepName.captureInstance, for: step)
        }
        return instance
    }

    private func capturedAccessKey(of incident: Incident, for step: StepName) throws -> AccessKeyDescription {
        guard let key = incident.evidence.lazy.compactMap(\.accessKey).first else {
            throw Self.missing(StepName.captureAccessKey, for: step)
        }
        return key
    }

    private func isolationGroups(of incident: Incident, for step: StepName) throws -> IsolationGroups {
        let outputs = incident.step(.prepareIsolationGroups)?.outputs ?? [:]
        let pairs = outputs.keys.sorted().compactMap { key -> IsolationGroups.Pair? in
            guard key.hasPrefix(Self.quarantineKey), let quarantine = outputs[key] else { return nil }
            let vpcId = String(key.dropFirst(Self.quarantineKey.count))
            guard let untracking = outputs[Self.untrackingKey + vpcId] else { return nil }
            return IsolationGroups.Pair(vpcId: vpcId, quarantineGroupId: quarantine, untrackingGroupId: untracking)
        }
        guard !pairs.isEmpty else { throw Self.missing(.prepareIsolationGroups, for: step) }
        return IsolationGroups(pairs: pairs)
    }

    private func snapshotIds(of incident: Incident, for step: StepName) throws -> [String] {
        let instance = try capturedInstance(of: incident, for: step)
        guard let byVolume = incident.evidence.lazy.compactMap(\.snapshots).first else {
            throw Self.missing(.snapshotVolumes, for: step)
        }
        return instance.volumes.compactMap { byVolume[$0.volumeId] }
    }

    /// The configured forensic workstation, which the forensics playbook needs.
    private func forensicSpec() throws -> ForensicWorkstationSpec {
        guard let spec = settings.forensicWorkstation else {
            throw DomainError(.invalidInput, "the forensics playbook needs a forensic workstation configuration")
        }
        return spec
    }

    private func forensicWorkstation(of incident: Incident, for step: StepName) throws -> ForensicWorkstation {
        let outputs = incident.step(.launchForensicWorkstation)?.outputs ?? [:]
        guard let instanceId = outputs["instanceId"], let zone = outputs["availabilityZone"] else {
            throw Self.missing(.launchForensicWorkstation, for: step)
        }
        let groups = (outputs["securityGroupIds"] ?? "").split(separator: ",").map(String.init)
        return ForensicWorkstation(instanceId: instanceId, availabilityZone: zone, securityGroupIds: groups)
    }

    private static func missing(_ source: StepName, for step: StepName) -> DomainError {
        DomainError(.conflict, "\(step.rawValue) needs what \(source.rawValue) records, and the incident has none")
    }

    /// Tags on everything Cordon creates, so a responder (or a tag lookup) finds it from the incident.
    private static func resourceTags(of incident: Incident) -> [String: String] {
        ["cordon:incident": incident.id, "cordon:reference": incident.reference]
    }

    /// "2026-11-29" in UTC, for snapshot descriptions.
    private static func day(of time: Date) -> String {
        let c = time.utcComponents([.year, .month, .day])
        return (c.year ?? 0).zeroPadded(4) + "-" + (c.month ?? 0).zeroPadded(2) + "-" + (c.day ?? 0).zeroPadded(2)
    }
}
