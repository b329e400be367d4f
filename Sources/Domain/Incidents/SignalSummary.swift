import FoundationEssentials

/// What an incident keeps of a signal that opened or joined it: enough to explain and to deduplicate.
public struct SignalSummary: Codable, Sendable, Equatable {
    /// Which tool sent it (e.g. "guardduty", "cloudtrail", "securityhub").
    public var source: String
    /// What kind of event it is (e.g. a finding type or an API call name).
    public var kind: String
    /// When it happened, as the source says.
    public var time: Date
    /// The source's severity, normalized by ingestion (e.g. "high").
    public var severity: String
    /// A one-line title for the timeline.
    public var title: String
    /// The key that recognises duplicates (CloudTrail eventID, finding ID + updatedAt).
    public var dedupKey: String

    /// Creates a signal summary.
    public init(source: String, kind: String, time: Date, severity: String, title: String, dedupKey: String) {
        self.source = source
        self.kind = kind
        self.time = time
        self.severity = severity
        self.title = title
        self.dedupKey = dedupKey
    }
}
