import FoundationEssentials

/// A notable thing the domain did, reported through `DomainTelemetry` once it is saved.
public enum TelemetryEvent: Sendable, Equatable {
    /// An incident was opened (by a rule or a responder) and its workflow started.
    case incidentOpened(incidentId: String, target: String, playbook: PlaybookName, mode: IncidentMode, by: String)
    /// A step's call succeeded. `seconds` runs from its first attempt's start to now (from the engine's clock).
    case stepSucceeded(incidentId: String, step: StepName, attempts: Int, seconds: Double)
    /// A step's call failed on attempt number `attempts`; `willRetry` says whether another attempt follows (else the
    /// step failed for good).
    case stepFailed(incidentId: String, step: StepName, attempts: Int, seconds: Double, error: String, willRetry: Bool)
    /// The incident's status changed to `contained`, `failed`, `released` or `closed`: its workflow ended.
    case workflowFinished(incidentId: String, status: IncidentStatus)
    /// A workflow that was running when the service stopped was resumed at startup.
    case workflowResumed(incidentId: String)
    /// A journal checkpoint could not be written; events are still taken, but startup after a crash replays more.
    case checkpointFailed(error: String)
}
