import Foundation

/// What the platform team configures for workflows.
public struct WorkflowSettings: Sendable, Equatable {
    /// The responder name at the start of snapshot descriptions ("<responder>-<date>-<reference>").
    public var responderName: String
    /// How to launch forensic workstations; the `forensics` playbook needs it.
    public var forensicWorkstation: ForensicWorkstationSpec?
    /// How often a failing step is tried.
    public var retryPolicy: RetryPolicy

    /// Creates settings.
    public init(responderName: String = "cordon", forensicWorkstation: ForensicWorkstationSpec? = nil,
                retryPolicy: RetryPolicy = RetryPolicy()) {
        self.responderName = responderName
        self.forensicWorkstation = forensicWorkstation
        self.retryPolicy = retryPolicy
    }
}
