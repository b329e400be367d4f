import Foundation
import Synchronization
import Testing
@testable import Domain

/// What the service and the engine report through `DomainTelemetry`, and the store's status counts.
@Suite struct TelemetryTests {
    /// Collects every reported event.
    final class Collected: DomainTelemetry {
        private let storage = Mutex<[TelemetryEvent]>([])
        func record(_ event: TelemetryEvent) { storage.withLock { $0.append(event) } }
        var all: [TelemetryEvent] { storage.withLock { $0 } }
    }

    @Test func aContainedIncidentReportsItsOpeningEveryStepAndItsEnd() async throws {
        let collected = Collected()
        try await ServiceHarness.run(telemetry: collected) { harness in
            let opened = try await harness.service.open(OpenIncidentRequest(target: .instanceId(ServiceEvents.instanceId)),
                                                        idempotencyKey: nil, by: AuditActor(name: "alice", role: "responder"))
            let id = opened.incident.id
            let settled = try await harness.settled(id)
            #expect(settled.status == .contained)
            let events = collected.all
            #expect(events.first == .incidentOpened(incidentId: id, target: ServiceEvents.instanceId, playbook: .containInstance,
                                                    mode: .automatic, by: "alice"))
            let succeeded = events.compactMap { event -> StepName? in
                if case .stepSucceeded(id, let step, _, _) = event { return step }
                return nil
            }
            #expect(Set(succeeded) == Set(settled.steps.filter { $0.status == .succeeded }.map(\.name)))
            #expect(!succeeded.isEmpty)
            #expect(events.last == .workflowFinished(incidentId: id, status: .contained))
            let counts = harness.store.statusCounts.snapshot()
            #expect(counts[.contained] == 1 && counts[.containing] == 0 && counts[.open] == 0)
        }
    }

    @Test func aStepThatFailsForGoodReportsItsErrorAndTheFailedWorkflow() async throws {
        let collected = Collected()
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        await cloud.fail("describeInstance", with: DomainError(.cloudFailure, "UnauthorizedOperation: denied"))
        try await ServiceHarness.run(cloud: cloud, telemetry: collected) { harness in
            let id = try await harness.service.open(OpenIncidentRequest(target: .instanceId(ServiceEvents.instanceId)),
                                                    idempotencyKey: nil, by: "alice").incident.id
            #expect(try await harness.settled(id).status == .failed)
            let failures = collected.all.compactMap { event -> Bool? in
                if case .stepFailed(id, _, _, _, let error, let willRetry) = event, error.contains("denied") { return willRetry }
                return nil
            }
            #expect(failures == [false])
            #expect(collected.all.last == .workflowFinished(incidentId: id, status: .failed))
            #expect(harness.store.statusCounts.snapshot()[.failed] == 1)
        }
    }

    @Test func aRetriedStepReportsEachFailedAttemptByItsNumber() async throws {
        let collected = Collected()
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        await cloud.fail("describeInstance", with: DomainError(.cloudTransient, "RequestLimitExceeded"), times: 2)
        try await ServiceHarness.run(cloud: cloud, telemetry: collected) { harness in
            let id = try await harness.service.open(OpenIncidentRequest(target: .instanceId(ServiceEvents.instanceId)),
                                                    idempotencyKey: nil, by: "alice").incident.id
            _ = try await harness.settled(id)
            let capture = collected.all.compactMap { event -> String? in
                switch event {
                case .stepFailed(id, .captureInstance, let attempts, _, _, let willRetry): "failed \(attempts) retry \(willRetry)"
                case .stepSucceeded(id, .captureInstance, let attempts, _): "succeeded \(attempts)"
                default: nil
                }
            }
            #expect(capture == ["failed 1 retry true", "failed 2 retry true", "succeeded 3"])
        }
    }

    @Test func countsFollowTheLatestVersionOnly() {
        let counts = IncidentStatusCounts()
        var incident = Incident(id: "inc-1", target: .instanceId("i-1"), region: "eu-west-1", playbook: .containInstance,
                                openedBy: "alice", at: Date(timeIntervalSince1970: 0))
        incident.version = 2
        incident.status = .containing
        counts.update(IncidentSummary(incident))
        var stale = incident
        stale.version = 1
        stale.status = .open
        counts.update(IncidentSummary(stale))
        #expect(counts.snapshot()[.containing] == 1 && counts.snapshot()[.open] == 0)
        incident.version = 3
        incident.status = .contained
        counts.update(IncidentSummary(incident))
        #expect(counts.snapshot()[.containing] == 0 && counts.snapshot()[.contained] == 1)
        #expect(counts.snapshot().count == IncidentStatus.allCases.count)
    }
}
