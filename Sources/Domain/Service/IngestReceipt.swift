/// What `POST /v1/events` answers once the events are durable.
public struct IngestReceipt: Codable, Sendable, Equatable {
    /// Signals seen for the first time.
    public var accepted: Int
    /// Signals already seen (same CloudTrail eventID, same finding ID and update time), not acted on again.
    public var duplicates: Int
    /// Incidents the new signals opened or joined.
    public var incidents: [IncidentReference]
    /// The Firehose delivery's request ID, echoed in Firehose's response contract; nil for other formats.
    public var firehoseRequestId: String?

    /// Creates a receipt.
    public init(accepted: Int, duplicates: Int, incidents: [IncidentReference], firehoseRequestId: String? = nil) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.incidents = incidents
        self.firehoseRequestId = firehoseRequestId
    }
}

/// An incident a request opened or joined.
public struct IncidentReference: Codable, Sendable, Equatable, Hashable {
    /// The incident's ID.
    public var id: String
    /// Whether this request opened it.
    public var created: Bool

    /// Creates a reference.
    public init(id: String, created: Bool) {
        self.id = id
        self.created = created
    }
}
