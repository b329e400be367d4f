import FoundationEssentials

/// Turns an AWS Health event's detail (Health User Guide, "Monitoring AWS Health events with EventBridge")
/// into a signal: `AWS_RISK_CREDENTIALS_EXPOSED` names an exposed access key; other Health events are kept
/// as low-severity signals.
enum HealthNormalizer {
    /// The Health event type AWS sends when it finds an access key exposed in public.
    static let credentialsExposed = "AWS_RISK_CREDENTIALS_EXPOSED"

    /// Normalizes the `detail` of a Health event; `raw` is the whole event.
    static func signal(
        from detail: JSONValue, envelope: EventBridgeEnvelope, raw: JSONValue, receivedAt: Date, path: String
    ) throws -> Signal {
        guard let code = detail.text("eventTypeCode") else {
            throw DomainError(.invalidInput, "\(path).detail: AWS Health event without an eventTypeCode")
        }
        let category = detail.text("eventTypeCategory") ?? "unknown"
        let entities = (detail.field("affectedEntities")?.arrayValue ?? []).compactMap { $0.text("entityValue") }
        var resources = SignalResources()
        if code == credentialsExposed {
            // The affected entity of this event type is the exposed access key ID itself.
            resources.accessKeyIDs = entities
        } else {
            var scanner = ResourceScanner()
            for entity in entities { scanner.scan(.string(entity), key: "entityValue") }
            for resource in envelope.resources { scanner.scan(resource, key: "resources") }
            resources = scanner.found
        }
        let startTime = detail.text("startTime")
        let updated = detail.text("lastUpdatedTime") ?? startTime ?? envelope.time
        let identity = detail.text("eventArn") ?? "fnv64:\(detail.canonicalHash)"
        let service = detail.text("service").map { " (\($0))" } ?? ""
        return Signal(
            source: .health,
            kind: code,
            time: startTime.flatMap(EventTimestamp.parse) ?? envelope.date ?? receivedAt,
            receivedAt: receivedAt,
            account: envelope.account,
            region: detail.text("eventRegion") ?? envelope.region,
            principal: nil,
            action: nil,
            resources: resources,
            severity: Severity(score: code == credentialsExposed ? 9 : 2, label: category),
            title: "AWS Health \(code)\(service)",
            deduplicationKey: "health:\(identity)@\(updated ?? "")",
            raw: raw
        )
    }
}
