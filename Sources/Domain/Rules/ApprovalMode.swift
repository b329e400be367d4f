/// Whether an incident's playbook runs on its own or waits for a responder.
public enum ApprovalMode: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// Run the playbook's steps without asking.
    case automatic
    /// Plan the steps and wait for a responder's approval before changing anything.
    case awaitingApproval
}
