/// The body of `POST /v1/incidents`.
public struct OpenIncidentRequest: Codable, Sendable, Equatable {
    /// What the incident is about.
    public var target: IncidentTarget
    /// The playbook to run; defaults to `contain-instance` for an instance or IP, `contain-access-key` for a key.
    public var playbook: PlaybookName?
    /// The responder's ticket reference; defaults to the incident's ID.
    public var reference: String?
    /// The region of the target; defaults to Cordon's configured region.
    public var region: String?
    /// The account of the target, when it is not Cordon's own.
    public var account: String?
    /// `automatic` (default) or `awaitingApproval`.
    public var mode: IncidentMode?
    /// When true, nothing is opened: the answer is the plan the incident would run.
    public var dryRun: Bool?

    /// Creates a request.
    public init(target: IncidentTarget, playbook: PlaybookName? = nil, reference: String? = nil, region: String? = nil,
                account: String? = nil, mode: IncidentMode? = nil, dryRun: Bool? = nil) {
        self.target = target
        self.playbook = playbook
        self.reference = reference
        self.region = region
        self.account = account
        self.mode = mode
        self.dryRun = dryRun
    }
}

/// The outcome of opening an incident: the incident, and whether this request created it.
public struct OpenedIncident: Sendable, Equatable {
    /// The incident as saved.
    public var incident: Incident
    /// False when an earlier request with the same idempotency key had opened it.
    public var created: Bool

    /// Creates an outcome.
    public init(incident: Incident, created: Bool) {
        self.incident = incident
        self.created = created
    }
}
