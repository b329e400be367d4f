import FoundationEssentials

/// Runs incidents' workflows: one run per incident at a time, many incidents at once, one shared AWS budget.
///
/// Each incident with a run has a mailbox; one loop per run takes every event queued in it, in order, lets the
/// `WorkflowMachine` decide each, and performs the turn's actions: one save before the calls, so a step's intent is
/// durable before the cloud sees it, and feeds call outcomes back into the mailbox. A run ends when its mailbox is
/// empty and no call is in flight; the next event loads the incident again from the repository.
public actor WorkflowEngine {
    private struct Envelope {
        var event: WorkflowEvent
        var reply: CheckedContinuation<Incident, any Error>?
    }

    private struct Run {
        var machine: WorkflowMachine
        var mailbox: [Envelope] = []
        var wakeUp: CheckedContinuation<Void, Never>?
        var settleWaiters: [CheckedContinuation<Incident, any Error>] = []
    }

    private let repository: any IncidentRepository
    private let runner: StepRunner
    /// The cloud, also for dry runs outside a workflow (plans).
    nonisolated let responder: any CloudResponder
    /// Where every step outcome is recorded, if anywhere.
    private let audit: AuditLog?
    private let budget: CloudCallBudget
    private let clock: @Sendable () -> Date
    /// The settings the workflows run with.
    public nonisolated let settings: WorkflowSettings
    /// Where step outcomes and finished workflows are reported (logs, metrics), if anywhere; the service reports
    /// through it too.
    nonisolated let telemetry: (any DomainTelemetry)?
    private var runs: [String: Run] = [:]
    /// Loads in flight of incidents that have no run, per incident: how many, and how many runs of the incident
    /// ended meanwhile. A copy loaded while a run ended may predate that run's saves (`loadCurrent`).
    private var loadsInFlight: [String: (loads: Int, runsEnded: Int)] = [:]

    /// Creates an engine; `clock` is the only source of time. With an `audit` log, every step outcome is recorded
    /// there before it is saved; with `telemetry`, it is reported there after it is saved.
    public init(repository: any IncidentRepository, responder: any CloudResponder, budget: CloudCallBudget,
                settings: WorkflowSettings = WorkflowSettings(), audit: AuditLog? = nil,
                telemetry: (any DomainTelemetry)? = nil, clock: @escaping @Sendable () -> Date) {
        self.telemetry = telemetry
        self.repository = repository
        self.runner = StepRunner(responder: responder, settings: settings)
        self.responder = responder
        self.audit = audit
        self.budget = budget
        self.clock = clock
        self.settings = settings
    }

    /// Starts the incident's workflow (optionally choosing its playbook first) and returns the incident once the
    /// first steps' intents are saved. If a workflow is already running, returns its incident unchanged.
    public func start(incidentId: String, playbook: PlaybookName? = nil, by actor: String) async throws -> Incident {
        if let run = runs[incidentId] {
            guard let playbook, playbook != run.machine.incident.playbook else {
                // A run holds the incident (a workflow, or a signal joining): the start goes through its mailbox,
                // and the machine ignores a start the incident does not need.
                return try await send(.start(by: actor), to: incidentId)
            }
            guard run.machine.incident.steps.isEmpty else {
                throw DomainError(.conflict, "incident \(incidentId) already ran playbook \(run.machine.incident.playbook.rawValue)")
            }
            // A short run (a join, an approval) holds an incident without steps: choose the playbook after it.
            _ = try await settled(incidentId: incidentId)
            return try await start(incidentId: incidentId, playbook: playbook, by: actor)
        }
        guard var incident = try await loadCurrent(incidentId) else {
            throw DomainError(.notFound, "no incident \(incidentId)")
        }
        if let playbook, playbook != incident.playbook {
            guard incident.steps.isEmpty else {
                throw DomainError(.conflict, "incident \(incidentId) already ran playbook \(incident.playbook.rawValue)")
            }
            incident.playbook = playbook
        }
        guard Playbook.named(incident.playbook).accepts(incident.target) else {
            throw DomainError(.invalidInput, "playbook \(incident.playbook.rawValue) cannot act on \(incident.target.value)")
        }
        if incident.playbook == .forensics, settings.forensicWorkstation == nil {
            throw DomainError(.invalidInput, "the forensics playbook needs a forensic workstation configuration")
        }
        // The load above suspended; another run may have begun meanwhile.
        if runs[incidentId] != nil { return try await start(incidentId: incidentId, playbook: playbook, by: actor) }
        // Running on disk with no run here: the service restarted and nobody resumed it yet; resuming is the start.
        let event: WorkflowEvent = incident.status == .containing ? .resumed : .start(by: actor)
        return try await send(event, to: incidentId, loaded: incident)
    }

    /// Approves the destructive steps of an incident awaiting approval; returns the incident once saved.
    public func approve(incidentId: String, by actor: String) async throws -> Incident {
        try await send(.approve(by: actor), to: incidentId)
    }

    /// Records one approval of the plan with `approval.planDigest`; the approval that makes `required` approve
    /// the destructive steps, once. Returns the incident once saved (without the approval if it did not count).
    public func recordApproval(_ approval: Approval, required: Int, incidentId: String) async throws -> Incident {
        try await send(.approvalGiven(approval, required: required), to: incidentId)
    }

    /// Releases a contained or failed instance: runs the `release` playbook; returns the incident once its first
    /// step's intent is saved (unchanged if the incident cannot be released).
    public func release(incidentId: String, by actor: String) async throws -> Incident {
        try await send(.release(by: actor), to: incidentId)
    }

    /// Cancels the incident's workflow: steps not started are skipped; returns the incident once saved.
    public func cancel(incidentId: String, by actor: String) async throws -> Incident {
        try await send(.cancel(by: actor), to: incidentId)
    }

    /// Adds a signal to the incident through its run, so it is never overwritten by a running workflow's saves;
    /// returns the incident once saved.
    public func join(_ signal: SignalSummary, to incidentId: String, by actor: String) async throws -> Incident {
        try await send(.signalJoined(signal, by: actor), to: incidentId)
    }

    /// Extends the incident's workflow to a playbook containing its current one (`contain-instance` to
    /// `forensics`) and returns the incident once the new steps' first intents are saved.
    public func extend(incidentId: String, to playbook: PlaybookName, by actor: String) async throws -> Incident {
        if playbook == .forensics, settings.forensicWorkstation == nil {
            throw DomainError(.invalidInput, "the forensics playbook needs a forensic workstation configuration")
        }
        return try await send(.extend(to: playbook, by: actor), to: incidentId)
    }

    /// Closes the incident: steps not started are skipped, calls in flight are recorded but not retried;
    /// closing a closed incident changes nothing. Returns the incident once saved.
    public func close(incidentId: String, by actor: String) async throws -> Incident {
        try await send(.close(by: actor), to: incidentId)
    }

    /// Resumes every incident whose workflow was running when the service stopped (including closed incidents
    /// with calls in flight, which are recorded as not repeated); returns their IDs.
    public func resumeUnfinished() async throws -> [String] {
        let unfinished = try await repository.unfinished()
        for incident in unfinished {
            // Loaded together before any run exists (recovery runs before the port opens), so none is stale.
            _ = try await send(.resumed, to: incident.id, loaded: incident)
            telemetry?.record(.workflowResumed(incidentId: incident.id))
        }
        return unfinished.map(\.id)
    }

    /// Waits until no step of the incident is running and no event is queued, and returns it (e.g. to answer
    /// a request that asked to wait for the outcome).
    public func settled(incidentId: String) async throws -> Incident {
        guard runs[incidentId] != nil else {
            guard let incident = try await repository.load(id: incidentId) else {
                throw DomainError(.notFound, "no incident \(incidentId)")
            }
            return incident
        }
        return try await withCheckedThrowingContinuation { runs[incidentId]?.settleWaiters.append($0) }
    }

    // MARK: The run loop

    /// Queues the event for the incident's run, starting a run if there is none, and returns the incident
    /// after the event's actions up to its calls are performed.
    private func send(_ event: WorkflowEvent, to incidentId: String, loaded: Incident? = nil) async throws -> Incident {
        try await ensureRun(incidentId, loaded: loaded)
        return try await withCheckedThrowingContinuation { reply in
            deliver(Envelope(event: event, reply: reply), to: incidentId)
        }
    }

    /// Feeds a call's outcome back; if the run ended meanwhile (a save failed), a new run picks it up from disk.
    private func report(_ event: WorkflowEvent, for incidentId: String) async {
        do {
            try await ensureRun(incidentId, loaded: nil)
            deliver(Envelope(event: event, reply: nil), to: incidentId)
        } catch {
            // Nothing to tell: the step stays `running` on disk and `resumeUnfinished` repeats it with its token.
        }
    }

    private func ensureRun(_ incidentId: String, loaded: Incident?) async throws {
        guard runs[incidentId] == nil else { return }
        let incident: Incident
        if let loaded {
            incident = loaded
        } else {
            guard let stored = try await loadCurrent(incidentId) else {
                throw DomainError(.notFound, "no incident \(incidentId)")
            }
            incident = stored
        }
        // The load suspended; keep a run that began meanwhile rather than starting a second one.
        guard runs[incidentId] == nil else { return }
        runs[incidentId] = Run(machine: WorkflowMachine(incident: incident, retryPolicy: settings.retryPolicy,
                                                        exemptResources: settings.exemptResources))
        Task { await self.drive(incidentId) }
    }

    /// The incident as its last run left it. A load suspends, and a run of the incident may start, save and end
    /// meanwhile (concurrent signals joining one incident do that); a copy read before those saves would make the
    /// next run save a version the store already has. So a load during which a run ended is repeated. The caller
    /// must create its run before it next suspends.
    private func loadCurrent(_ incidentId: String) async throws -> Incident? {
        while true {
            let endedBefore = loadsInFlight[incidentId]?.runsEnded ?? 0
            loadsInFlight[incidentId, default: (0, endedBefore)].loads += 1
            let loaded: Result<Incident?, any Error>
            do {
                loaded = .success(try await repository.load(id: incidentId))
            } catch {
                loaded = .failure(error)
            }
            let endedAfter = loadsInFlight[incidentId]?.runsEnded ?? 0
            loadsInFlight[incidentId]?.loads -= 1
            if loadsInFlight[incidentId]?.loads == 0 { loadsInFlight[incidentId] = nil }
            if endedAfter == endedBefore { return try loaded.get() }
        }
    }

    private func deliver(_ envelope: Envelope, to incidentId: String) {
        guard runs[incidentId] != nil else {
            envelope.reply?.resume(throwing: DomainError(.conflict, "the workflow of \(incidentId) stopped; retry"))
            return
        }
        runs[incidentId]?.mailbox.append(envelope)
        runs[incidentId]?.wakeUp?.resume()
        runs[incidentId]?.wakeUp = nil
    }

    private func drive(_ incidentId: String) async {
        while let run = runs[incidentId] {
            guard !run.mailbox.isEmpty else {
                if !run.machine.hasRunningSteps {
                    end(incidentId, with: .success(run.machine.incident))
                    return
                }
                await withCheckedContinuation { runs[incidentId]?.wakeUp = $0 }
                continue
            }
            // Everything queued while the last save ran (parallel steps finish together) is decided in one turn and
            // recorded by one save: the machine handles each event in order, then the turn saves the incident once,
            // holding every intent, before any of the turn's calls.
            let batch = run.mailbox
            runs[incidentId]?.mailbox.removeAll()
            var machine = run.machine
            let savedVersion = machine.incident.version
            var decisions: [[WorkflowAction]] = []
            var outcomes: [(event: WorkflowEvent, before: Incident, after: Incident)] = []
            for envelope in batch {
                let before = machine.incident
                decisions.append(machine.handle(envelope.event, at: clock()))
                outcomes.append((envelope.event, before, machine.incident))
            }
            let actions = machine.coalesce(decisions, since: savedVersion)
            runs[incidentId]?.machine = machine
            do {
                try await recordOutcomes(outcomes)
                try await perform(actions, for: incidentId)
                for outcome in outcomes {
                    reportTelemetry(of: outcome.event, before: outcome.before, after: outcome.after)
                }
                for envelope in batch { envelope.reply?.resume(returning: machine.incident) }
            } catch {
                // A save that failed is never acknowledged, and no call follows it: drop this run's memory;
                // the next event reloads what is on disk.
                for envelope in batch { envelope.reply?.resume(throwing: error) }
                end(incidentId, with: .failure(error))
                return
            }
        }
    }

    /// Writes the turn's step outcomes to the audit log, durably, before the incident that records them is saved.
    /// They are appended together, so the log commits them with one fsync; steps that finished in the same turn
    /// ran in parallel, and their entries' order among themselves is their order of commit.
    private func recordOutcomes(_ outcomes: [(event: WorkflowEvent, before: Incident, after: Incident)]) async throws {
        guard let audit else { return }
        let entries = outcomes.compactMap { Self.auditEntry(of: $0.event, before: $0.before, after: $0.after) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for entry in entries {
                group.addTask { _ = try await audit.append(entry) }
            }
            try await group.waitForAll()
        }
    }

    /// The audit entry of a step's outcome, or nil for an event that is not one (or an outcome the machine ignored).
    private static func auditEntry(of event: WorkflowEvent, before: Incident, after: Incident) -> AuditEntry? {
        let name: StepName
        let outcome: String
        var requestIds: [String] = []
        switch event {
        case .stepSucceeded(let step, let result):
            (name, outcome, requestIds) = (step, "succeeded", result.effect.requestIds)
        case .stepFailed(let step, let error, _):
            let retrying = after.step(step)?.status == .running
            (name, outcome) = (step, (retrying ? "failed, retrying: " : "failed: ") + error)
        default:
            return nil
        }
        // An outcome the machine ignored (a stale duplicate) changed nothing and is not an event of the incident.
        guard before.step(name)?.status == .running else { return nil }
        let attempts = after.step(name)?.attempts ?? 0
        return AuditEntry(
            actor: .engine, action: "step.\(name.rawValue)", target: "\(after.id) \(after.target.value)",
            parameters: ["attempt": String(attempts), "playbook": after.playbook.rawValue],
            outcome: outcome, awsRequestIds: requestIds)
    }

    /// Reports a step outcome and a workflow's end once the incident recording them is saved.
    private func reportTelemetry(of event: WorkflowEvent, before: Incident, after: Incident) {
        guard let telemetry else { return }
        let id = after.id
        switch event {
        case .stepSucceeded(let name, _), .stepFailed(let name, _, _):
            // As in `auditEntry`: an outcome for a step that was not running was ignored by the machine.
            guard let running = before.step(name), running.status == .running, let step = after.step(name) else { break }
            let seconds = max(0, (step.endedAt ?? clock()).timeIntervalSince(step.startedAt ?? before.createdAt))
            // The attempt that ended is the one `before` records; a retry has already counted the next one.
            if case .stepFailed(_, let error, _) = event {
                telemetry.record(.stepFailed(incidentId: id, step: name, attempts: running.attempts, seconds: seconds,
                                             error: error, willRetry: step.status == .running))
            } else {
                telemetry.record(.stepSucceeded(incidentId: id, step: name, attempts: running.attempts, seconds: seconds))
            }
        default:
            break
        }
        let finished: Set<IncidentStatus> = [.contained, .failed, .released, .closed]
        if before.status != after.status, finished.contains(after.status) {
            telemetry.record(.workflowFinished(incidentId: id, status: after.status))
        }
    }

    private func perform(_ actions: [WorkflowAction], for incidentId: String) async throws {
        for action in actions {
            switch action {
            case .persist(let incident):
                try await repository.save(incident)
            case .call(let step, let token):
                guard let incident = runs[incidentId]?.machine.incident else { return }
                Task { await self.report(await self.call(step, token: token, for: incident), for: incident.id) }
            case .finish:
                break
            }
        }
    }

    private nonisolated func call(_ step: StepName, token: IdempotencyToken, for incident: Incident) async -> WorkflowEvent {
        do {
            try await budget.acquire()
        } catch {
            return .stepFailed(step, error: "waiting for the AWS rate budget: \(error)", retryable: false)
        }
        let event = await runner.outcome(of: step, for: incident, token: token, at: clock())
        await budget.release()
        return event
    }

    private func end(_ incidentId: String, with result: Result<Incident, any Error>) {
        guard let run = runs.removeValue(forKey: incidentId) else { return }
        loadsInFlight[incidentId]?.runsEnded += 1
        for envelope in run.mailbox {
            envelope.reply?.resume(throwing: DomainError(.conflict, "the workflow of \(incidentId) stopped; retry"))
        }
        for waiter in run.settleWaiters { waiter.resume(with: result) }
    }
}
