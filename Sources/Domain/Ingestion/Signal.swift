import FoundationEssentials

/// One security event in Cordon's own words, whatever tool sent it; the rules and incidents work on these.
public struct Signal: Codable, Sendable, Equatable {
    /// The tool it came from.
    public var source: SignalSource
    /// What happened, in the source's vocabulary: CloudTrail eventName, GuardDuty finding type, ASFF
    /// Types[0] (or Title), Trusted Advisor check name, Health eventTypeCode, Splunk search name.
    public var kind: String
    /// When it happened (the source's time; the receive time when the source gives none).
    public var time: Date
    /// When Cordon received it.
    public var receivedAt: Date
    /// The AWS account it concerns.
    public var account: String?
    /// The AWS region it concerns.
    public var region: String?
    /// Who acted.
    public var principal: Principal?
    /// The API action or finding action (e.g. `ec2:RunInstances`, `AWS_API_CALL`).
    public var action: String?
    /// The resources it names.
    public var resources: SignalResources
    /// How bad the source says it is.
    public var severity: Severity
    /// One line for a human.
    public var title: String
    /// Equal keys mean the same event delivered again (CloudTrail eventID; finding ID + update time; ...).
    public var deduplicationKey: String
    /// The original record or finding, unchanged.
    public var raw: JSONValue

    /// Creates a signal.
    public init(
        source: SignalSource, kind: String, time: Date, receivedAt: Date, account: String?, region: String?,
        principal: Principal?, action: String?, resources: SignalResources, severity: Severity, title: String,
        deduplicationKey: String, raw: JSONValue
    ) {
        self.source = source
        self.kind = kind
        self.time = time
        self.receivedAt = receivedAt
        self.account = account
        self.region = region
        self.principal = principal
        self.action = action
        self.resources = resources
        self.severity = severity
        self.title = title
        self.deduplicationKey = deduplicationKey
        self.raw = raw
    }
}
