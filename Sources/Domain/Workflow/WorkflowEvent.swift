import FoundationEssentials

/// What happened to a workflow: a request from a person or the engine, or the outcome of a step's call.
public enum WorkflowEvent: Sendable, Equatable {
    /// Run the incident's playbook (a second start on a running workflow changes nothing).
    case start(by: String)
    /// A step's call succeeded with this result.
    case stepSucceeded(StepName, StepResult)
    /// A step's call failed; `retryable` when repeating it may succeed (throttling, 5xx, eventual consistency).
    case stepFailed(StepName, error: String, retryable: Bool)
    /// The service restarted; steps found `running` may or may not have happened and are called again
    /// with the same idempotency token.
    case resumed
    /// A responder approved the destructive steps of an incident in mode `awaitingApproval`.
    case approve(by: String)
    /// A responder cancelled the workflow: steps not started are skipped; calls in flight finish.
    case cancel(by: String)
    /// A signal about the incident's target arrived: it joins the incident's signals and timeline.
    case signalJoined(SignalSummary, by: String)
    /// Run a larger playbook that contains the current one (`contain-instance` to `forensics`): what succeeded
    /// is kept, the new steps are added and run when their needs have succeeded.
    case extend(to: PlaybookName, by: String)
    /// A responder closed the incident: steps not started are skipped, nothing waits for calls in flight.
    case close(by: String)
    /// A responder approved the plan with this digest; when `required` approvals count, the destructive steps run.
    case approvalGiven(Approval, required: Int)
    /// A responder released the host: the `release` playbook restores the recorded prior state and verifies it.
    case release(by: String)
}
