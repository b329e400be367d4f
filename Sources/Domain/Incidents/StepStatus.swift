import FoundationEssentials

/// Where one workflow step stands; the raw values are the stable JSON spelling.
public enum StepStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// Not started; waits for its dependencies.
    case pending
    /// Its intent is recorded and its cloud call was (maybe) made; the outcome is not recorded yet.
    case running
    /// The cloud call succeeded and its outcome is recorded.
    case succeeded
    /// It failed for good (attempts exhausted or a permanent error).
    case failed
    /// It will never run; `IncidentStep.error` says why.
    case skipped
    /// It waits for a responder's approval (the incident's mode is `awaitingApproval`).
    case awaitingApproval

    /// Whether the step will not change again.
    public var isTerminal: Bool { self == .succeeded || self == .failed || self == .skipped }
}
