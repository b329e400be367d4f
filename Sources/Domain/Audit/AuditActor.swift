import Foundation

/// Who asked for something: the caller's name and, once authentication knows it, its role.
///
/// The API builds one from the request (today the self-asserted `X-Cordon-Actor` header; with authentication,
/// the token's name and role), so switching the source is one line in the API layer.
public struct AuditActor: Codable, Sendable, Equatable, Hashable {
    /// The caller's name (a token name, a responder, a tool, or "cordon" for the engine).
    public var name: String
    /// The caller's role, when authentication established one.
    public var role: String?

    /// Creates an actor.
    public init(name: String, role: String? = nil) {
        self.name = name
        self.role = role
    }

    /// The workflow engine acting by itself.
    public static let engine = AuditActor(name: WorkflowMachine.engineActor, role: "engine")
}
