import FoundationEssentials

/// What the platform team configures for workflows.
public struct WorkflowSettings: Sendable, Equatable {
    /// The responder name at the start of snapshot descriptions ("<responder>-<date>-<reference>").
    public var responderName: String
    /// How to launch forensic workstations; the `forensics` playbook needs it.
    public var forensicWorkstation: ForensicWorkstationSpec?
    /// How often a failing step is tried.
    public var retryPolicy: RetryPolicy
    /// Resources Cordon never acts on besides those tagged `cordon:exempt=true` (see `Exemption`).
    public var exemptResources: Set<String>

    /// Creates settings.
    public init(responderName: String = "cordon", forensicWorkstation: ForensicWorkstationSpec? = nil,
                retryPolicy: RetryPolicy = RetryPolicy(), exemptResources: Set<String> = []) {
        self.responderName = responderName
        self.forensicWorkstation = forensicWorkstation
        self.retryPolicy = retryPolicy
        self.exemptResources = exemptResources
    }
}
