import FoundationEssentials

/// One step of an incident's workflow, as recorded on disk: what was intended, what happened, what it made.
public struct IncidentStep: Codable, Sendable, Equatable {
    /// Which step this is; unique within the incident.
    public var name: StepName
    /// Where the step stands.
    public var status: StepStatus
    /// How many times its call was started (a resume after a restart counts as a new attempt).
    public var attempts: Int
    /// When the first attempt started.
    public var startedAt: Date?
    /// When it reached a terminal status.
    public var endedAt: Date?
    /// The AWS request IDs of the calls it made, for CloudTrail and AWS Support.
    public var awsRequestIds: [String]
    /// The resources it created (snapshots, groups, volumes, instances), in creation order.
    public var createdResourceIds: [String]
    /// Small named results later steps or responders read (e.g. a quarantine group per VPC).
    public var outputs: [String: String]
    /// Why it failed or was skipped.
    public var error: String?

    /// Creates a step that has not started.
    public init(name: StepName, status: StepStatus = .pending) {
        self.name = name
        self.status = status
        self.attempts = 0
        self.startedAt = nil
        self.endedAt = nil
        self.awsRequestIds = []
        self.createdResourceIds = []
        self.outputs = [:]
        self.error = nil
    }
}
