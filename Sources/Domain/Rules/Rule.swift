/// One entry of the rules config: which signals it matches, and what to do with them. Unset criteria match
/// anything. Rules are tried in order and the first match wins.
public struct Rule: Codable, Sendable, Equatable {
    /// What a matching rule does.
    public enum Action: String, Codable, Sendable, Equatable {
        /// Open an incident (or join the open one about the same target) with `playbook` in `mode`.
        case open
        /// Keep the signal on record and stop: no incident.
        case ignore
    }

    /// A unique name, quoted in incident timelines.
    public var name: String
    /// The sources it matches (any when nil).
    public var sources: [SignalSource]?
    /// Kind patterns: exact (`StopLogging`), prefix (`UnauthorizedAccess:EC2/*`) or glob with `*` and `?`
    /// (`*:EC2/*`). Any kind when nil.
    public var kinds: [String]?
    /// The lowest severity score (0...10) it matches.
    public var minSeverity: Double?
    /// A kind of resource the signal must name.
    public var requiresResource: ResourceKind?
    /// The principal type it matches (CloudTrail `userIdentity.type`, e.g. `Root`).
    public var principalType: String?
    /// What to do on a match.
    public var action: Action
    /// The playbook to run; required for `open`, absent for `ignore`.
    public var playbook: PlaybookName?
    /// Run automatically or wait for approval; with `open`, defaults to `awaitingApproval` when absent.
    public var mode: IncidentMode?

    /// Creates a rule.
    public init(
        name: String, sources: [SignalSource]? = nil, kinds: [String]? = nil, minSeverity: Double? = nil,
        requiresResource: ResourceKind? = nil, principalType: String? = nil, action: Action,
        playbook: PlaybookName? = nil, mode: IncidentMode? = nil
    ) {
        self.name = name
        self.sources = sources
        self.kinds = kinds
        self.minSeverity = minSeverity
        self.requiresResource = requiresResource
        self.principalType = principalType
        self.action = action
        self.playbook = playbook
        self.mode = mode
    }
}
