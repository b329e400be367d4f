import Foundation
import Testing
@testable import Domain

@Suite("Safety: release, exemptions, blast radius, plans, approvals, audit")
struct SafetyServiceTests {
    static let instanceId = Sample.instance().instanceId
    static let target = IncidentTarget.instanceId(instanceId)

    // MARK: Release

    @Test func releaseRestoresEveryRecordedAttributeAndVerifiesIt() async throws {
        let prior = unprotectedInstance()
        let cloud = FakeCloudResponder(instances: [prior])
        try await ServiceHarness.run(cloud: cloud) { harness in
            let opened = try await harness.service.open(OpenIncidentRequest(target: Self.target), idempotencyKey: nil, by: "alice")
            #expect(try await harness.settled(opened.incident.id).status == .contained)
            let contained = try #require(await cloud.instance(Self.instanceId))
            #expect(contained.networkInterfaces.allSatisfy { $0.securityGroupIds != ["sg-web"] })

            _ = try await harness.service.perform(.release, on: opened.incident.id, by: "bob")
            let released = try await harness.settled(opened.incident.id)
            #expect(released.status == .released)
            #expect(released.step(.restoreInstance)?.status == .succeeded)
            #expect(released.step(.verifyRelease)?.status == .succeeded)
            #expect(released.timeline.contains { $0.actor == "bob" && $0.message.contains("releasing from quarantine") })
            let now = try #require(await cloud.instance(Self.instanceId))
            #expect(now.networkInterfaces.map(\.securityGroupIds) == prior.networkInterfaces.map(\.securityGroupIds))
            #expect(now.terminationProtection == false && now.stopProtection == false && now.shutdownBehavior == "terminate")
            #expect(now.autoScalingGroupName == prior.autoScalingGroupName)
            #expect(now.classicLoadBalancers == prior.classicLoadBalancers && now.targetGroups == prior.targetGroups)
            // Released: the host is no longer under this incident, so it can be contained again by a new one.
            let again = try await harness.service.open(OpenIncidentRequest(target: Self.target), idempotencyKey: nil, by: "alice")
            #expect(again.created)
        }
    }

    @Test func aReleaseThatDidNotRestoreEverythingFailsAndSaysWhat() async throws {
        let cloud = FakeCloudResponder(instances: [unprotectedInstance()])
        await cloud.skipAutoScalingOnRestore()
        try await ServiceHarness.run(cloud: cloud) { harness in
            let opened = try await harness.service.open(OpenIncidentRequest(target: Self.target), idempotencyKey: nil, by: "alice")
            _ = try await harness.settled(opened.incident.id)
            _ = try await harness.service.perform(.release, on: opened.incident.id, by: "bob")
            let failed = try await harness.settled(opened.incident.id)
            #expect(failed.status == .failed)
            #expect(failed.step(.verifyRelease)?.error?.contains("Auto Scaling group is none, was web-asg") == true)
        }
    }

