import Foundation
import Testing
@testable import Domain

/// Several events decided in one engine turn share one save, and no call precedes the save of its intent.
@Suite struct WorkflowTurnTests {
    private static let done = StepResult(effect: CloudEffect(requestIds: ["r-1"]))
    private static let captured = StepResult(effect: CloudEffect(requestIds: ["r-0"]),
                                             evidence: [.instance(Sample.instance(), step: .captureInstance, at: testEpoch)])

    /// A contain-instance machine whose capture succeeded: six steps are running, and the version is the saved one.
    private func capturedMachine() -> WorkflowMachine {
        var machine = WorkflowMachine(incident: Sample.incident(.instanceId("i-0abc1234def567890"), playbook: .containInstance))
        for event in [WorkflowEvent.start(by: "alice"), .stepSucceeded(.captureInstance, Self.captured)] {
            _ = machine.coalesce([machine.handle(event, at: testEpoch)], since: machine.incident.version)
        }
        return machine
    }

    /// Handles the events one after another, as the engine does within a turn, and coalesces their actions.
    private func turn(_ machine: inout WorkflowMachine, _ events: [WorkflowEvent]) -> [WorkflowAction] {
        let saved = machine.incident.version
        let decisions = events.map { machine.handle($0, at: testEpoch + 1) }
        return machine.coalesce(decisions, since: saved)
    }

    @Test func outcomesArrivingTogetherAreSavedOnceBeforeTheCallsTheyUnlock() throws {
        var machine = capturedMachine()
        let saved = machine.incident.version
        let actions = turn(&machine, [.stepSucceeded(.detachFromAutoScaling, Self.done),
                                      .stepSucceeded(.deregisterFromLoadBalancers, Self.done),
                                      .stepSucceeded(.prepareIsolationGroups, Self.done)])
        #expect(actions.count == 2)
        guard case .persist(let persisted) = actions.first, case .call(let step, let token) = actions.last else {
            Issue.record("expected one save then one call, got \(actions)")
            return
        }
        #expect(step == .isolateNetworkInterfaces)
        #expect(token == IdempotencyToken(incidentId: persisted.id, step: .isolateNetworkInterfaces))
        // The one save is the next version and holds all three outcomes and the new intent.
        #expect(persisted.version == saved + 1)
        #expect(persisted == machine.incident)
        #expect(persisted.step(.isolateNetworkInterfaces)?.status == .running)
        for name in [StepName.detachFromAutoScaling, .deregisterFromLoadBalancers, .prepareIsolationGroups] {
            #expect(persisted.step(name)?.status == .succeeded, "\(name.rawValue)")
        }
    }

    @Test func aTurnOfStaleOutcomesSavesNothing() {
        var machine = capturedMachine()
        let before = machine.incident
        // Capture is no longer running: its outcome again (a duplicate report) changes nothing.
        let actions = turn(&machine, [.stepSucceeded(.captureInstance, Self.captured), .stepSucceeded(.captureInstance, Self.captured)])
        #expect(actions.isEmpty)
        #expect(machine.incident == before)
    }

    @Test func aTurnThatFinishesSavesTheFinalStateOnceThenFinishes() throws {
        var machine = capturedMachine()
        let running: [StepName] = [.protectInstance, .detachFromAutoScaling, .deregisterFromLoadBalancers,
                                   .prepareIsolationGroups]
        _ = turn(&machine, running.map { .stepSucceeded($0, Self.done) })
        let snapshots = StepResult(effect: CloudEffect(createdResourceIds: ["snap-1", "snap-2"]),
                                   evidence: [.snapshots(["vol-7890001": "snap-1", "vol-7890002": "snap-2"],
                                                         step: .snapshotVolumes, at: testEpoch)])
        _ = turn(&machine, [.stepSucceeded(.snapshotVolumes, snapshots), .stepSucceeded(.isolateNetworkInterfaces, Self.done)])
        let saved = machine.incident.version
        let actions = turn(&machine, [.stepSucceeded(.verifyContainment, Self.done), .stepSucceeded(.tagInstance, Self.done)])
        #expect(actions == [.persist(machine.incident), .finish(.contained)])
        #expect(machine.incident.version == saved + 1)
        #expect(machine.incident.status == .contained)
    }
}
