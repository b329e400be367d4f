import FoundationEssentials

/// Turns one CloudTrail record (CloudTrail User Guide, "CloudTrail record contents") into a signal.
enum CloudTrailNormalizer {
    /// Members of which at least one accompanies `eventName` in a CloudTrail record; minimal records from
    /// detection-rule tests carry only one or two of them.
    private static let companionFields = [
        "eventSource", "eventTime", "userIdentity", "eventID", "awsRegion", "requestParameters", "responseElements",
    ]

    /// True when `value` looks like a CloudTrail record: an `eventName` with another record member (also in
    /// the all-lowercase spelling some SIEM exports use).
    static func isRecord(_ value: JSONValue) -> Bool {
        value.field("eventName") != nil && companionFields.contains { value.field($0) != nil }
    }

    /// Normalizes `record`; `path` names it in errors (e.g. `Records[12]`).
    static func signal(
        from record: JSONValue, envelope: EventBridgeEnvelope, raw: JSONValue, receivedAt: Date, path: String
    ) throws -> Signal {
        guard case .object = record else {
            throw DomainError(.invalidInput, "\(path): expected a CloudTrail record object, found \(record.typeName)")
        }
        // CloudTrail Insights records name the API in insightDetails (CloudTrail User Guide, "CloudTrail
        // Insights events record contents"); their kind says it is an insight, not the call itself.
        let insight = record.field("insightDetails")
        let eventName: String
        let kind: String
        if let name = record.field("eventName")?.stringValue, !name.isEmpty {
            eventName = name
            kind = name
        } else if let name = insight?.text("eventName") {
            eventName = name
            kind = "\(insight?.text("insightType") ?? "Insight"):\(name)"
        } else {
            throw DomainError(.invalidInput, "\(path): eventName is missing or not a non-empty string")
        }
        let identity = record.field("userIdentity")
        let principal = Principal(
            type: identity?.text("type"),
            arn: identity?.text("arn"),
            userName: identity?.text("userName") ?? identity?.text("sessionContext", "sessionIssuer", "userName"),
            accessKeyID: identity?.text("accessKeyId")
        )
        let sourceIP = record.text("sourceIPAddress")
        let resources = Self.resources(of: record, principal: principal, sourceIP: sourceIP)

        let service = (record.text("eventSource") ?? insight?.text("eventSource")).map { source in
            source.hasSuffix(".amazonaws.com") ? String(source.dropLast(".amazonaws.com".count)) : source
        }
        let errorCode = record.text("errorCode")
        var title = kind != eventName ? "CloudTrail Insight \(kind) (\(insight?.text("state") ?? "?"))" : "\(eventName) by \(principal.arn ?? principal.userName ?? principal.type ?? "an unknown principal")"
        if let sourceIP { title += " from \(sourceIP)" }
        if let errorCode { title += " (failed: \(errorCode))" }
        if let outcome = record.text("responseElements", "ConsoleLogin") { title += " (\(outcome))" }

        let deduplicationKey = record.text("eventID").map { "cloudtrail:\($0)" }
            ?? "cloudtrail:fnv64:\(record.canonicalHash)" // No eventID (seen in rule-test data): hash the record.
        return Signal(
            source: .cloudtrail,
            kind: kind,
            time: record.text("eventTime").flatMap(EventTimestamp.parse) ?? envelope.date ?? receivedAt,
            receivedAt: receivedAt,
            account: record.text("recipientAccountId") ?? identity?.text("accountId") ?? envelope.account,
            region: record.text("awsRegion") ?? envelope.region,
            principal: principal,
            action: service.map { "\($0):\(eventName)" } ?? eventName,
            resources: resources,
            // CloudTrail records carry no severity; rules act on the event name instead.
            severity: Severity(score: 0, label: "informational"),
            title: title,
            deduplicationKey: deduplicationKey,
            raw: raw
        )
    }

    /// What the call was about (request, response, `resources`) first, then the caller's key, name and IP.
    private static func resources(of record: JSONValue, principal: Principal, sourceIP: String?) -> SignalResources {
        var scanner = ResourceScanner()
        for part in ["requestParameters", "responseElements", "resources"] {
            guard let value = record.field(part) else { continue }
            // requestParameters is sometimes a JSON-encoded string rather than an object.
            if case .string(let text) = value, let embedded = JSONParser.parseEmbedded(text, maxDepth: 32) {
                scanner.scan(embedded, key: part)
            } else {
                scanner.scan(value, key: part)
            }
        }
        var resources = scanner.found
        var caller = SignalResources()
        if let key = principal.accessKeyID, ResourceScanner.isAccessKeyID(key) { caller.accessKeyIDs = [key] }
        if principal.type == "IAMUser", let user = principal.userName { caller.userNames = [user] }
        // sourceIPAddress may be a service name ("ec2.amazonaws.com"); only addresses count.
        if let sourceIP, ResourceScanner.isIPAddress(sourceIP) { caller.ipAddresses = [sourceIP] }
        resources.merge(caller)
        return resources
    }
}
