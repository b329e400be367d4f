import FoundationEssentials

/// One node of a playbook's graph: a step, what kind it is, and the steps it needs to have succeeded.
public struct PlaybookStep: Sendable, Equatable {
    /// The step.
    public var name: StepName
    /// What it does to the world.
    public var kind: StepKind
    /// Steps that must succeed before it runs; if one fails or is skipped, it is skipped.
    public var needs: [StepName]

    /// Creates a node.
    public init(_ name: StepName, _ kind: StepKind, needs: [StepName] = []) {
        self.name = name
        self.kind = kind
        self.needs = needs
    }
}
