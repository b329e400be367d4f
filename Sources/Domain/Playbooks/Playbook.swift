import FoundationEssentials

/// A playbook: an ordered graph of steps. Steps whose needs have succeeded run in parallel.
public struct Playbook: Sendable, Equatable {
    /// Its name.
    public var name: PlaybookName
    /// Its steps in display order; every `needs` names an earlier step.
    public var steps: [PlaybookStep]

    /// Creates a playbook.
    public init(name: PlaybookName, steps: [PlaybookStep]) {
        self.name = name
        self.steps = steps
    }

    /// The node of a step.
    public func step(_ name: StepName) -> PlaybookStep? {
        steps.first { $0.name == name }
    }

    /// Whether the playbook can act on this kind of target.
    public func accepts(_ target: IncidentTarget) -> Bool {
        switch name {
        case .containInstance, .forensics, .release: target.isInstance
        case .containAccessKey: !target.isInstance
        case .triage: true
        }
    }
}
