import FoundationEssentials

/// Who asked for something: the caller's name and, once authentication knows it, its role.
///
/// The API builds one from the authenticated principal: the token's name (with the `X-Cordon-Actor` a bot
/// asserts) and the token's role.
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

/// A literal is a name without a role: the service's own actors ("cordon-rules") and tests write them so.
extension AuditActor: ExpressibleByStringLiteral {
    /// An actor named `value`, with no role.
    public init(stringLiteral value: String) {
        self.init(name: value)
    }
}
