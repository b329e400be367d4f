/// A severity normalised to 0...10, with the source's own label kept for the responder.
public struct Severity: Codable, Sendable, Equatable, Hashable {
    /// 0 (informational) to 10 (critical).
    public var score: Double
    /// The source's label (GuardDuty "High", ASFF "CRITICAL", Health "issue" ...).
    public var label: String

    /// Creates a severity; the score is clamped to 0...10 (NaN becomes 0).
    public init(score: Double, label: String) {
        self.score = score.isNaN ? 0 : min(10, max(0, score))
        self.label = label
    }
}
