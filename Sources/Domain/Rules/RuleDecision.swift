/// What the rules decided for one signal, and why, so the incident can explain itself.
public struct RuleDecision: Sendable, Equatable {
    /// What to do with the signal.
    public enum Outcome: Sendable, Equatable {
        /// Open an incident about `target`, or join the open one about it, running `playbook` in `mode`.
        /// `target` is nil only for `triage` when the signal names no resource.
        case openOrJoin(playbook: PlaybookName, mode: IncidentMode, target: TargetResource?)
        /// Record nothing further: a rule said to ignore it.
        case ignore
        /// No rule matched: keep the signal on record, open no incident.
        case record
    }

    /// The name of the rule that matched; nil when none did.
    public var ruleName: String?
    /// What to do.
    public var outcome: Outcome
    /// One sentence for the timeline: which rule matched and on what.
    public var explanation: String

    /// Creates a decision.
    public init(ruleName: String?, outcome: Outcome, explanation: String) {
        self.ruleName = ruleName
        self.outcome = outcome
        self.explanation = explanation
    }
}
