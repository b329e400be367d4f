import FoundationEssentials

/// Cordon's domain service: turns POSTed events into incidents and runs responders' actions on them.
///
/// Ingestion is all or nothing per request: the body is decoded outside the actor (large bodies decode in
/// parallel), each signal's deduplication key is reserved, ONE journal record (header + raw body) is made
/// durable, and only then are the rules applied; if the journal write fails the reservations are released and
/// nothing is acknowledged (DESIGN.md, Persistence). Every change to an existing incident goes through the
/// `WorkflowEngine`'s mailbox, so a signal joining an incident never races a running workflow's saves.
///
/// Startup is bounded by a journal checkpoint (`JournalCheckpoint`): from time to time, off the request path, the
/// service writes the position P before which every journaled request has had its incident effects saved, with the
/// digests of every key accepted so far; `recover()` then loads the digests and replays only the records from P.
public actor IncidentService: IncidentOperations {
    /// The timeline actor for incidents the rules open.
    public static let rulesActor = "cordon-rules"

    private let journal: EventJournal
    private let store: IncidentStore
    private let engine: WorkflowEngine
    private nonisolated let rules: RuleSet
    private nonisolated let decoder: EventDecoder
    private let defaultRegion: String
    private let clock: @Sendable () -> Date
    private var generator: any RandomNumberGenerator & Sendable
    private let safety: SafetySettings
    private let planner: Planner
    /// Where every command is recorded before it is answered, if anywhere.
    private let audit: AuditLog?
    /// The blast-radius limit on automatic containments.
    private var containmentRate: ContainmentRate

    /// The default amount of journal written between two checkpoints (see `checkpointInterval`).
    public static let defaultCheckpointInterval = 16 << 20

    /// Digests of the deduplication keys of every signal that is journaled or held by an incident: what a
    /// checkpoint stores.
    private var seen: Set<DeduplicationDigest> = []
    /// Digests of the keys of requests being journaled now: duplicates too, but not yet durable, so never
    /// written into a checkpoint (a failed append releases them).
    private var reserved: Set<DeduplicationDigest> = []
    /// Ingestions between reserving their keys and having their incident effects saved (or failed), by ticket.
    private var inFlight: Set<UInt64> = []
    private var nextTicket: UInt64 = 0
    /// The earliest journaled request whose incident effects failed to save: no checkpoint may pass it, so a
    /// restart applies it again (a retry of the request may have applied it already; replay then finds it held).
    private var unappliedFloor: JournalPosition?
    /// Checkpoints waiting for every ingestion with a ticket below theirs to finish.
    private var barriers: [(ticket: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    /// Journal bytes appended since the last checkpoint was started, and the checkpoint running, if any.
    private var bytesSinceCheckpoint = 0
    private var checkpointRunning: Task<Void, Never>?
    /// The journal bytes between checkpoints: at least `checkpointInterval`, and at least the last checkpoint's
    /// own size, so checkpoint writes never outweigh journal writes.
    private let checkpointInterval: Int
    /// The incident that is not closed, per target; signals naming the target join it.
    private var openByTarget: [IncidentTarget: String] = [:]
    /// The incident each `Idempotency-Key` opened.
    private var incidentByIdempotencyKey: [String: String] = [:]
    /// First saves in flight, by incident ID: a signal joining such an incident waits for it.
    private var firstSaves: [String: Task<Void, any Error>] = [:]

    /// Creates the service; call `recover()` before serving. `clock` and `generator` are its only sources of
    /// time and randomness (incident IDs). With an `audit` log, every command is recorded there, durably, before
    /// it is answered. A checkpoint is written after about every `checkpointInterval` bytes of journal.
    public init(journal: EventJournal, store: IncidentStore, engine: WorkflowEngine, rules: RuleSet,
                decoder: EventDecoder, defaultRegion: String, clock: @escaping @Sendable () -> Date,
                generator: any RandomNumberGenerator & Sendable, safety: SafetySettings, audit: AuditLog? = nil,
                checkpointInterval: Int = IncidentService.defaultCheckpointInterval) {
        self.checkpointInterval = max(1, checkpointInterval)
        self.safety = safety
        self.planner = Planner(responder: engine.responder, safety: safety)
        self.audit = audit
        self.containmentRate = ContainmentRate(limit: safety.automaticContainmentsPerHour)
        self.journal = journal
        self.store = store
        self.engine = engine
        self.rules = rules
        self.decoder = decoder
        self.defaultRegion = defaultRegion
        self.clock = clock
        self.generator = generator
    }

    // MARK: Ingestion

    /// Decodes, journals durably, then applies the rules to the new signals (see the type's documentation).
    public nonisolated func ingest(_ body: Data, format: EventFormat, receivedAt: Date) async throws -> IngestReceipt {
        let (signals, firehoseRequestId) = try decodeSignals(body, format: format, receivedAt: receivedAt)
        let keys = signals.map { DeduplicationDigest($0.deduplicationKey) }
        let (isNew, ticket) = await reserve(keys)
        // Indices, not copies: a signal carries its raw event, and most are only counted.
        let fresh = isNew.indices.filter { isNew[$0] }
        let duplicates = signals.count - fresh.count
        guard !fresh.isEmpty else {
            // Everything was seen before, and journaled then: nothing new to make durable.
            return IngestReceipt(accepted: 0, duplicates: duplicates, incidents: [], firehoseRequestId: firehoseRequestId)
        }
        let record = IngestRecord(format: format, receivedAt: receivedAt, body: body).encoded()
        let position: JournalPosition
        do {
            position = try await journal.append([record])
        } catch {
            await abandon(ticket, keys: fresh.map { keys[$0] })
            throw error
        }
        // Rules run here, outside the actor; most signals (ordinary CloudTrail calls) are only recorded.
        var actionable: [(Signal, RuleDecision)] = []
        for index in fresh {
            let decision = rules.evaluate(signals[index])
            if case .openOrJoin = decision.outcome { actionable.append((signals[index], decision)) }
        }
        let incidents = try await applyJournaled(actionable, keys: fresh.map { keys[$0] }, ticket: ticket,
                                                 position: position, bytes: record.count)
        return IngestReceipt(accepted: fresh.count, duplicates: duplicates, incidents: incidents,
                             firehoseRequestId: firehoseRequestId)
    }

    private nonisolated func decodeSignals(_ body: Data, format: EventFormat,
                                           receivedAt: Date) throws -> (signals: [Signal], firehoseRequestId: String?) {
        switch format {
        case .events:
            return (try decoder.decode(body, receivedAt: receivedAt), nil)
        case .firehose:
            let delivery = try decoder.decodeFirehose(body, receivedAt: receivedAt)
            return (delivery.signals, delivery.requestID)
        }
    }

    /// Reserves each new key; returns, per key, whether it is new (a repeat within `keys` is a duplicate too) and,
    /// when any is, the ticket that keeps checkpoints from passing this request until it is applied.
    private func reserve(_ keys: [DeduplicationDigest]) -> (isNew: [Bool], ticket: UInt64) {
        let isNew = keys.map { !seen.contains($0) && reserved.insert($0).inserted }
        let ticket = nextTicket
        if isNew.contains(true) {
            nextTicket += 1
            inFlight.insert(ticket)
        }
        return (isNew, ticket)
    }

    /// The journal refused the request: nothing was acknowledged, so its keys are free again.
    private func abandon(_ ticket: UInt64, keys: [DeduplicationDigest]) {
        for key in keys { reserved.remove(key) }
        finish(ticket)
    }

    /// The request's record is durable: its keys are seen for good; then its actionable signals are applied. The
    /// ticket is finished either way; a failure to apply holds checkpoints at `position` (see `unappliedFloor`).
    private func applyJournaled(_ actionable: [(Signal, RuleDecision)], keys: [DeduplicationDigest], ticket: UInt64,
                                position: JournalPosition, bytes: Int) async throws -> [IncidentReference] {
        for key in keys {
            reserved.remove(key)
            seen.insert(key)
        }
        bytesSinceCheckpoint += bytes
        defer { finish(ticket) }
        guard !actionable.isEmpty else { return [] }
        do {
            return try await apply(actionable)
        } catch {
            unappliedFloor = min(unappliedFloor ?? position, position)
            throw error
        }
    }

    /// Ends an ingestion's ticket; wakes the checkpoints it held back and starts one when enough was written.
    private func finish(_ ticket: UInt64) {
        inFlight.remove(ticket)
        let oldest = inFlight.min() ?? nextTicket
        barriers.removeAll { barrier in
            guard barrier.ticket <= oldest else { return false }
            barrier.continuation.resume()
            return true
        }
        if checkpointRunning == nil, bytesSinceCheckpoint >= max(checkpointInterval, seen.count * 16) {
            bytesSinceCheckpoint = 0
            checkpointRunning = Task {
                await self.writeCheckpointReportingFailure()
                self.checkpointRunning = nil
            }
        }
    }

    private func release(_ keys: [String]) {
        for key in keys { seen.remove(DeduplicationDigest(key)) }
    }

    // MARK: Checkpoints

    /// Writes a journal checkpoint now (see the type's documentation) and returns its position: every record
    /// before it has had its incident effects saved. The service calls it itself as the journal grows.
    ///
    /// - Throws: `.storageFailure` if the file could not be written; nothing else is affected (events are still
    ///   taken, and the next checkpoint tries again).
    @discardableResult
    public func checkpoint() async throws -> JournalPosition {
        // One writer at a time, so an older checkpoint never replaces a newer one.
        await backgroundCheckpointFinished()
        return try await writeCheckpoint()
    }

    /// Waits until no checkpoint started by ingestion is running.
    func backgroundCheckpointFinished() async {
        while let running = checkpointRunning { await running.value }
    }

    private func writeCheckpoint() async throws -> JournalPosition {
        // Every record before `end` was appended by an ingestion that reserved its ticket before `end` was read,
        // so once every ticket below `barrier` is finished, every record before `end` is applied (or failed, and
        // then `unappliedFloor` holds the checkpoint back).
        let end = await journal.durableEnd
        let barrier = nextTicket
        if let oldest = inFlight.min(), oldest < barrier {
            await withCheckedContinuation { barriers.append((barrier, $0)) }
        }
        let position = min(end, unappliedFloor ?? end)
        // `seen` holds only journaled (or incident-held) keys: never those of a request still being journaled.
        try await journal.writeCheckpoint(JournalCheckpoint(position: position, digests: Array(seen)))
        return position
    }

    /// A checkpoint from the ingestion path, whose failure is reported rather than thrown: the previous checkpoint
    /// (or the whole journal) still recovers everything; only startup after a crash takes longer until one is
    /// written again.
    private func writeCheckpointReportingFailure() async {
        do {
            _ = try await writeCheckpoint()
        } catch {
            engine.telemetry?.record(.checkpointFailed(error: (error as? DomainError)?.message ?? "\(error)"))
        }
    }

    /// One incident to open for a request's signals, or one existing incident they join.
    private struct SignalGroup {
        var existingId: String?
        var target: IncidentTarget
        var playbook: PlaybookName
        var mode: IncidentMode
        var signals: [(Signal, RuleDecision)] = []
    }

    /// Opens or joins incidents for signals whose rule said so; signals of one request about one target make
    /// one incident. If a save fails, the keys of the signals it carried are released so a retried request
    /// applies them again (they are journaled, so a restart would too), and the error is thrown.
    private func apply(_ decided: [(Signal, RuleDecision)]) async throws -> [IncidentReference] {
        var plans: [SignalGroup] = []
        for (signal, decision) in decided {
            guard case .openOrJoin(let playbook, let mode, let resource?) = decision.outcome else {
                // Triage about no resource at all: there is no target to open an incident on; it stays recorded.
                continue
            }
            let candidates = IncidentTarget.candidates(in: signal, preferring: IncidentTarget(resource))
            if let index = plans.firstIndex(where: { plan in candidates.contains(plan.target) }) {
                plans[index].signals.append((signal, decision))
            } else if let target = candidates.first(where: { openByTarget[$0] != nil }), let id = openByTarget[target] {
                plans.append(SignalGroup(existingId: id, target: target, playbook: playbook, mode: mode, signals: [(signal, decision)]))
            } else {
                plans.append(SignalGroup(target: IncidentTarget(resource), playbook: playbook, mode: mode,
                                  signals: [(signal, decision)]))
            }
        }
        var references: [IncidentReference] = []
        var firstError: (any Error)?
        for plan in plans {
            do {
                references.append(try await execute(plan))
            } catch {
                release(plan.signals.map(\.0.deduplicationKey))
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
        return references
    }

    private func execute(_ plan: SignalGroup) async throws -> IncidentReference {
        if let id = plan.existingId {
            try await firstSaves[id]?.value
            for (signal, decision) in plan.signals {
                _ = try await engine.join(SignalSummary(signal), to: id, by: "rule \(decision.ruleName ?? Self.rulesActor)")
            }
            return IncidentReference(id: id, created: false)
        }
        let now = clock()
        let first = plan.signals[0].0
        var incident = Incident(
            id: Incident.makeID(at: now, using: &generator), target: plan.target, region: first.region ?? defaultRegion,
            account: first.account, playbook: plan.playbook, mode: plan.mode,
            signals: plan.signals.map { SignalSummary($0.0) }, openedBy: Self.rulesActor, at: now)
        for (signal, decision) in plan.signals {
            incident.timeline.append(TimelineEntry(time: now, actor: Self.rulesActor,
                                                   message: "\(signal.source.rawValue) signal \(signal.title): \(decision.explanation)"))
        }
        _ = try await create(incident, by: Self.rulesActor)
        return IncidentReference(id: incident.id, created: true)
    }

    /// Saves a new incident (version 1), indexed before the save so concurrent signals about its target join it
    /// (they wait for the save), then starts its workflow.
    private func create(_ opened: Incident, by actor: String) async throws -> Incident {
        var incident = opened
        incident.version = 1
        if incident.mode == .automatic, incident.playbook != .triage, !containmentRate.admit(at: incident.createdAt) {
            // Blast radius: a burst of automatic containments is more likely a bad rule or a hostile feed than a
            // real campaign; past the limit a responder decides.
            incident.mode = .awaitingApproval
            incident.timeline.append(TimelineEntry(
                time: incident.createdAt, actor: WorkflowMachine.engineActor,
                message: "waiting for approval: \(containmentRate.limit) automatic containments already started "
                    + "in the last hour (automaticContainmentsPerHour)"))
        }
        let id = incident.id
        openByTarget[incident.target] = id
        if let key = incident.idempotencyKey { incidentByIdempotencyKey[key] = id }
        let store = self.store
        let save = Task { [incident] in try await store.save(incident) }
        firstSaves[id] = save
        let saved = await save.result
        firstSaves[id] = nil
        if case .failure(let error) = saved {
            if openByTarget[incident.target] == id { openByTarget[incident.target] = nil }
            if let key = incident.idempotencyKey, incidentByIdempotencyKey[key] == id { incidentByIdempotencyKey[key] = nil }
            throw error
        }
        let started = try await engine.start(incidentId: id, by: actor)
        engine.telemetry?.record(.incidentOpened(incidentId: id, target: incident.target.value, playbook: incident.playbook,
                                                 mode: incident.mode, by: actor))
        return started
    }

    // MARK: Opening by request

    /// Validates, applies defaults, honours the idempotency key, saves and starts (see `IncidentOperations`);
    /// records the command in the audit log.
    public func open(_ request: OpenIncidentRequest, idempotencyKey: String?, by actor: AuditActor) async throws -> OpenedIncident {
        var parameters = ["target": request.target.value]
        if let playbook = request.playbook { parameters["playbook"] = playbook.rawValue }
        if let mode = request.mode { parameters["mode"] = mode.rawValue }
        if let idempotencyKey { parameters["idempotencyKey"] = idempotencyKey }
        return try await audited(actor, "incident.open", target: request.target.value, parameters) {
            let opened = try await self.openUnaudited(request, idempotencyKey: idempotencyKey, by: actor.name)
            return (opened, "\(opened.created ? "opened" : "found") \(opened.incident.id)")
        }
    }

    private func openUnaudited(_ request: OpenIncidentRequest, idempotencyKey: String?,
                               by actor: String) async throws -> OpenedIncident {
        try request.validate()
        if let idempotencyKey {
            try OpenIncidentRequest.validateIdempotencyKey(idempotencyKey)
            if let id = incidentByIdempotencyKey[idempotencyKey] {
                try await firstSaves[id]?.value
                guard let existing = try await store.load(id: id) else {
                    throw DomainError(.notFound, "no incident \(id)")
                }
                guard existing.openedWith == request else {
                    throw DomainError(.conflict, "Idempotency-Key \(String(reflecting: idempotencyKey)) was used for "
                                          + "incident \(id) with a different request body")
                }
                return OpenedIncident(incident: existing, created: false)
            }
        }
        if let id = openByTarget[request.target] {
            throw DomainError(.conflict, "incident \(id) is already open for \(request.target.value); act on it, or "
                                  + "close it before opening another")
        }
        let playbook = request.playbook ?? request.target.containmentPlaybook
        if playbook == .forensics, engine.settings.forensicWorkstation == nil {
            throw DomainError(.invalidInput, "playbook: forensics needs a forensic workstation configuration")
        }
        let now = clock()
        var incident = Incident(
            id: Incident.makeID(at: now, using: &generator), reference: request.reference, target: request.target,
            region: request.region ?? defaultRegion, account: request.account, playbook: playbook,
            mode: request.mode ?? .automatic, idempotencyKey: idempotencyKey, openedBy: actor, at: now)
        incident.openedWith = request
        return OpenedIncident(incident: try await create(incident, by: actor), created: true)
    }

    // MARK: Reading

    /// The incident with this ID; throws `.notFound`.
    public func incident(id: String) async throws -> Incident {
        guard let incident = try await store.load(id: id) else {
            throw DomainError(.notFound, "no incident \(id)")
        }
        return incident
    }

    /// Incidents newest first (IDs sort by creation time); the cursor is the last ID of the previous page.
    public func incidents(status: IncidentStatus?, limit: Int, after cursor: String?) async throws -> IncidentPage {
        guard (1...500).contains(limit) else {
            throw DomainError(.invalidInput, "limit: must be 1...500")
        }
        if let cursor, cursor.isEmpty || cursor.utf8.count > 128 {
            throw DomainError(.invalidInput, "cursor: not a cursor from a previous page")
        }
        // The store pages its summaries; only the incidents on the page are read from disk (or its cache).
        let (ids, hasMore) = await store.page(status: status, before: cursor, limit: limit)
        var items: [Incident] = []
        items.reserveCapacity(ids.count)
        for id in ids {
            // Incidents are never deleted; a summary without its file means the data directory was tampered with.
            guard let incident = try await store.load(id: id) else {
                throw DomainError(.corruptStore, "incident \(id) is listed but its file is gone")
            }
            items.append(incident)
        }
        return IncidentPage(items: items, nextCursor: hasMore ? items.last?.id : nil)
    }

    // MARK: Actions

    /// Runs `contain`, `forensics`, `close` or `release` on an incident (see `IncidentOperations`); records the
    /// command in the audit log.
    public func perform(_ action: IncidentAction, on incidentId: String, by auditActor: AuditActor) async throws -> Incident {
        try await audited(auditActor, "incident.\(action.rawValue)", target: incidentId, [:]) {
            let actor = auditActor.name
            let incident = try await self.incident(id: incidentId)
            let result: Incident
            switch action {
            case .contain: result = try await self.contain(incident, by: actor)
            case .forensics: result = try await self.extendToForensics(incident, by: actor)
            case .close: result = try await self.close(incident, by: actor)
            case .release: result = try await self.release(incident, by: actor)
            }
            return (result, "\(result.status.rawValue)")
        }
    }

    /// Runs `body` and records its outcome (or its error) in the audit log before returning it: a command that
    /// could not be recorded is not answered as done.
    private func audited<Value: Sendable>(_ actor: AuditActor, _ action: String, target: String,
                                          _ parameters: [String: String],
                                          _ body: () async throws -> (Value, String)) async throws -> Value {
        let value: Value
        let outcome: String
        do {
            (value, outcome) = try await body()
        } catch {
            let reason = (error as? DomainError).map { "\($0.code.rawValue): \($0.message)" } ?? "\(error)"
            try await audit?.append(AuditEntry(actor: actor, action: action, target: target, parameters: parameters,
                                               outcome: "rejected: \(reason)"))
            throw error
        }
        try await audit?.append(AuditEntry(actor: actor, action: action, target: target, parameters: parameters,
                                           outcome: "succeeded: \(outcome)"))
        return value
    }

    // MARK: Safety

    /// The plan of the incident's playbook now (see `IncidentOperations`).
    public func plan(incidentId: String) async throws -> Plan {
        let incident = try await self.incident(id: incidentId)
        // A triage incident is contained with its target's playbook, so that is the plan to review.
        let playbook = incident.playbook == .triage ? incident.target.containmentPlaybook : incident.playbook
        return try await planner.plan(incident.target, playbook: playbook, reference: incident.reference,
                                      in: CloudScope(region: incident.region, account: incident.account))
    }

    /// The plan an incident opened with `request` would run (see `IncidentOperations`); recorded in the audit log.
    public func plan(for request: OpenIncidentRequest, by actor: AuditActor) async throws -> Plan {
        try await audited(actor, "incident.dry-run", target: request.target.value, [:]) {
            try request.validate()
            let plan = try await self.planner.plan(
                request.target, playbook: request.playbook ?? request.target.containmentPlaybook,
                reference: request.reference ?? "(incident ID)",
                in: CloudScope(region: request.region ?? self.defaultRegion, account: request.account))
            return (plan, "plan \(plan.digest)")
        }
    }

    /// Records an approval bound to the current plan (see `IncidentOperations`); recorded in the audit log.
    public func approve(incidentId: String, planDigest: String, by actor: AuditActor) async throws -> Incident {
        try await audited(actor, "incident.approve", target: incidentId, ["planDigest": planDigest]) {
            let incident = try await self.incident(id: incidentId)
            guard incident.mode == .awaitingApproval, incident.status == .open || incident.status == .containing else {
                throw DomainError(.conflict, "incident \(incidentId) does not await approval (status \(incident.status.rawValue), "
                                      + "mode \(incident.mode.rawValue))")
            }
            if let requester = incident.timeline.first?.actor, requester == actor.name {
                throw DomainError(.conflict, "\(actor.name) requested incident \(incidentId) and cannot approve it")
            }
            let current = try await self.plan(incidentId: incidentId)
            guard current.digest == planDigest else {
                throw DomainError(.conflict, "the plan changed since it was reviewed (now \(current.digest)); "
                                      + "GET /v1/incidents/\(incidentId)/plan and approve that digest")
            }
            let now = self.clock()
            let approval = Approval(actor: actor, planDigest: planDigest, approvedAt: now,
                                    expiresAt: now + self.safety.approvalLifetime)
            let recorded = try await self.engine.recordApproval(approval, required: self.safety.requiredApprovals,
                                                                incidentId: incidentId)
            guard recorded.approvals?.contains(approval) == true else {
                throw DomainError(.conflict, "incident \(incidentId) no longer awaits approval")
            }
            // Approved before its workflow started (a triage incident): approval starts it, like `contain`.
            let playbook = recorded.playbook == .triage ? recorded.target.containmentPlaybook : nil
            let result = recorded.mode == .automatic && recorded.steps.isEmpty
                ? try await self.engine.start(incidentId: incidentId, playbook: playbook, by: actor.name) : recorded
            let count = result.approvals?.filter { $0.counts(for: planDigest, at: now) }.count ?? 0
            return (result, "approval \(count) of \(self.safety.requiredApprovals)")
        }
    }

    private func release(_ incident: Incident, by actor: String) async throws -> Incident {
        let id = incident.id
        guard incident.target.isInstance else {
            throw DomainError(.conflict, "incident \(id) is about access key \(incident.target.value); release acts on instances")
        }
        guard incident.status == .contained || incident.status == .failed else {
            throw DomainError(.conflict, "incident \(id) is \(incident.status.rawValue); only a contained or failed "
                                  + "incident is released")
        }
        guard incident.evidence.contains(where: { $0.instance != nil }) else {
            throw DomainError(.conflict, "incident \(id) has no recorded prior state of its instance to restore")
        }
        // Unindexed first, as on close: a released host's new signals open a new incident.
        let indexed = openByTarget[incident.target] == id
        if indexed { openByTarget[incident.target] = nil }
        do {
            let released = try await engine.release(incidentId: id, by: actor)
            guard released.playbook == .release else {
                throw DomainError(.conflict, "incident \(id) cannot be released now; see its steps")
            }
            return released
        } catch {
            if indexed, openByTarget[incident.target] == nil { openByTarget[incident.target] = id }
            throw error
        }
    }

    private func contain(_ incident: Incident, by actor: String) async throws -> Incident {
        let id = incident.id
        switch incident.status {
        case .closed, .released:
            throw DomainError(.conflict, "incident \(id) is \(incident.status.rawValue); open a new incident to contain its target")
        case .contained:
            throw DomainError(.conflict, "incident \(id) is already contained")
        case .open, .containing, .failed:
            break
        }
        if incident.playbook == .release {
            throw DomainError(.conflict, "incident \(id) is being released; open a new incident to contain its target again")
        }
        // A triage incident has no steps; containing it runs the containment playbook of its target.
        let playbook = incident.playbook == .triage ? incident.target.containmentPlaybook : nil
        if incident.mode == .awaitingApproval {
            // Containing an incident that awaits approval is the approval; unstarted, it then starts in full.
            let approved = try await engine.approve(incidentId: id, by: actor)
            return approved.steps.isEmpty ? try await engine.start(incidentId: id, playbook: playbook, by: actor) : approved
        }
        if incident.status == .containing {
            throw DomainError(.conflict, "incident \(id) is already containing; see its steps")
        }
        return try await engine.start(incidentId: id, playbook: playbook, by: actor)
    }

    private func extendToForensics(_ incident: Incident, by actor: String) async throws -> Incident {
        let id = incident.id
        guard incident.target.isInstance else {
            throw DomainError(.conflict, "incident \(id) is about access key \(incident.target.value); forensics needs an instance")
        }
        guard incident.status != .closed, incident.status != .released, incident.playbook != .release else {
            throw DomainError(.conflict, "incident \(id) is \(incident.status.rawValue); open a new incident for forensics")
        }
        guard incident.playbook != .forensics else {
            throw DomainError(.conflict, "incident \(id) already runs the forensics playbook")
        }
        guard incident.steps.isEmpty else {
            return try await engine.extend(incidentId: id, to: .forensics, by: actor)
        }
        return try await engine.start(incidentId: id, playbook: .forensics, by: actor)
    }

    private func close(_ incident: Incident, by actor: String) async throws -> Incident {
        // Unindexed first: a signal arriving now opens a new incident instead of joining one being closed.
        let indexed = openByTarget[incident.target] == incident.id
        if indexed { openByTarget[incident.target] = nil }
        do {
            return try await engine.close(incidentId: incident.id, by: actor)
        } catch {
            // Not closed after all: signals about its target keep joining it, unless another opened meanwhile.
            if indexed, openByTarget[incident.target] == nil { openByTarget[incident.target] = incident.id }
            throw error
        }
    }

    // MARK: Startup

    /// Loads every incident's summary and rebuilds the indexes from them; loads the journal checkpoint's digests
    /// and replays the journal from its position (the whole journal without one): every journaled signal becomes
    /// seen, and a journaled signal the rules would open or join an incident for, that no incident holds, is applied
    /// now. Then resumes unfinished workflows and, if anything was replayed, writes a checkpoint at the journal's
    /// end, so the next start replays nothing of it again. Call once, before serving.
    ///
    /// - Throws: `.corruptStore` (a damaged incident file or journal record), `.storageFailure`. A checkpoint that
    ///   cannot be written is reported in the result, not thrown.
    public func recover() async throws -> RecoveryReport {
        let loaded = try await store.loadAll()
        let summaries = await store.allSummaries()
        // About one signal per incident: sized once instead of growing through a dozen rehashes.
        var held: Set<DeduplicationDigest> = []
        held.reserveCapacity(summaries.count)
        // Ascending IDs: if several incidents about one target are not closed, the newest is the one joined.
        for incident in summaries {
            for key in incident.dedupKeys { held.insert(DeduplicationDigest(key)) }
            if incident.status != .closed, incident.playbook != .release { openByTarget[incident.target] = incident.id }
            if incident.mode == .automatic, incident.playbook != .triage, incident.hasSteps {
                _ = containmentRate.admit(at: incident.createdAt)
            }
            if let key = incident.idempotencyKey { incidentByIdempotencyKey[key] = incident.id }
        }
        let checkpoint = await journal.takeOpenedCheckpoint()
        seen = Set(checkpoint?.digests ?? [])
        seen.formUnion(held)
        var records = 0
        var undecodable = 0
        var unapplied: [(Signal, RuleDecision)] = []
        var unappliedKeys: Set<DeduplicationDigest> = []
        // Records before the checkpoint's position had their effects saved before it was written; only the tail
        // can hold a signal whose incident write a crash cut off (the journal's fsync comes before the 2xx, the
        // incident's save after).
        try journal.replay(from: checkpoint?.position ?? .start) { record in
            records += 1
            let entry = try IngestRecord(decoding: record.payload)
            let signals: [Signal]
            do {
                signals = try decodeSignals(Data(entry.body), format: entry.format, receivedAt: entry.receivedAt).signals
            } catch {
                // Accepted once, so the decoder changed since: keep starting, and say so in the report.
                undecodable += 1
                return
            }
            for signal in signals {
                let key = DeduplicationDigest(signal.deduplicationKey)
                seen.insert(key)
                guard !held.contains(key), !unappliedKeys.contains(key) else { continue }
                let decision = rules.evaluate(signal)
                if case .openOrJoin = decision.outcome {
                    unapplied.append((signal, decision))
                    unappliedKeys.insert(key)
                }
            }
        }
        // Resume first: incidents opened by the re-applied signals below start runs of their own.
        let resumed = try await engine.resumeUnfinished()
        if !unapplied.isEmpty { _ = try await apply(unapplied) }
        var checkpointFailure: String?
        if records > 0 {
            do {
                try await self.checkpoint()
            } catch {
                checkpointFailure = (error as? DomainError)?.message ?? "\(error)"
            }
        }
        let journalRecovery = journal.recovery
        return RecoveryReport(incidentsLoaded: loaded, journalRecords: records, undecodableRecords: undecodable,
                              signalsReapplied: unapplied.count, workflowsResumed: resumed,
                              droppedTail: journalRecovery.droppedTail, replayedFrom: checkpoint?.position ?? .start,
                              checkpointDigests: journalRecovery.checkpointDigests,
                              fullReplayReason: journalRecovery.fullReplayReason, checkpointFailure: checkpointFailure,
                              summaryIndexProblem: await store.summaryIndexProblem)
    }
}
