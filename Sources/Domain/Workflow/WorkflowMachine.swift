import FoundationEssentials

/// The workflow of one incident as a pure state machine: it takes events and returns the actions the engine
/// performs, in order. It does no I/O; time comes in with each event.
///
/// Rules (DESIGN.md "Incidents and workflows" and "Persistence"):
/// - a step's intent (`running`, attempts + 1) is in a `persist` action before its `call`;
/// - steps whose needs have all succeeded run in parallel;
/// - a step whose need failed or was skipped is skipped; once an evidence step has failed, no destructive
///   step starts;
/// - in mode `awaitingApproval` only evidence steps start until `approve`;
/// - the workflow finishes when every step is terminal: `contained` if all succeeded, else `failed`;
/// - a cancellation is recorded in the incident (`cancelledBy`), so calls in flight are neither retried nor,
///   after a restart, repeated;
/// - a closed incident starts nothing; outcomes of calls that were in flight are still recorded;
/// - an exempt target (tag `cordon:exempt=true` or configured) gets no destructive step: they are skipped with the
///   reason and the incident stays `open`;
/// - approvals count only from someone other than the requester, for the current plan, until they expire; the
///   one that reaches the required count approves, once (later ones find the incident no longer waiting);
/// - `release` runs the `release` playbook on a contained or failed instance and ends `released`.
public struct WorkflowMachine: Sendable {
    /// The timeline actor for what the engine does by itself.
    public static let engineActor = "cordon"

    /// The incident, including its steps: the machine's whole state.
    public private(set) var incident: Incident
    /// The playbook the incident runs.
    public private(set) var playbook: Playbook
    /// How often a failing step is tried.
    public let retryPolicy: RetryPolicy
    /// Resources never acted on besides tagged ones.
    public let exemptResources: Set<String>

    /// Creates the machine of an incident as loaded or opened.
    public init(incident: Incident, retryPolicy: RetryPolicy = RetryPolicy(), exemptResources: Set<String> = []) {
        self.incident = incident
        self.playbook = Playbook.named(incident.playbook)
        self.retryPolicy = retryPolicy
        self.exemptResources = exemptResources
    }

    /// Whether a step's call is in flight (the engine waits for its outcome).
    public var hasRunningSteps: Bool {
        incident.steps.contains { $0.status == .running }
    }

    /// Applies an event at time `now` and returns the actions to perform, in order.
    public mutating func handle(_ event: WorkflowEvent, at now: Date) -> [WorkflowAction] {
        switch event {
        case .start(let actor): start(by: actor, at: now)
        case .resumed: resume(at: now)
        case .stepSucceeded(let name, let result): succeed(name, with: result, at: now)
        case .stepFailed(let name, let error, let retryable): fail(name, error: error, retryable: retryable, at: now)
        case .approve(let actor): approve(by: actor, at: now)
        case .cancel(let actor): cancel(by: actor, at: now)
        case .signalJoined(let signal, let actor): join(signal, by: actor, at: now)
        case .extend(let name, let actor): extend(to: name, by: actor, at: now)
        case .close(let actor): close(by: actor, at: now)
        case .approvalGiven(let approval, let required): record(approval, required: required, at: now)
        case .release(let actor): release(by: actor, at: now)
        }
    }

    /// Joins the actions of events handled one after another into one turn: one save of the incident as it is now,
    /// as the version after `version` (the last one saved), then every call in order, then the finishes. Each
    /// decision's calls followed its save; they now follow the turn's save, which holds every decision's intent.
    public mutating func coalesce(_ decisions: [[WorkflowAction]], since version: Int) -> [WorkflowAction] {
        var saves = false
        var calls: [WorkflowAction] = []
        var finishes: [WorkflowAction] = []
        for action in decisions.joined() {
            switch action {
            case .persist: saves = true
            case .call: calls.append(action)
            case .finish: finishes.append(action)
            }
        }
        guard saves else { return calls + finishes }
        incident.version = version + 1
        return [.persist(incident)] + calls + finishes
    }

    private mutating func start(by actor: String, at now: Date) -> [WorkflowAction] {
        switch incident.status {
        case .containing, .contained, .closed, .released:
            return []
        case .open where !incident.steps.isEmpty:
            return []
        case .failed:
            resetUnsucceededSteps()
        case .open:
            incident.steps = playbook.steps.map { IncidentStep(name: $0.name) }
        }
        incident.cancelledBy = nil
        incident.status = .containing
        note("started playbook \(playbook.name.rawValue) (\(incident.mode.rawValue))", by: actor, at: now)
        return advance(at: now)
    }

