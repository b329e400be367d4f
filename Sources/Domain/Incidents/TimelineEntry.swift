import FoundationEssentials

/// One line of an incident's timeline: who did or saw what, when.
public struct TimelineEntry: Codable, Sendable, Equatable {
    /// When it happened.
    public var time: Date
    /// Who did it: "cordon" for the engine, otherwise the responder or tool named by the API.
    public var actor: String
    /// What happened, in a sentence.
    public var message: String

    /// Creates a timeline entry.
    public init(time: Date, actor: String, message: String) {
        self.time = time
        self.actor = actor
        self.message = message
    }
}
