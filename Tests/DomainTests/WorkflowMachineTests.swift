import Foundation
import Testing
@testable import Domain

/// One row of the transition table: a machine brought to a state by `prior` events, then `event`.
struct Transition: Sendable, CustomTestStringConvertible {
    var name: String
    var playbook: PlaybookName = .containInstance
    var mode: IncidentMode = .automatic
    var prior: [WorkflowEvent] = []
    var event: WorkflowEvent
    var actions: [String]
    var steps: [StepName: StepStatus] = [:]
    var status: IncidentStatus

    var testDescription: String { name }
}

private let captured = StepResult(effect: CloudEffect(requestIds: ["r-1"]),
                                  evidence: [.instance(Sample.instance(), step: .captureInstance, at: testEpoch)])
private let snapshotted = StepResult(effect: CloudEffect(createdResourceIds: ["snap-1", "snap-2"]),
                                     evidence: [.snapshots(["vol-1": "snap-1"], step: .snapshotVolumes, at: testEpoch)])
private let start = WorkflowEvent.start(by: "alice")
private let joined = WorkflowEvent.signalJoined(
    SignalSummary(source: "guardduty", kind: "Backdoor:EC2/C&CActivity.B", time: testEpoch, severity: "High",
                  title: "C&C traffic", dedupKey: "guardduty:gd-2"), by: "rule high-severity-finding-on-instance")
private let extend = WorkflowEvent.extend(to: .forensics, by: "bob")
private let close = WorkflowEvent.close(by: "bob")
private let afterCapture: [StepName] = [.protectInstance, .detachFromAutoScaling, .deregisterFromLoadBalancers,
                                        .prepareIsolationGroups, .snapshotVolumes]

private func names(_ actions: [WorkflowAction]) -> [String] {
    actions.map { action in
        switch action {
        case .persist: "persist"
        case .call(let step, _): "call \(step.rawValue)"
        case .finish(let status): "finish \(status.rawValue)"
        }
    }
}

private func machine(_ playbook: PlaybookName, _ mode: IncidentMode, after events: [WorkflowEvent]) -> WorkflowMachine {
    var machine = WorkflowMachine(incident: Sample.incident(.instanceId("i-0abc1234def567890"), playbook: playbook, mode: mode))
    for event in events { _ = machine.handle(event, at: testEpoch) }
    return machine
}

