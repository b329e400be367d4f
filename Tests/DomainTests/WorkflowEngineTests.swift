import Foundation
import Testing
@testable import Domain

@Suite struct WorkflowEngineTests {
    private static let instanceId = "i-0abc1234def567890"

    private func position(_ method: String, in calls: [FakeCloudResponder.Call]) -> Int {
        calls.firstIndex { $0.method == method } ?? -1
    }

    @Test(arguments: [IncidentTarget.instanceId(instanceId), .ipAddress("10.0.1.10")])
    func containInstanceReachesContainedWithTheCallsInAValidOrder(target: IncidentTarget) async throws {
        let harness = EngineHarness(cloud: FakeCloudResponder(instances: [Sample.instance()]))
        let incident = try await harness.run(Sample.incident(target, playbook: .containInstance))

        #expect(incident.status == .contained)
        #expect(incident.steps.map(\.name) == Playbook.named(.containInstance).steps.map(\.name))
        #expect(incident.steps.allSatisfy { $0.status == .succeeded && $0.attempts == 1 && !$0.awsRequestIds.isEmpty })
        let calls = await harness.cloud.calls
        #expect(calls.first?.method == "describeInstance")
        #expect(calls.suffix(2).map(\.method).sorted() == ["describeInstance", "describeSnapshots"])
        let isolate = position("isolateNetworkInterfaces", in: calls)
        for before in ["detachFromAutoScalingGroup", "deregisterFromLoadBalancers", "ensureIsolationGroups"] {
            #expect((1..<isolate).contains(position(before, in: calls)), "\(before) must come before isolation")
        }
        #expect(await harness.cloud.calls(of: "snapshotVolumes").map(\.subject) == ["cordon-2026-11-29-IR-42"])

        let contained = try #require(await harness.cloud.instance(Self.instanceId))
        let quarantine = try #require(incident.step(.prepareIsolationGroups)?.outputs["quarantineGroup:vpc-1"])
        #expect(contained.networkInterfaces.allSatisfy { $0.securityGroupIds == [quarantine] })
        #expect(contained.autoScalingGroupName == nil && contained.classicLoadBalancers.isEmpty && contained.targetGroups.isEmpty)
        #expect(contained.tags["Environment"] == "Quarantine:IR-42")
        #expect(contained.terminationProtection == true)

        // The prior state stays as evidence, for release later.
        let prior = try #require(incident.evidence.first { $0.kind == .instanceDescription }?.instance)
        #expect(prior.networkInterfaces.map(\.securityGroupIds) == [["sg-web"], ["sg-admin", "sg-web"]])
        #expect(incident.evidence.first { $0.kind == .volumeSnapshots }?.snapshots?.count == 2)
        #expect(try await harness.repository.load(id: incident.id) == incident)
        let versions = await harness.repository.saves.map(\.version)
        #expect(versions == Array(1...versions.count))
    }

    @Test func aFailedEvidenceCaptureSkipsEveryDestructiveStep() async throws {
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        await cloud.fail("describeInstance", with: DomainError(.cloudFailure, "UnauthorizedOperation (request r-9)"))
        let harness = EngineHarness(cloud: cloud)
        let incident = try await harness.run(Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance))

