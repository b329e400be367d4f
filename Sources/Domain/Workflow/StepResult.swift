import FoundationEssentials

/// What a step's call did, as fed back to the machine.
public struct StepResult: Codable, Sendable, Equatable {
    /// The calls made, resources created and outputs.
    public var effect: CloudEffect
    /// What the step captured.
    public var evidence: [EvidenceRecord]

    /// Creates a result.
    public init(effect: CloudEffect = CloudEffect(), evidence: [EvidenceRecord] = []) {
        self.effect = effect
        self.evidence = evidence
    }
}
