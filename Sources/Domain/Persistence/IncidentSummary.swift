import FoundationEssentials

/// What the store keeps in memory of each incident: enough to index, list and recover without decoding it.
///
/// With 100,000 stored incidents, holding every `Incident` cost 436 MiB and 7 s of decoding at startup (issue #7);
/// a summary is a few hundred bytes, read from each file by `IncidentSummaryScanner`, and the full incident is
/// decoded on demand (`IncidentStore.load(id:)`).
public struct IncidentSummary: Sendable, Equatable {
    /// The incident's ID; IDs sort by creation time.
    public var id: String
    /// Where it stands.
    public var status: IncidentStatus
    /// What it is about.
    public var target: IncidentTarget
    /// The playbook its workflow runs.
    public var playbook: PlaybookName
    /// Whether destructive steps run at once or wait for approval.
    public var mode: IncidentMode
    /// When it was opened.
    public var createdAt: Date
    /// The Idempotency-Key of the request that opened it, if any.
    public var idempotencyKey: String?
    /// The deduplication keys of its signals.
    public var dedupKeys: [String]
    /// Whether its workflow has started (it has steps).
    public var hasSteps: Bool
    /// Whether a step is `running` (a call was in flight when it was last saved).
    public var hasRunningStep: Bool
    /// The version of the saved document.
    public var version: Int

    /// The summary of `incident`.
    public init(_ incident: Incident) {
        id = incident.id
        status = incident.status
        target = incident.target
        playbook = incident.playbook
        mode = incident.mode
        createdAt = incident.createdAt
        idempotencyKey = incident.idempotencyKey
        dedupKeys = incident.signals.map(\.dedupKey)
        hasSteps = !incident.steps.isEmpty
        hasRunningStep = incident.steps.contains { $0.status == .running }
        version = incident.version
    }

    /// Creates a summary from its fields (as scanned from a file).
    public init(id: String, status: IncidentStatus, target: IncidentTarget, playbook: PlaybookName, mode: IncidentMode,
                createdAt: Date, idempotencyKey: String?, dedupKeys: [String], hasSteps: Bool, hasRunningStep: Bool,
                version: Int) {
        self.id = id
        self.status = status
        self.target = target
        self.playbook = playbook
        self.mode = mode
        self.createdAt = createdAt
        self.idempotencyKey = idempotencyKey
        self.dedupKeys = dedupKeys
        self.hasSteps = hasSteps
        self.hasRunningStep = hasRunningStep
        self.version = version
    }

    /// Whether a workflow was running when the service stopped and must be resumed: still containing, or closed
    /// with a call in flight (recorded as not repeated on resume).
    public var isUnfinished: Bool {
        status == .containing || (status == .closed && hasRunningStep)
    }
}
