import FoundationEssentials

/// The EventBridge event fields around a `detail` (AWS EventBridge User Guide, "Amazon EventBridge events"),
/// used where the detail itself lacks an account, region or time.
struct EventBridgeEnvelope {
    /// The event's `account`.
    var account: String?
    /// The event's `region`.
    var region: String?
    /// The event's `time`, as sent.
    var time: String?
    /// The event's `resources` (ARNs).
    var resources: [JSONValue]

    /// Reads the envelope of an EventBridge event (`account`, `region`, `time`, `resources`).
    init(event: JSONValue) {
        account = event.text("account")
        region = event.text("region")
        time = event.text("time")
        resources = event["resources"]?.arrayValue ?? []
    }

    /// No envelope: a bare record or finding.
    init() {
        resources = []
    }

    /// The envelope's time, parsed.
    var date: Date? { time.flatMap(EventTimestamp.parse) }
}
