import FoundationEssentials

/// What a step does to the world, which decides when it may run.
public enum StepKind: String, Codable, Sendable, Equatable {
    /// Reads or copies without changing the target; runs even while awaiting approval.
    case evidence
    /// Changes the target or the account; waits for approval, and never runs after a failed evidence step.
    case destructive
    /// Re-describes and decides `contained` or `failed`; runs last.
    case verification
}