@Suite struct WorkflowMachineTests {
    static let table: [Transition] = [
        Transition(name: "start records capture's intent, then calls it", event: start,
                   actions: ["persist", "call capture-instance"], steps: [.captureInstance: .running, .protectInstance: .pending],
                   status: .containing),
        Transition(name: "a second start changes nothing", prior: [start], event: start, actions: [],
                   steps: [.captureInstance: .running], status: .containing),
        Transition(name: "capture fans out to every step that needs only it", prior: [start],
                   event: .stepSucceeded(.captureInstance, captured),
                   actions: ["persist"] + afterCapture.map { "call \($0.rawValue)" },
                   steps: [.captureInstance: .succeeded, .isolateNetworkInterfaces: .pending, .tagInstance: .pending,
                           .verifyContainment: .pending],
                   status: .containing),
        Transition(name: "the quarantine tag goes on once isolation is done, alongside verification",
                   prior: [start, .stepSucceeded(.captureInstance, captured), .stepSucceeded(.snapshotVolumes, snapshotted)]
                       + afterCapture.filter { $0 != .snapshotVolumes }.map { .stepSucceeded($0, StepResult()) },
                   event: .stepSucceeded(.isolateNetworkInterfaces, StepResult()),
                   actions: ["persist", "call tag-instance", "call verify-containment"],
                   steps: [.tagInstance: .running, .verifyContainment: .running], status: .containing),
        Transition(name: "a failed capture skips every other step and fails", prior: [start],
                   event: .stepFailed(.captureInstance, error: "AccessDenied", retryable: false),
                   actions: ["persist", "finish failed"],
                   steps: [.captureInstance: .failed, .protectInstance: .skipped, .isolateNetworkInterfaces: .skipped,
                           .verifyContainment: .skipped],
                   status: .failed),
        Transition(name: "a retryable failure calls the step again", prior: [start],
                   event: .stepFailed(.captureInstance, error: "Throttling", retryable: true),
                   actions: ["persist", "call capture-instance"], steps: [.captureInstance: .running], status: .containing),
        Transition(name: "the last allowed attempt's failure is final",
                   prior: [start, .stepFailed(.captureInstance, error: "Throttling", retryable: true),
                           .stepFailed(.captureInstance, error: "Throttling", retryable: true)],
                   event: .stepFailed(.captureInstance, error: "Throttling", retryable: true),
                   actions: ["persist", "finish failed"], steps: [.captureInstance: .failed], status: .failed),
        Transition(name: "an outcome for a step that is not running is ignored",
                   event: .stepSucceeded(.captureInstance, captured), actions: [], steps: [:], status: .open),
        Transition(name: "a failed snapshot skips isolation, which has not started",
                   prior: [start, .stepSucceeded(.captureInstance, captured)],
                   event: .stepFailed(.snapshotVolumes, error: "SnapshotLimitExceeded", retryable: false),
                   actions: ["persist"],
                   steps: [.snapshotVolumes: .failed, .isolateNetworkInterfaces: .skipped, .verifyContainment: .skipped,
                           .protectInstance: .running],
                   status: .containing),
        Transition(name: "awaiting approval, only evidence steps start", mode: .awaitingApproval, prior: [start],
                   event: .stepSucceeded(.captureInstance, captured),
                   actions: ["persist", "call snapshot-volumes"],
                   steps: [.snapshotVolumes: .running, .protectInstance: .awaitingApproval, .tagInstance: .pending],
                   status: .containing),
        Transition(name: "with evidence done and approval pending, the incident waits open", mode: .awaitingApproval,
                   prior: [start, .stepSucceeded(.captureInstance, captured)],
                   event: .stepSucceeded(.snapshotVolumes, snapshotted), actions: ["persist"],
                   steps: [.snapshotVolumes: .succeeded, .protectInstance: .awaitingApproval], status: .open),
        Transition(name: "approve starts the destructive steps", mode: .awaitingApproval,
                   prior: [start, .stepSucceeded(.captureInstance, captured), .stepSucceeded(.snapshotVolumes, snapshotted)],
                   event: .approve(by: "bob"),
                   actions: ["persist"] + afterCapture.filter { $0 != .snapshotVolumes }.map { "call \($0.rawValue)" },
                   steps: [.protectInstance: .running], status: .containing),
        Transition(name: "approve before the start only switches the mode", mode: .awaitingApproval,
                   event: .approve(by: "bob"), actions: ["persist"], steps: [:], status: .open),
        Transition(name: "approve in automatic mode changes nothing", prior: [start], event: .approve(by: "bob"),
                   actions: [], steps: [.captureInstance: .running], status: .containing),
        Transition(name: "resume calls a running step again", prior: [start], event: .resumed,
                   actions: ["persist", "call capture-instance"], steps: [.captureInstance: .running], status: .containing),
        Transition(name: "cancel skips what has not started and waits for calls in flight", prior: [start],
                   event: .cancel(by: "bob"), actions: ["persist"],
                   steps: [.captureInstance: .running, .protectInstance: .skipped], status: .containing),
        Transition(name: "after cancel a retryable failure is final",
                   prior: [start, .cancel(by: "bob")],
                   event: .stepFailed(.captureInstance, error: "Throttling", retryable: true),
                   actions: ["persist", "finish failed"], steps: [.captureInstance: .failed], status: .failed),
        Transition(name: "triage has no actions and stays open", playbook: .triage, event: start,
                   actions: ["persist", "finish open"], status: .open),
        Transition(name: "access keys: capture fans out to deactivate, revoke and tag", playbook: .containAccessKey,
                   prior: [start],
                   event: .stepSucceeded(.captureAccessKey, StepResult(
                       evidence: [.accessKey(Sample.accessKey, step: .captureAccessKey, at: testEpoch)])),
                   actions: ["persist", "call deactivate-access-key", "call revoke-sessions", "call tag-user"],
                   steps: [.verifyAccessKey: .pending], status: .containing),
        Transition(name: "a signal joins a running workflow with one save and no call", prior: [start], event: joined,
                   actions: ["persist"], steps: [.captureInstance: .running], status: .containing),
        Transition(name: "the same signal joining twice is recorded once", prior: [start, joined], event: joined,
                   actions: [], steps: [.captureInstance: .running], status: .containing),
        Transition(name: "a signal joins an incident whose workflow has not started", event: joined,
                   actions: ["persist"], status: .open),
        Transition(name: "close skips what has not started and waits for nothing", prior: [start], event: close,
                   actions: ["persist"], steps: [.captureInstance: .running, .protectInstance: .skipped,
                                                 .verifyContainment: .skipped], status: .closed),
        Transition(name: "close before the start finishes at once", event: close, actions: ["persist", "finish closed"],
                   status: .closed),
        Transition(name: "closing a closed incident changes nothing", prior: [close], event: close, actions: [],
                   status: .closed),
        Transition(name: "after close, an outcome is recorded and nothing starts", prior: [start, close],
                   event: .stepSucceeded(.captureInstance, captured), actions: ["persist", "finish closed"],
                   steps: [.captureInstance: .succeeded, .protectInstance: .skipped], status: .closed),
        Transition(name: "after close, a retryable failure is final", prior: [start, close],
                   event: .stepFailed(.captureInstance, error: "Throttling", retryable: true),
                   actions: ["persist", "finish closed"], steps: [.captureInstance: .failed], status: .closed),
        Transition(name: "a closed incident does not start again", prior: [close], event: start, actions: [],
                   status: .closed),
        Transition(name: "extending a running containment adds forensic steps that wait on their needs", prior: [start],
                   event: extend, actions: ["persist"],
                   steps: [.captureInstance: .running, .launchForensicWorkstation: .pending, .attachForensicVolumes: .pending],
                   status: .containing),
        Transition(name: "extending after capture launches the workstation at once",
                   prior: [start, .stepSucceeded(.captureInstance, captured)], event: extend,
                   actions: ["persist", "call launch-forensic-workstation"],
                   steps: [.captureInstance: .succeeded, .protectInstance: .running, .launchForensicWorkstation: .running,
                           .createForensicVolumes: .pending],
                   status: .containing),
        Transition(name: "extending a failed containment repeats only what did not succeed",
                   prior: [start, .stepSucceeded(.captureInstance, captured)]
                       + afterCapture.map { .stepFailed($0, error: "Boom", retryable: false) },
                   event: extend,
                   actions: ["persist"] + afterCapture.map { "call \($0.rawValue)" } + ["call launch-forensic-workstation"],
                   steps: [.captureInstance: .succeeded, .protectInstance: .running, .isolateNetworkInterfaces: .pending],
                   status: .containing),
        Transition(name: "awaiting approval, extension runs no destructive step", mode: .awaitingApproval,
                   prior: [start, .stepSucceeded(.captureInstance, captured), .stepSucceeded(.snapshotVolumes, snapshotted)],
                   event: extend, actions: ["persist"],
                   steps: [.launchForensicWorkstation: .awaitingApproval, .protectInstance: .awaitingApproval], status: .open),
        Transition(name: "an access-key workflow is not extended to forensics", playbook: .containAccessKey, prior: [start],
                   event: extend, actions: [], steps: [.captureAccessKey: .running], status: .containing),
        Transition(name: "a closed incident is not extended", prior: [close], event: extend, actions: [], status: .closed),
        Transition(name: "a closed incident resumed after a restart records its calls in flight as not repeated",
                   prior: [start, close], event: .resumed, actions: ["persist", "finish closed"],
                   steps: [.captureInstance: .failed, .protectInstance: .skipped], status: .closed),
        Transition(name: "a closed incident with nothing in flight is not resumed", prior: [close], event: .resumed,
                   actions: [], status: .closed),
        Transition(name: "a cancelled workflow resumed after a restart does not repeat its calls in flight",
                   prior: [start, .cancel(by: "bob")], event: .resumed, actions: ["persist", "finish failed"],
                   steps: [.captureInstance: .failed, .protectInstance: .skipped], status: .failed),
    ]

