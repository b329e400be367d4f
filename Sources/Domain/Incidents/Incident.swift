import FoundationEssentials

/// A security incident and everything Cordon did about it; saved as one JSON document per incident.
///
/// The field names are the stable JSON contract of the store and the HTTP API.
public struct Incident: Codable, Sendable, Equatable, Identifiable {
    /// Cordon's ID: "inc-" + UTC time + random hex, so IDs sort by creation time (see `Incident.makeID`).
    public var id: String
    /// The responder's ticket reference ("REFERENCE-ID" in the AWS guide); defaults to `id`.
    public var reference: String
    /// What the incident is about.
    public var target: IncidentTarget
    /// The AWS region the target lives in.
    public var region: String
    /// The AWS account the target lives in, when it is not Cordon's own.
    public var account: String?
    /// Where the incident stands.
    public var status: IncidentStatus
    /// The playbook its workflow runs.
    public var playbook: PlaybookName
    /// Whether destructive steps run at once or wait for approval.
    public var mode: IncidentMode
    /// The workflow's steps in playbook order; empty until the workflow starts.
    public var steps: [IncidentStep]
    /// The signals that opened or joined it.
    public var signals: [SignalSummary]
    /// What was captured before anything changed.
    public var evidence: [EvidenceRecord]
    /// Who did what, when, in order.
    public var timeline: [TimelineEntry]
    /// When it was opened.
    public var createdAt: Date
    /// When it was last saved.
    public var updatedAt: Date
    /// The caller's Idempotency-Key of the request that opened it, so a retried request finds it.
    public var idempotencyKey: String?
    /// The request that opened it through the API, kept so a retry with the same idempotency key but a
    /// different body is recognised as a conflict, also after a restart; nil for incidents opened by rules.
    public var openedWith: OpenIncidentRequest?
    /// Who cancelled or closed the workflow while calls were in flight; kept on disk so a restart does not
    /// repeat those calls. A new start clears it.
    public var cancelledBy: String?
    /// The approvals recorded while the incident awaits approval (nil until the first).
    public var approvals: [Approval]?
    /// Why Cordon will not act on the target (a `cordon:exempt=true` tag or the configured exemptions), if so.
    public var exemption: String?
    /// Incremented by whoever saves, on every save; a store may use it for optimistic concurrency.
    public var version: Int

    /// Opens an incident: status `open`, no steps yet, version 0 (not saved yet; whoever saves increments it).
    public init(
        id: String,
        reference: String? = nil,
        target: IncidentTarget,
        region: String,
        account: String? = nil,
        playbook: PlaybookName,
        mode: IncidentMode = .automatic,
        signals: [SignalSummary] = [],
        idempotencyKey: String? = nil,
        openedBy actor: String,
        at time: Date
    ) {
        self.id = id
        self.reference = reference ?? id
        self.target = target
        self.region = region
        self.account = account
        self.status = .open
        self.playbook = playbook
        self.mode = mode
        self.steps = []
        self.signals = signals
        self.evidence = []
        let opened = "opened for \(target.value) with playbook \(playbook.rawValue)"
        self.timeline = [TimelineEntry(time: time, actor: actor, message: opened)]
        self.createdAt = time
        self.updatedAt = time
        self.idempotencyKey = idempotencyKey
        self.version = 0
    }

    /// The step with this name, if the workflow has it.
    public func step(_ name: StepName) -> IncidentStep? {
        steps.first { $0.name == name }
    }
}