    @Test func releaseIsRefusedWhereThereIsNothingToRestore() async throws {
        let cloud = FakeCloudResponder(instances: [unprotectedInstance()], accessKeys: [Sample.accessKey])
        try await ServiceHarness.run(cloud: cloud) { harness in
            let waiting = try await harness.service.open(
                OpenIncidentRequest(target: Self.target, mode: .awaitingApproval), idempotencyKey: nil, by: "alice")
            _ = try await harness.settled(waiting.incident.id)
            #expect(await domainErrorCode { _ = try await harness.service.perform(.release, on: waiting.incident.id, by: "bob") } == .conflict)
            let key = try await harness.service.open(
                OpenIncidentRequest(target: .accessKeyId(Sample.accessKey.accessKeyId)), idempotencyKey: nil, by: "alice")
            _ = try await harness.settled(key.incident.id)
            #expect(await domainErrorCode { _ = try await harness.service.perform(.release, on: key.incident.id, by: "bob") } == .conflict)
            #expect(await domainErrorCode {
                _ = try await harness.service.open(OpenIncidentRequest(target: .instanceId("i-other"), playbook: .release),
                                                   idempotencyKey: nil, by: "alice")
            } == .invalidInput)
        }
    }

    // MARK: Exemptions and blast radius

    @Test(arguments: [
        (["cordon:exempt": "true"], Set<String>(), "tagged cordon:exempt=true"),
        ([:], Set([instanceId]), "listed in exemptResources"),
    ])
    func anExemptInstanceIsOnlyDescribed(tags: [String: String], exempt: Set<String>, reason: String) async throws {
        let cloud = FakeCloudResponder(instances: [unprotectedInstance(tags: tags)])
        try await ServiceHarness.run(cloud: cloud, safety: safety(exempt: exempt)) { harness in
            let opened = try await harness.service.open(OpenIncidentRequest(target: Self.target), idempotencyKey: nil, by: "alice")
            let incident = try await harness.settled(opened.incident.id)
            #expect(incident.status == .open)
            #expect(incident.exemption?.contains(reason) == true)
            #expect(incident.step(.protectInstance)?.status == .skipped)
            #expect(incident.step(.protectInstance)?.error?.hasPrefix("exempt: ") == true)
            #expect(incident.step(.verifyContainment)?.status == .skipped)
            #expect(incident.timeline.contains { $0.message.contains("not acting on the target") })
            #expect(await cloud.calls.map(\.method).allSatisfy { ["describeInstance", "snapshotVolumes"].contains($0) })
            let plan = try await harness.service.plan(incidentId: incident.id)
            #expect(plan.exemption != nil && plan.networkInterfaces.isEmpty && plan.permissionChecks.isEmpty)
        }
    }

    @Test func pastTheHourlyLimitNewContainmentsWaitForApproval() async throws {
        let ids = ["i-000000000000000a1", "i-000000000000000a2", "i-000000000000000a3"]
        let cloud = FakeCloudResponder(instances: ids.map { unprotectedInstance($0) })
        try await ServiceHarness.run(cloud: cloud, safety: safety(perHour: 2)) { harness in
            var modes: [IncidentMode] = []
            for id in ids {
                let opened = try await harness.service.open(OpenIncidentRequest(target: .instanceId(id)), idempotencyKey: nil, by: "alice")
                modes.append(opened.incident.mode)
                _ = try await harness.settled(opened.incident.id)
            }
            #expect(modes == [.automatic, .automatic, .awaitingApproval])
            let page = try await harness.service.incidents(status: nil, limit: 10, after: nil)
            let third = try #require(page.items.first { $0.target == .instanceId(ids[2]) })
            #expect(third.timeline.contains { $0.message.contains("2 automatic containments already started in the last hour") })
            #expect(await cloud.calls(of: "protectInstance").count == 2)
        }
    }

    @Test func theLimitIsASlidingHour() {
        var rate = ContainmentRate(limit: 2)
        let admitted = [0, 10, 20, 3600, 3610, 3611].map { rate.admit(at: testEpoch + TimeInterval($0)) }
        #expect(admitted == [true, true, false, true, true, false])
    }

    // MARK: Plans

    @Test func aPlanNamesEveryResourceAndIsStableUntilTheTargetChanges() async throws {
        let cloud = FakeCloudResponder(instances: [unprotectedInstance()])
        await cloud.setQuarantineGroup("sg-quarantine", in: "vpc-1")
        try await ServiceHarness.run(cloud: cloud) { harness in
            let request = OpenIncidentRequest(target: Self.target, reference: "IR-7", dryRun: true)
            let plan = try await harness.service.plan(for: request, by: AuditActor(name: "alice"))
            #expect(plan.networkInterfaces.map(\.currentGroupIds) == [["sg-web"], ["sg-admin", "sg-web"]])
            #expect(plan.networkInterfaces.allSatisfy { $0.newGroupIds == ["sg-quarantine"] })
            #expect(plan.autoScalingGroup == "web-asg" && plan.classicLoadBalancers == ["web-elb"] && plan.targetGroups.count == 1)
            #expect(plan.volumesToSnapshot.count == 2 && plan.protectInstance)
            #expect(plan.instanceTags == ["Environment": "Quarantine:IR-7"])
            #expect(plan.permissionChecks.count == 2 && plan.permissionChecks.allSatisfy(\.allowed))
            #expect(plan.digest.count == 64)
            // A dry run opens nothing and changes nothing.
            #expect(try await harness.store.all().isEmpty)
            #expect(await cloud.calls.map(\.method) == ["describeInstance", "dryRunContainment"])
            #expect(try await harness.service.plan(for: request, by: AuditActor(name: "alice")).digest == plan.digest)
            await cloud.updateInstance(Self.instanceId) { $0.classicLoadBalancers = [] }
            #expect(try await harness.service.plan(for: request, by: AuditActor(name: "alice")).digest != plan.digest)
        }
    }

    // MARK: Approvals

    @Test func approvalsAreMofNFromOthersBoundToThePlanAndExpire() async throws {
        let cloud = FakeCloudResponder(instances: [unprotectedInstance()])
        try await ServiceHarness.run(cloud: cloud, safety: safety(requiredApprovals: 2)) { harness in
            let id = try await harness.service.open(
                OpenIncidentRequest(target: Self.target, mode: .awaitingApproval), idempotencyKey: nil, by: "alice").incident.id
            _ = try await harness.settled(id)
            let digest = try await harness.service.plan(incidentId: id).digest
            let wrong = String(repeating: "a", count: 64)
            #expect(await domainErrorCode { _ = try await harness.service.approve(incidentId: id, planDigest: digest, by: AuditActor(name: "alice")) } == .conflict)
            #expect(await domainErrorCode { _ = try await harness.service.approve(incidentId: id, planDigest: wrong, by: AuditActor(name: "bob")) } == .conflict)

            var incident = try await harness.service.approve(incidentId: id, planDigest: digest, by: AuditActor(name: "bob"))
            #expect(incident.approvals?.count == 1 && incident.mode == .awaitingApproval)
            // Bob approving twice still counts once.
            incident = try await harness.service.approve(incidentId: id, planDigest: digest, by: AuditActor(name: "bob"))
            #expect(incident.approvals?.count == 1 && incident.mode == .awaitingApproval)
            // Bob's approval expires; Carol's alone is one of two.
            harness.clock.advance(by: 3601)
            incident = try await harness.service.approve(incidentId: id, planDigest: digest, by: AuditActor(name: "carol"))
            #expect(incident.approvals?.map(\.actor.name) == ["carol"] && incident.mode == .awaitingApproval)
            #expect(await cloud.calls(of: "protectInstance").isEmpty)
            incident = try await harness.service.approve(incidentId: id, planDigest: digest, by: AuditActor(name: "dave"))
            #expect(incident.mode == .automatic)
            let done = try await harness.settled(id)
            #expect(done.status == .contained)
            #expect(done.timeline.contains { $0.actor == "dave" && $0.message == "approved the destructive steps" })
            #expect(await domainErrorCode { _ = try await harness.service.approve(incidentId: id, planDigest: digest, by: AuditActor(name: "erin")) } == .conflict)
        }
    }

    @Test func aChangedPlanVoidsEarlierApprovals() async throws {
        let cloud = FakeCloudResponder(instances: [unprotectedInstance()])
        try await ServiceHarness.run(cloud: cloud, safety: safety(requiredApprovals: 2)) { harness in
            let id = try await harness.service.open(
                OpenIncidentRequest(target: Self.target, mode: .awaitingApproval), idempotencyKey: nil, by: "alice").incident.id
            _ = try await harness.settled(id)
            let before = try await harness.service.plan(incidentId: id).digest
            _ = try await harness.service.approve(incidentId: id, planDigest: before, by: AuditActor(name: "bob"))
            await cloud.updateInstance(Self.instanceId) { $0.targetGroups = [] }
            #expect(await domainErrorCode { _ = try await harness.service.approve(incidentId: id, planDigest: before, by: AuditActor(name: "carol")) } == .conflict)
            let after = try await harness.service.plan(incidentId: id).digest
            let incident = try await harness.service.approve(incidentId: id, planDigest: after, by: AuditActor(name: "carol"))
            #expect(incident.approvals?.map(\.actor.name) == ["carol"] && incident.mode == .awaitingApproval)
        }
    }

    @Test func fiftyConcurrentApprovalsApproveExactlyOnce() async throws {
        let cloud = FakeCloudResponder(instances: [unprotectedInstance()])
        try await ServiceHarness.run(cloud: cloud) { harness in
            let id = try await harness.service.open(
                OpenIncidentRequest(target: Self.target, mode: .awaitingApproval), idempotencyKey: nil, by: "alice").incident.id
            _ = try await harness.settled(id)
            let digest = try await harness.service.plan(incidentId: id).digest
            let service = harness.service
            let accepted = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        do {
                            _ = try await service.approve(incidentId: id, planDigest: digest, by: AuditActor(name: "responder-\(index)"))
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            let incident = try await harness.settled(id)
            #expect(accepted == 1)
            #expect(incident.timeline.filter { $0.message == "approved the destructive steps" }.count == 1)
            #expect(incident.status == .contained)
            #expect(await cloud.calls(of: "protectInstance").count == 1)
            #expect(await cloud.calls(of: "isolateNetworkInterfaces").count == 1)
        }
    }

    // MARK: Audit

    @Test func commandsAndStepOutcomesAreInTheAuditChain() async throws {
        let cloud = FakeCloudResponder(instances: [unprotectedInstance()])
        try await ServiceHarness.run(cloud: cloud, audited: true) { harness in
            let id = try await harness.service.open(OpenIncidentRequest(target: Self.target), idempotencyKey: nil, by: "alice").incident.id
            _ = try await harness.settled(id)
            #expect(await domainErrorCode { _ = try await harness.service.perform(.forensics, on: "inc-missing", by: "mallory") } == .notFound)
            _ = try await harness.service.perform(.release, on: id, by: "bob")
            _ = try await harness.settled(id)
            let (bytes, head) = try readLog(harness.directory.appendingPathComponent("audit"))
            guard case .intact(let count, _) = AuditChain.verify(bytes, head: head, hash: testDigest) else {
                Issue.record("the chain is broken")
                return
            }
            let records = try AuditChain.lines(of: bytes).lines.map { try StoreJSON.decoder().decode(AuditRecord.self, from: $0) }
            #expect(records.count == count)
            #expect(records.first?.action == "incident.open" && records.first?.actor.name == "alice")
            #expect(records.contains { $0.action == "incident.forensics" && $0.outcome.hasPrefix("rejected: notFound") })
            #expect(records.contains { $0.action == "incident.release" && $0.actor.name == "bob" && $0.outcome.hasPrefix("succeeded") })
            let steps = records.filter { $0.action.hasPrefix("step.") }
            #expect(Set(steps.map(\.action)).isSuperset(of: ["step.capture-instance", "step.isolate-network-interfaces",
                                                             "step.restore-instance", "step.verify-release"]))
            #expect(steps.allSatisfy { $0.actor == .engine && !$0.awsRequestIds.isEmpty })
        }
    }
}