    private mutating func resume(at now: Date) -> [WorkflowAction] {
        let inFlight = incident.steps.filter { $0.status == .running }.map(\.name)
        guard incident.status == .containing || (incident.status == .closed && !inFlight.isEmpty) else { return [] }
        if let canceller = incident.cancelledBy {
            // Cancelled or closed before the restart: what was in flight may or may not have happened, and is not
            // repeated.
            for name in inFlight {
                guard let index = index(of: name) else { continue }
                finishStep(at: index, .failed, error: "in flight when \(canceller) cancelled or closed; not repeated after a restart",
                           at: now)
            }
            return advance(at: now)
        }
        if !inFlight.isEmpty {
            let names = inFlight.map(\.rawValue).joined(separator: ", ")
            note("resumed after a restart; calling \(names) again with the same idempotency token", at: now)
        }
        var calls: [WorkflowAction] = []
        for name in inFlight {
            guard let index = index(of: name) else { continue }
            if incident.steps[index].attempts >= retryPolicy.maxAttempts {
                finishStep(at: index, .failed, error: "interrupted by restarts \(incident.steps[index].attempts) times", at: now)
            } else {
                calls.append(launch(at: index, now: now))
            }
        }
        return advance(at: now, calls: calls)
    }

    private mutating func succeed(_ name: StepName, with result: StepResult, at now: Date) -> [WorkflowAction] {
        // An outcome for a step that is not running is stale (e.g. a duplicate); the recorded state wins.
        guard let index = index(of: name), incident.steps[index].status == .running else { return [] }
        incident.steps[index].awsRequestIds += result.effect.requestIds
        incident.steps[index].createdResourceIds += result.effect.createdResourceIds
        incident.steps[index].outputs.merge(result.effect.outputs) { _, new in new }
        incident.evidence += result.evidence
        finishStep(at: index, .succeeded, error: nil, at: now)
        note("\(name.rawValue) succeeded" + result.evidence.map { ": \($0.summary)" }.joined(), at: now)
        if let reason = exemption(in: result.evidence) { exempt(because: reason, at: now) }
        return advance(at: now)
    }

    private mutating func fail(_ name: StepName, error: String, retryable: Bool, at now: Date) -> [WorkflowAction] {
        guard let index = index(of: name), incident.steps[index].status == .running else { return [] }
        let attempts = incident.steps[index].attempts
        if retryable, incident.cancelledBy == nil, attempts < retryPolicy.maxAttempts {
            incident.steps[index].error = error
            note("\(name.rawValue) attempt \(attempts) failed (\(error)); retrying", at: now)
            return advance(at: now, calls: [launch(at: index, now: now)])
        }
        finishStep(at: index, .failed, error: error, at: now)
        note("\(name.rawValue) failed after \(attempts) attempt(s): \(error)", at: now)
        return advance(at: now)
    }

    private mutating func approve(by actor: String, at now: Date) -> [WorkflowAction] {
        guard incident.mode == .awaitingApproval, incident.status == .open || incident.status == .containing else {
            return []
        }
        incident.mode = .automatic
        note("approved the destructive steps", by: actor, at: now)
        // Approved before it started: the workflow runs in full when it is started.
        guard !incident.steps.isEmpty else { return [persisted(at: now)] }
        for index in incident.steps.indices where incident.steps[index].status == .awaitingApproval {
            incident.steps[index].status = .pending
        }
        incident.status = .containing
        return advance(at: now)
    }

    private mutating func record(_ approval: Approval, required: Int, at now: Date) -> [WorkflowAction] {
        guard incident.mode == .awaitingApproval, incident.status == .open || incident.status == .containing,
              approval.actor.name != requester else { return [] }
        // Expired approvals, approvals of another plan and an earlier approval by the same responder no longer count.
        var counting = (incident.approvals ?? []).filter { earlier in
            earlier.counts(for: approval.planDigest, at: now) && earlier.actor.name != approval.actor.name
        }
        counting.append(approval)
        incident.approvals = counting
        let digest = approval.planDigest.prefix(12)
        note("approval \(counting.count) of \(required) for plan \(digest)", by: approval.actor.name, at: now)
        guard counting.count >= required else { return [persisted(at: now)] }
        return approve(by: approval.actor.name, at: now)
    }

    /// Who asked for the incident: approvals from them do not count (four eyes).
    private var requester: String? {
        incident.timeline.first?.actor
    }

