import FoundationEssentials

extension IncidentTarget {
    /// The incident target of a rule's target resource.
    init(_ resource: TargetResource) {
        switch resource {
        case .instance(let id): self = .instanceId(id)
        case .ipAddress(let address): self = .ipAddress(address)
        case .accessKey(let id): self = .accessKeyId(id)
        }
    }

    /// Every target a signal names, the rule's choice first: a signal joins an open incident about any of them.
    static func candidates(in signal: Signal, preferring chosen: IncidentTarget) -> [IncidentTarget] {
        let resources = signal.resources
        return [chosen] + resources.instanceIDs.map(IncidentTarget.instanceId)
            + resources.ipAddresses.map(IncidentTarget.ipAddress) + resources.accessKeyIDs.map(IncidentTarget.accessKeyId)
    }

    /// The playbook that contains this kind of target.
    var containmentPlaybook: PlaybookName {
        isInstance ? .containInstance : .containAccessKey
    }
}