        #expect(incident.status == .failed)
        #expect(incident.step(.captureInstance)?.status == .failed)
        #expect(incident.steps.dropFirst().allSatisfy { $0.status == .skipped && $0.error != nil && $0.attempts == 0 })
        #expect(await cloud.calls.map(\.method) == ["describeInstance"])
        #expect(incident.timeline.last?.message.contains("UnauthorizedOperation") == true)
    }

    @Test func aFailedSnapshotFailsTheIncidentAndVerificationNeverRuns() async throws {
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        await cloud.fail("snapshotVolumes", with: DomainError(.cloudFailure, "SnapshotLimitExceeded"))
        let harness = EngineHarness(cloud: cloud)
        let incident = try await harness.run(Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance))

        #expect(incident.status == .failed)
        #expect(incident.step(.snapshotVolumes)?.status == .failed)
        #expect(incident.step(.verifyContainment)?.status == .skipped)
        #expect(await cloud.calls(of: "describeSnapshots").isEmpty)
    }

    @Test func aTransientFailureIsRetriedWithTheSameTokenThenSucceeds() async throws {
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        await cloud.fail("protectInstance", with: DomainError(.cloudTransient, "RequestLimitExceeded"), times: 1)
        let harness = EngineHarness(cloud: cloud)
        let incident = try await harness.run(Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance))

        #expect(incident.status == .contained)
        #expect(incident.step(.protectInstance)?.attempts == 2)
        let tokens = await cloud.calls(of: "protectInstance").map(\.token)
        #expect(tokens.count == 2 && tokens[0] == tokens[1])
    }

    /// After a restart the workflow resumes through `resumeUnfinished()`, or through a new `start` on the incident.
    @Test(arguments: [true, false])
    func aCrashAfterTheIntentResumesWithTheSameTokenAndCreatesNothingTwice(throughResumeUnfinished: Bool) async throws {
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        let repository = InMemoryIncidentRepository()
        // Before the crash: capture succeeded, then the intents of the next steps were saved and the
        // snapshot call reached the cloud, but the process died before any outcome was recorded.
        var machine = WorkflowMachine(incident: Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance))
        _ = machine.handle(.start(by: "test"), at: testEpoch)
        let description = try await cloud.describeInstance(.instanceId(Self.instanceId), in: CloudScope(region: "eu-west-1"))
        let actions = machine.handle(.stepSucceeded(.captureInstance, StepResult(
            evidence: [.instance(description, step: .captureInstance, at: testEpoch)])), at: testEpoch)
        guard case .persist(let intent)? = actions.first else { throw DomainError(.conflict, "expected persist first") }
        try await repository.save(intent)
        let token = IdempotencyToken(incidentId: intent.id, step: .snapshotVolumes)
        _ = try await cloud.snapshotVolumes(description.volumes, of: Self.instanceId, description: "before the crash",
                                            tags: [:], in: CloudScope(region: "eu-west-1"), token: token)

        let restarted = EngineHarness(cloud: cloud, repository: repository)
        if throughResumeUnfinished {
            #expect(try await restarted.engine.resumeUnfinished() == [intent.id])
        } else {
            _ = try await restarted.engine.start(incidentId: intent.id, by: "responder")
        }
        let incident = try await restarted.engine.settled(incidentId: intent.id)

        #expect(incident.status == .contained)
        #expect(await cloud.calls(of: "snapshotVolumes").map(\.token) == [token, token])
        #expect(await cloud.creations[token] == 1)
        #expect(incident.step(.snapshotVolumes)?.attempts == 2)
        #expect(incident.step(.snapshotVolumes)?.createdResourceIds.count == 2)
        #expect(incident.timeline.contains { $0.message.contains("resumed after a restart") })
    }

    @Test func aCancellationBeforeACrashIsHonouredByTheResume() async throws {
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        let repository = InMemoryIncidentRepository()
        // Before the crash: capture's intent was saved and its call made, then the workflow was cancelled.
        var machine = WorkflowMachine(incident: Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance))
        _ = machine.handle(.start(by: "test"), at: testEpoch)
        guard case .persist(let cancelled)? = machine.handle(.cancel(by: "bob"), at: testEpoch).first else {
            throw DomainError(.conflict, "expected persist first")
        }
        try await repository.save(cancelled)

        let restarted = EngineHarness(cloud: cloud, repository: repository)
        #expect(try await restarted.engine.resumeUnfinished() == [cancelled.id])
        let incident = try await restarted.engine.settled(incidentId: cancelled.id)
        #expect(incident.status == .failed)
        #expect(incident.step(.captureInstance)?.error?.contains("bob cancelled") == true)
        #expect(await cloud.calls.isEmpty)
    }

    @Test func aStartWhileASignalJoinsIsNotLost() async throws {
        let harness = EngineHarness(cloud: FakeCloudResponder(instances: [Sample.instance()]))
        var opened = Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance)
        opened.version = 1
        try await harness.repository.save(opened)
        let signal = SignalSummary(source: "guardduty", kind: "Recon", time: testEpoch, severity: "High", title: "scan",
                                   dedupKey: "guardduty:gd-7")
        async let joined = harness.engine.join(signal, to: opened.id, by: "rule test")
        async let started = harness.engine.start(incidentId: opened.id, by: "siem")
        _ = try await (joined, started)
        let incident = try await harness.engine.settled(incidentId: opened.id)

        #expect(incident.status == .contained)
        #expect(incident.signals == [signal])
        let versions = await harness.repository.saves.map(\.version)
        #expect(versions == Array(1...versions.count))
    }

    /// Two signals join an incident with no run: the first one's load is overtaken by the second one's whole run
    /// (load, save, end). Its copy is then older than the store's, and must be read again, not saved over it.
    @Test func aJoinWhoseLoadIsOvertakenByAnotherRunSavesOnTopOfIt() async throws {
        let harness = EngineHarness(cloud: FakeCloudResponder(instances: [Sample.instance()]))
        var opened = Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance)
        opened.version = 1
        try await harness.repository.save(opened)
        let signals = ["gd-8", "gd-9"].map {
            SignalSummary(source: "guardduty", kind: "Recon", time: testEpoch, severity: "High", title: "scan", dedupKey: "guardduty:\($0)")
        }
        await harness.repository.holdNextLoad()
        async let overtaken = harness.engine.join(signals[0], to: opened.id, by: "rule a")
        await harness.repository.waitUntilALoadIsHeld()
        _ = try await harness.engine.join(signals[1], to: opened.id, by: "rule b")
        _ = try await harness.engine.settled(incidentId: opened.id)
        await harness.repository.releaseHeldLoad()
        _ = try await overtaken
        let incident = try await harness.engine.settled(incidentId: opened.id)

        #expect(Set(incident.signals.map(\.dedupKey)) == ["guardduty:gd-8", "guardduty:gd-9"])
        let versions = await harness.repository.saves.map(\.version)
        #expect(versions == Array(1...3))
    }

    @Test func aSecondStartOnARunningIncidentReturnsTheCurrentRun() async throws {
        let harness = EngineHarness(cloud: FakeCloudResponder(instances: [Sample.instance()]))
        let opened = Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance)
        try await harness.repository.save(opened)
        async let first = harness.engine.start(incidentId: opened.id, by: "siem")
        async let second = harness.engine.start(incidentId: opened.id, by: "chatops")
        let (a, b) = try await (first, second)
        #expect(a.id == b.id)
        let incident = try await harness.engine.settled(incidentId: opened.id)

        #expect(incident.status == .contained)
        #expect(incident.timeline.filter { $0.message.hasPrefix("started playbook") }.count == 1)
        #expect(await harness.cloud.calls(of: "protectInstance").count == 1)
        let again = try await harness.engine.start(incidentId: opened.id, by: "chatops")
        #expect(again == incident)
    }

    @Test func severalIncidentsRunConcurrentlyWithinTheBudget() async throws {
        let ids = (1...4).map { "i-00000000000000\($0)0" }
        let cloud = FakeCloudResponder(instances: ids.enumerated().map { Sample.instance($1, ip: "10.0.2.\($0)") })
        let harness = EngineHarness(cloud: cloud, maxConcurrent: 2)
        let incidents = ids.enumerated().map { index, id in
            Sample.incident(.instanceId(id), playbook: .containInstance, id: "inc-20261129T144021Z-0000000\(index)")
        }
        for incident in incidents { try await harness.repository.save(incident) }
        for incident in incidents { _ = try await harness.engine.start(incidentId: incident.id, by: "test") }
        for incident in incidents {
            let settled = try await harness.engine.settled(incidentId: incident.id)
            #expect(settled.status == .contained, "\(incident.id)")
        }
        // Two steps at a time hold the budget; within its slot verification makes its two reads at once, so at most
        // four port calls overlap (without the budget, four incidents' six parallel steps would be 24).
        #expect(await cloud.maxInFlight <= 2 * 2)
        for id in ids {
            #expect(await cloud.instance(id)?.tags["Environment"] == "Quarantine:IR-42")
        }
    }

    @Test func accessKeyPlaybookCapturesFirstVerifiesLastAndNeverDeletes() async throws {
        let cloud = FakeCloudResponder(accessKeys: [Sample.accessKey])
        let harness = EngineHarness(cloud: cloud)
        let incident = try await harness.run(Sample.incident(.accessKeyId(Sample.accessKey.accessKeyId), playbook: .containAccessKey))

        #expect(incident.status == .contained)
        let methods = await cloud.calls.map(\.method)
        #expect(methods.first == "describeAccessKey" && methods.last == "describeAccessKey")
        #expect(Set(methods.dropFirst().dropLast()) == ["deactivateAccessKey", "revokeSessions", "tagUser"])
        #expect(methods.count == 5)
        #expect(await cloud.accessKey(Sample.accessKey.accessKeyId)?.status == "Inactive")
        // Sessions issued before the step started are revoked.
        let revoke = try #require(incident.step(.revokeSessions))
        #expect(revoke.outputs["issuedBefore"] == "\(try #require(revoke.startedAt).timeIntervalSince1970)")
        #expect(incident.evidence.first?.accessKey?.lastUsedService == "s3")
    }

    @Test func forensicsAttachesVolumesFromTheSnapshotsToTheWorkstation() async throws {
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        let harness = EngineHarness(cloud: cloud)
        let incident = try await harness.run(Sample.incident(.instanceId(Self.instanceId), playbook: .forensics))

        #expect(incident.status == .contained)
        let volumes = try #require(incident.step(.createForensicVolumes)?.createdResourceIds)
        // The volumes go into the configured subnet's zone, looked up rather than waited for from the launch.
        #expect(await cloud.calls(of: "createVolumes").map(\.subject) == ["subnet-forensic"])
        #expect(incident.step(.createForensicVolumes)?.outputs["availabilityZone"] == "eu-west-1b")
        #expect(await cloud.calls(of: "attachVolumes").map(\.subject) == ["\(volumes[0])@/dev/sdf,\(volumes[1])@/dev/sdg"])
        let quarantine = try #require(incident.step(.prepareIsolationGroups)?.outputs["quarantineGroup:vpc-1"])
        #expect(await cloud.calls(of: "authorizeForensicAccess").map(\.subject) == [quarantine])
    }

    @Test func forensicVolumesInAnotherZoneThanTheWorkstationAreNotAttached() async throws {
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        await cloud.placeSubnet(in: "eu-west-1a")
        let incident = try await EngineHarness(cloud: cloud).run(Sample.incident(.instanceId(Self.instanceId), playbook: .forensics))

        let attach = try #require(incident.step(.attachForensicVolumes))
        #expect(attach.status == .failed)
        #expect(attach.error?.contains("eu-west-1a") == true && attach.error?.contains("eu-west-1b") == true)
        #expect(await cloud.calls(of: "attachVolumes").isEmpty)
    }

    @Test func awaitingApprovalCapturesEvidenceThenWaitsForApprove() async throws {
        let harness = EngineHarness(cloud: FakeCloudResponder(instances: [Sample.instance()]))
        let waiting = try await harness.run(Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance,
                                                             mode: .awaitingApproval))
        #expect(waiting.status == .open)
        #expect(waiting.step(.snapshotVolumes)?.status == .succeeded)
        #expect(waiting.step(.protectInstance)?.status == .awaitingApproval)
        #expect(waiting.step(.isolateNetworkInterfaces)?.status == .pending, "its needs await approval")
        #expect(await harness.cloud.calls(of: "protectInstance").isEmpty)
        #expect(try await harness.engine.resumeUnfinished().isEmpty)

        _ = try await harness.engine.approve(incidentId: waiting.id, by: "bob")
        let contained = try await harness.engine.settled(incidentId: waiting.id)
        #expect(contained.status == .contained)
        #expect(contained.timeline.contains { $0.actor == "bob" && $0.message.contains("approved") })
    }

    @Test func aSaveThatFailsIsNotAcknowledgedAndNoCallFollowsIt() async throws {
        let harness = EngineHarness(cloud: FakeCloudResponder(instances: [Sample.instance()]))
        let opened = Sample.incident(.instanceId(Self.instanceId), playbook: .containInstance)
        try await harness.repository.save(opened)
        await harness.repository.setFailSaves(true)
        await #expect(throws: DomainError(.storageFailure, "disk full (test)")) {
            try await harness.engine.start(incidentId: opened.id, by: "test")
        }
        #expect(await harness.cloud.calls.isEmpty)
        #expect(try await harness.engine.settled(incidentId: opened.id).status == .open)
    }

    @Test(arguments: [
        (IncidentTarget.accessKeyId("AKIAIOSFODNN7EXAMPLE"), PlaybookName.containInstance, DomainError.Code.invalidInput),
        (.instanceId("i-1"), .containAccessKey, .invalidInput),
    ])
    func startRefusesAPlaybookThatCannotActOnTheTarget(target: IncidentTarget, playbook: PlaybookName,
                                                       code: DomainError.Code) async throws {
        let harness = EngineHarness(cloud: FakeCloudResponder())
        let incident = Sample.incident(target, playbook: .triage)
        try await harness.repository.save(incident)
        let error = await #expect(throws: DomainError.self) {
            try await harness.engine.start(incidentId: incident.id, playbook: playbook, by: "test")
        }
        #expect(error?.code == code)
    }

    @Test func startOnAnUnknownIncidentIsNotFound() async {
        let harness = EngineHarness(cloud: FakeCloudResponder())
        let error = await #expect(throws: DomainError.self) {
            try await harness.engine.start(incidentId: "inc-missing", by: "test")
        }
        #expect(error?.code == .notFound)
    }
}