    private mutating func release(by actor: String, at now: Date) -> [WorkflowAction] {
        guard incident.status == .contained || incident.status == .failed, !hasRunningSteps,
              Playbook.named(.release).accepts(incident.target),
              incident.evidence.contains(where: { $0.instance != nil }) else { return [] }
        playbook = Playbook.named(.release)
        incident.playbook = .release
        // A failed release is repeated from scratch; the containment steps stay as they were.
        incident.steps.removeAll { playbook.step($0.name) != nil }
        incident.steps += playbook.steps.map { IncidentStep(name: $0.name) }
        incident.cancelledBy = nil
        incident.status = .containing
        note("releasing from quarantine: restoring the state recorded before containment", by: actor, at: now)
        return advance(at: now)
    }

    /// Why the captured target must be left alone, if it must.
    private func exemption(in evidence: [EvidenceRecord]) -> String? {
        for record in evidence {
            if let instance = record.instance, let reason = Exemption.reason(for: instance, configured: exemptResources) {
                return reason
            }
            if let key = record.accessKey, let reason = Exemption.reason(for: key, configured: exemptResources) {
                return reason
            }
        }
        return nil
    }

    /// Skips every step that would change the target (or verify a change), saying why.
    private mutating func exempt(because reason: String, at now: Date) {
        incident.exemption = reason
        for node in playbook.steps where node.kind != .evidence {
            guard let index = index(of: node.name),
                  incident.steps[index].status == .pending || incident.steps[index].status == .awaitingApproval
            else { continue }
            finishStep(at: index, .skipped, error: "exempt: \(reason)", at: now)
        }
        note("not acting on the target: \(reason); evidence only", at: now)
    }

    private mutating func cancel(by actor: String, at now: Date) -> [WorkflowAction] {
        guard incident.status == .containing || incident.status == .open, !incident.steps.isEmpty else { return [] }
        incident.cancelledBy = actor
        for index in incident.steps.indices
        where incident.steps[index].status == .pending || incident.steps[index].status == .awaitingApproval {
            finishStep(at: index, .skipped, error: "cancelled by \(actor)", at: now)
        }
        incident.status = .containing
        note("cancelled the workflow", by: actor, at: now)
        return advance(at: now)
    }

    private mutating func join(_ signal: SignalSummary, by actor: String, at now: Date) -> [WorkflowAction] {
        // The same signal delivered twice (e.g. re-applied after a restart) is recorded once.
        guard !incident.signals.contains(where: { $0.dedupKey == signal.dedupKey }) else { return [] }
        incident.signals.append(signal)
        note("signal joined: \(signal.source) \(signal.kind) (\(signal.severity)): \(signal.title)", by: actor, at: now)
        return [persisted(at: now)]
    }

    private mutating func extend(to name: PlaybookName, by actor: String, at now: Date) -> [WorkflowAction] {
        let extended = Playbook.named(name)
        // Only a playbook holding every step of the current one extends it (contain-instance to forensics).
        guard incident.status != .closed, incident.status != .released, name != playbook.name, extended.accepts(incident.target),
              playbook.steps.allSatisfy({ extended.step($0.name) != nil }) else { return [] }
        if incident.status == .failed { resetUnsucceededSteps() }
        let added = extended.steps.filter { incident.step($0.name) == nil }.map(\.name)
        incident.steps = extended.steps.map { node in incident.step(node.name) ?? IncidentStep(name: node.name) }
        playbook = extended
        incident.playbook = name
        incident.cancelledBy = nil
        incident.status = .containing
        note("extended the workflow to playbook \(name.rawValue), adding \(added.map(\.rawValue).joined(separator: ", "))",
             by: actor, at: now)
        return advance(at: now)
    }

    private mutating func close(by actor: String, at now: Date) -> [WorkflowAction] {
        guard incident.status != .closed else { return [] }
        for index in incident.steps.indices
        where incident.steps[index].status == .pending || incident.steps[index].status == .awaitingApproval {
            finishStep(at: index, .skipped, error: "incident closed by \(actor)", at: now)
        }
        incident.status = .closed
        guard hasRunningSteps else {
            note("closed the incident", by: actor, at: now)
            return [persisted(at: now), .finish(.closed)]
        }
        incident.cancelledBy = actor
        note("closed the incident; calls in flight are recorded when they return, and not retried", by: actor, at: now)
        return [persisted(at: now)]
    }

