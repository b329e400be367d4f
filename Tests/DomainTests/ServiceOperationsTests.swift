import Foundation
import Testing
@testable import Domain

/// `IncidentService.open`, reading and paging, and actions with their conflicts.
@Suite struct ServiceOperationsTests {
    private typealias E = ServiceEvents
    private static let instance = IncidentTarget.instanceId(E.instanceId)

    @Test func openAppliesDefaultsAndRunsContainment() async throws {
        try await ServiceHarness.run { harness in
            let opened = try await harness.service.open(OpenIncidentRequest(target: Self.instance), idempotencyKey: nil, by: "alice")
            #expect(opened.created)
            #expect(opened.incident.playbook == .containInstance && opened.incident.mode == .automatic)
            #expect(opened.incident.region == "eu-west-1" && opened.incident.reference == opened.incident.id)
            #expect(opened.incident.timeline.first?.actor == "alice")
            #expect(try await harness.settled(opened.incident.id).status == .contained)
        }
    }

    @Test(arguments: [
        OpenIncidentRequest(target: .instanceId("i-xyz")),
        OpenIncidentRequest(target: .ipAddress("10.0.0.300")),
        OpenIncidentRequest(target: .accessKeyId("not-a-key")),
        OpenIncidentRequest(target: .accessKeyId("AKIAIOSFODNN7EXAMPLE"), playbook: .containInstance),
        OpenIncidentRequest(target: instance, playbook: .containAccessKey),
        OpenIncidentRequest(target: instance, reference: "IR 42; rm -rf"),
        OpenIncidentRequest(target: instance, reference: String(repeating: "x", count: 129)),
        OpenIncidentRequest(target: instance, region: "Europe"),
        OpenIncidentRequest(target: instance, region: "eu-west"),
        OpenIncidentRequest(target: instance, account: "1234"),
    ])
    func openRejectsInvalidRequests(request: OpenIncidentRequest) async throws {
        try await ServiceHarness.run { (harness: ServiceHarness) async throws in
            #expect(await domainErrorCode { _ = try await harness.service.open(request, idempotencyKey: nil, by: "alice") } == .invalidInput)
            #expect(try await harness.store.all().isEmpty)
        }
    }

    @Test(arguments: ["us-east-1", "us-gov-west-1", "ap-southeast-5", "cn-north-1", "eu-central-2"])
    func regionNames(region: String) {
        #expect(OpenIncidentRequest.isRegion(region))
    }

    @Test func anIdempotencyKeyReturnsTheSameIncidentAndRefusesADifferentBody() async throws {
        try await ServiceHarness.run { harness in
            let request = OpenIncidentRequest(target: .ipAddress("10.0.1.10"), reference: "IR-7", mode: .awaitingApproval)
            let first = try await harness.service.open(request, idempotencyKey: "retry-1", by: "alice")
            let second = try await harness.service.open(request, idempotencyKey: "retry-1", by: "alice")
            #expect(first.created && !second.created)
            #expect(second.incident.id == first.incident.id)
            var different = request
            different.reference = "IR-8"
            #expect(await domainErrorCode { _ = try await harness.service.open(different, idempotencyKey: "retry-1", by: "alice") } == .conflict)
            #expect(await domainErrorCode { _ = try await harness.service.open(request, idempotencyKey: "has space", by: "alice") } == .invalidInput)
            // Without the key, the same target while its incident is not closed is a conflict too.
            #expect(await domainErrorCode { _ = try await harness.service.open(request, idempotencyKey: nil, by: "alice") } == .conflict)
            #expect(try await harness.store.all().count == 1)
        }
    }

    @Test func pagesAreNewestFirstWithACursorAndAStatusFilter() async throws {
        try await ServiceHarness.run { harness in
            var ids: [String] = []
            for index in 1...5 {
                harness.clock.advance(by: 1)
                let playbook: PlaybookName = index.isMultiple(of: 2) ? .triage : .containInstance
                let target: IncidentTarget = index == 1 ? Self.instance : .ipAddress("10.1.1.\(index)")
                let opened = try await harness.service.open(OpenIncidentRequest(target: target, playbook: playbook), idempotencyKey: nil, by: "alice")
                ids.append(try await harness.settled(opened.incident.id).id)
            }
            let first = try await harness.service.incidents(status: nil, limit: 2, after: nil)
            #expect(first.items.map(\.id) == [ids[4], ids[3]])
            let second = try await harness.service.incidents(status: nil, limit: 2, after: first.nextCursor)
            #expect(second.items.map(\.id) == [ids[2], ids[1]])
            let last = try await harness.service.incidents(status: nil, limit: 2, after: second.nextCursor)
            #expect(last.items.map(\.id) == [ids[0]] && last.nextCursor == nil)
            // 10.1.1.3 and 10.1.1.5 name no instance the cloud knows: their capture fails.
            #expect(try await harness.service.incidents(status: .failed, limit: 10, after: nil).items.map(\.id) == [ids[4], ids[2]])
            #expect(try await harness.service.incidents(status: .contained, limit: 10, after: nil).items.map(\.id) == [ids[0]])
            for limit in [0, 501] {
                #expect(await domainErrorCode { _ = try await harness.service.incidents(status: nil, limit: limit, after: nil) } == .invalidInput)
            }
        }
    }