    @Test(arguments: table)
    func transition(_ row: Transition) {
        var machine = machine(row.playbook, row.mode, after: row.prior)
        let actions = machine.handle(row.event, at: testEpoch + 60)
        #expect(names(actions) == row.actions)
        for (step, status) in row.steps {
            #expect(machine.incident.step(step)?.status == status, "\(step.rawValue)")
        }
        #expect(machine.incident.status == row.status)
        // Whatever the machine changed is persisted before any call, and what is persisted is its state.
        if case .persist(let saved)? = actions.first {
            #expect(saved == machine.incident)
        }
    }

    @Test func theIntentIsPersistedBeforeTheCallWithTheNextAttemptAndTheStepToken() throws {
        var machine = machine(.containInstance, .automatic, after: [])
        let actions = machine.handle(start, at: testEpoch)
        guard case .persist(let saved) = actions[0], case .call(let step, let token) = actions[1] else {
            Issue.record("expected persist then call, got \(names(actions))")
            return
        }
        let intent = try #require(saved.step(step))
        #expect(intent.status == .running)
        #expect(intent.attempts == 1)
        #expect(intent.startedAt == testEpoch)
        #expect(token == IdempotencyToken(incidentId: saved.id, step: step))
        #expect(saved.version == 1)
    }

    @Test func cancellationIsKeptInTheIncidentAndANewStartClearsIt() throws {
        var machine = machine(.containInstance, .automatic, after: [start, .cancel(by: "bob")])
        #expect(machine.incident.cancelledBy == "bob")
        let restarted = WorkflowMachine(incident: machine.incident)
        #expect(restarted.incident.cancelledBy == "bob")
        _ = machine.handle(.stepFailed(.captureInstance, error: "Boom", retryable: false), at: testEpoch)
        #expect(machine.incident.status == .failed)
        _ = machine.handle(start, at: testEpoch)
        #expect(machine.incident.cancelledBy == nil)
        #expect(machine.incident.step(.captureInstance)?.status == .running)
    }

