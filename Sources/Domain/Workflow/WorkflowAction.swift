import FoundationEssentials

/// What the engine must do for the machine, in the order given.
public enum WorkflowAction: Sendable, Equatable {
    /// Save the incident durably before doing anything after it (a step's intent precedes its call).
    case persist(Incident)
    /// Make the step's cloud call with this token and feed the outcome back as an event.
    case call(StepName, IdempotencyToken)
    /// The workflow is over with this status; nothing is running.
    case finish(IncidentStatus)
}