    @Test func actionsAndTheirConflicts() async throws {
        try await ServiceHarness.run { harness in
            let service = harness.service
            #expect(await domainErrorCode { _ = try await service.perform(.contain, on: "inc-nope", by: "bob") } == .notFound)

            // Triage about an instance: contain runs the instance's containment playbook.
            let triage = try await service.open(OpenIncidentRequest(target: Self.instance, playbook: .triage), idempotencyKey: nil, by: "alice")
            _ = try await harness.settled(triage.incident.id)
            _ = try await service.perform(.contain, on: triage.incident.id, by: "bob")
            let contained = try await harness.settled(triage.incident.id)
            #expect(contained.status == .contained && contained.playbook == .containInstance)
            #expect(await domainErrorCode { _ = try await service.perform(.contain, on: contained.id, by: "bob") } == .conflict)

            let closed = try await service.perform(.close, on: contained.id, by: "bob")
            #expect(closed.status == .closed && closed.timeline.last?.actor == "bob")
            let again = try await service.perform(.close, on: contained.id, by: "carol")
            #expect(again.version == closed.version && again.status == .closed)
            #expect(await domainErrorCode { _ = try await service.perform(.contain, on: contained.id, by: "bob") } == .conflict)
            #expect(await domainErrorCode { _ = try await service.perform(.forensics, on: contained.id, by: "bob") } == .conflict)

            // Closed, the target is free: a new finding opens a new incident.
            let next = try await harness.ingest(E.guardDutyFinding(id: "gd-9"))
            #expect(next.incidents.first?.created == true && next.incidents.first?.id != contained.id)

            let key = try await service.open(OpenIncidentRequest(target: .accessKeyId("AKIAIOSFODNN7EXAMPLE")), idempotencyKey: nil, by: "alice")
            #expect(await domainErrorCode { _ = try await service.perform(.forensics, on: key.incident.id, by: "bob") } == .conflict)
        }
    }

    @Test(arguments: [PlaybookName.containInstance, .triage])
    func containingAnIncidentAwaitingApprovalApprovesIt(playbook: PlaybookName) async throws {
        try await ServiceHarness.run { harness in
            let request = OpenIncidentRequest(target: Self.instance, playbook: playbook, mode: .awaitingApproval)
            let opened = try await harness.service.open(request, idempotencyKey: nil, by: "alice")
            let waiting = try await harness.settled(opened.incident.id)
            #expect(waiting.status == .open)
            #expect(waiting.step(.protectInstance)?.status == (playbook == .triage ? nil : .awaitingApproval))
            #expect(await harness.cloud.calls(of: "protectInstance").isEmpty)
            _ = try await harness.service.perform(.contain, on: waiting.id, by: "bob")
            let contained = try await harness.settled(waiting.id)
            #expect(contained.status == .contained && contained.mode == .automatic)
            #expect(contained.playbook == .containInstance)
        }
    }

    @Test func aContainedIncidentExtendedToForensicsKeepsItsStepsAndRunsTheForensicOnes() async throws {
        try await ServiceHarness.run { harness in
            let opened = try #require(try await harness.ingest(E.guardDutyFinding()).incidents.first)
            let contained = try await harness.settled(opened.id)
            let describesBefore = await harness.cloud.calls(of: "describeInstance").count
            _ = try await harness.service.perform(.forensics, on: opened.id, by: "bob")
            let extended = try await harness.settled(opened.id)

            #expect(extended.status == .contained && extended.playbook == .forensics)
            #expect(extended.steps.map(\.name) == Playbook.named(.forensics).steps.map(\.name))
            #expect(extended.steps.allSatisfy { $0.status == .succeeded && $0.attempts == 1 })
            for step in contained.steps { #expect(extended.step(step.name) == step) }
            #expect(await harness.cloud.calls(of: "describeInstance").count == describesBefore)
            #expect(await harness.cloud.calls(of: "attachVolumes").count == 1)
            #expect(await domainErrorCode { _ = try await harness.service.perform(.forensics, on: opened.id, by: "bob") } == .conflict)
        }
    }

    @Test func closingARunningWorkflowCancelsWhatHasNotStarted() async throws {
        try await ServiceHarness.run { harness in
            let opened = try await harness.service.open(OpenIncidentRequest(target: Self.instance), idempotencyKey: nil, by: "alice")
            let closed = try await harness.service.perform(.close, on: opened.incident.id, by: "bob")
            #expect(closed.status == .closed)
            let settled = try await harness.settled(opened.incident.id)
            #expect(settled.status == .closed)
            #expect(!settled.steps.contains { $0.status == .pending || $0.status == .running })
            #expect(settled.step(.verifyContainment)?.status == .skipped)
        }
    }
}