    @Test func extensionKeepsEverySucceededStepAsItWasAndAddsTheForensicSteps() {
        var machine = machine(.containInstance, .automatic, after: [start, .stepSucceeded(.captureInstance, captured)])
        let before = machine.incident
        _ = machine.handle(extend, at: testEpoch + 60)
        #expect(machine.playbook.name == .forensics && machine.incident.playbook == .forensics)
        #expect(machine.incident.steps.map(\.name) == Playbook.named(.forensics).steps.map(\.name))
        #expect(machine.incident.step(.captureInstance) == before.step(.captureInstance))
        #expect(machine.incident.timeline.last?.actor == "bob")
        #expect(machine.incident.timeline.last?.message.contains("attach-forensic-volumes") == true)
    }

    @Test func resumeKeepsTheTokenAndCountsTheAttempt() throws {
        var machine = machine(.containInstance, .automatic, after: [start])
        let first = machine.handle(.stepFailed(.captureInstance, error: "Throttling", retryable: true), at: testEpoch)
        var restarted = WorkflowMachine(incident: machine.incident)
        let resumed = restarted.handle(.resumed, at: testEpoch + 5)
        #expect(first.last == resumed.last)
        #expect(restarted.incident.step(.captureInstance)?.attempts == 3)
        #expect(restarted.incident.timeline.last?.message.contains("same idempotency token") == true)
    }

    @Test func aResumedStepBeyondItsAttemptsFailsInsteadOfLoopingOnRestarts() {
        var incident = machine(.containInstance, .automatic, after: [start]).incident
        incident.steps[0].attempts = RetryPolicy().maxAttempts
        var restarted = WorkflowMachine(incident: incident)
        #expect(names(restarted.handle(.resumed, at: testEpoch)) == ["persist", "finish failed"])
    }

    @Test func aFailedEvidenceStepGivesEachSkippedStepItsReason() {
        var machine = machine(.containInstance, .automatic, after: [start])
        _ = machine.handle(.stepFailed(.captureInstance, error: "AccessDenied", retryable: false), at: testEpoch)
        #expect(machine.incident.step(.protectInstance)?.error == "needs capture-instance, which failed")
        #expect(machine.incident.step(.verifyContainment)?.error?.hasPrefix("needs ") == true)
        #expect(machine.incident.timeline.last?.message.contains("capture-instance: AccessDenied") == true)
    }

    @Test func everyPersistIncrementsTheVersion() {
        var machine = machine(.containInstance, .automatic, after: [])
        var versions: [Int] = []
        for event in [start, .stepSucceeded(.captureInstance, captured), .cancel(by: "bob")] {
            for case .persist(let incident) in machine.handle(event, at: testEpoch) { versions.append(incident.version) }
        }
        #expect(versions == [1, 2, 3])
    }

    @Test func aFailedIncidentCanBeStartedAgainAndKeepsWhatSucceeded() {
        var machine = machine(.containInstance, .automatic, after: [start, .stepSucceeded(.captureInstance, captured)])
        for step in afterCapture {
            _ = machine.handle(.stepFailed(step, error: "Boom", retryable: false), at: testEpoch)
        }
        #expect(machine.incident.status == .failed)
        let actions = machine.handle(start, at: testEpoch + 60)
        #expect(names(actions) == ["persist"] + afterCapture.map { "call \($0.rawValue)" })
        #expect(machine.incident.step(.captureInstance)?.status == .succeeded)
        #expect(machine.incident.step(.protectInstance)?.attempts == 1)
    }
}