    /// Skips what can never run, starts what can, and finishes when nothing is left; `calls` are retries or
    /// resumed calls already marked running.
    private mutating func advance(at now: Date, calls: [WorkflowAction] = []) -> [WorkflowAction] {
        guard incident.status != .closed else {
            // Closed: nothing starts; the outcome that led here is recorded.
            return hasRunningSteps ? [persisted(at: now)] : [persisted(at: now), .finish(.closed)]
        }
        skipUnreachableSteps(at: now)
        var calls = calls
        for node in playbook.steps {
            guard let index = index(of: node.name), incident.steps[index].status == .pending,
                  node.needs.allSatisfy({ self.incident.step($0)?.status == .succeeded }) else { continue }
            if incident.mode == .awaitingApproval, node.kind != .evidence {
                incident.steps[index].status = .awaitingApproval
            } else {
                calls.append(launch(at: index, now: now))
            }
        }
        if !calls.isEmpty || hasRunningSteps {
            return [persisted(at: now)] + calls
        }
        guard incident.steps.allSatisfy(\.status.isTerminal) else {
            // Only steps awaiting approval are left: nothing runs until `approve`, and a restart need not resume.
            incident.status = .open
            note("waiting for approval of \(waitingSteps)", at: now)
            return [persisted(at: now)]
        }
        let status = finalStatus
        incident.status = status
        note(finalMessage(status), at: now)
        return [persisted(at: now), .finish(status)]
    }

    private mutating func skipUnreachableSteps(at now: Date) {
        let failedEvidence = playbook.steps.first { node in
            node.kind == .evidence && incident.step(node.name)?.status == .failed
        }
        // One pass in playbook order suffices: every need names an earlier step.
        for node in playbook.steps {
            guard let index = index(of: node.name),
                  incident.steps[index].status == .pending || incident.steps[index].status == .awaitingApproval
            else { continue }
            if let blocked = node.needs.first(where: { need in
                let status = incident.step(need)?.status
                return status == .failed || status == .skipped
            }) {
                let how = incident.step(blocked)?.status == .failed ? "failed" : "was skipped"
                finishStep(at: index, .skipped, error: "needs \(blocked.rawValue), which \(how)", at: now)
            } else if node.kind == .destructive, let evidence = failedEvidence {
                finishStep(at: index, .skipped,
                           error: "evidence step \(evidence.name.rawValue) failed; no destructive step runs after it", at: now)
            }
        }
    }

    private var finalStatus: IncidentStatus {
        // Nothing to do, or nothing allowed: the incident stays open, recorded.
        if playbook.steps.isEmpty || incident.exemption != nil { return .open }
        // Only this playbook's steps decide: a release follows containment steps that may have failed.
        let succeeded = playbook.steps.allSatisfy { incident.step($0.name)?.status == .succeeded }
        guard succeeded else { return .failed }
        return playbook.name == .release ? .released : .contained
    }

    private func finalMessage(_ status: IncidentStatus) -> String {
        switch status {
        case .contained: return "workflow finished: contained"
        case .released: return "workflow finished: released; every recorded attribute is restored"
        case .open where incident.exemption != nil: return "workflow finished: target exempt, evidence recorded"
        case .open: return "playbook \(playbook.name.rawValue) has no actions; incident recorded"
        default:
            let reasons = incident.steps.filter { $0.status == .failed }
                .map { "\($0.name.rawValue): \($0.error ?? "failed")" }
            let skipped = incident.steps.filter { $0.status == .skipped }.count
            return "workflow finished: failed (\(reasons.joined(separator: "; ")); \(skipped) step(s) skipped)"
        }
    }

    private var waitingSteps: String {
        incident.steps.filter { $0.status == .awaitingApproval }.map(\.name.rawValue).joined(separator: ", ")
    }

    /// Records a step's intent: running, one more attempt. The caller persists before the call.
    private mutating func launch(at index: Int, now: Date) -> WorkflowAction {
        incident.steps[index].status = .running
        incident.steps[index].attempts += 1
        if incident.steps[index].startedAt == nil { incident.steps[index].startedAt = now }
        let name = incident.steps[index].name
        return .call(name, IdempotencyToken(incidentId: incident.id, step: name))
    }

    private mutating func finishStep(at index: Int, _ status: StepStatus, error: String?, at now: Date) {
        incident.steps[index].status = status
        incident.steps[index].error = error
        incident.steps[index].endedAt = now
    }

    private mutating func persisted(at now: Date) -> WorkflowAction {
        incident.version += 1
        incident.updatedAt = now
        return .persist(incident)
    }

    private mutating func note(_ message: String, by actor: String = WorkflowMachine.engineActor, at now: Date) {
        incident.timeline.append(TimelineEntry(time: now, actor: actor, message: message))
    }

    /// Makes every step that did not succeed pending again, so a new run repeats only those.
    private mutating func resetUnsucceededSteps() {
        for index in incident.steps.indices
        where incident.steps[index].status != .succeeded && playbook.step(incident.steps[index].name) != nil {
            incident.steps[index].status = .pending
            incident.steps[index].error = nil
            incident.steps[index].attempts = 0
            incident.steps[index].endedAt = nil
        }
    }

    private func index(of name: StepName) -> Int? {
        incident.steps.firstIndex { $0.name == name }
    }
}
