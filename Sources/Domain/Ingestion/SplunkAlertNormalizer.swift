import FoundationEssentials

/// Turns a Splunk webhook alert payload (Splunk docs, "Use a webhook alert action": `result`, `sid`,
/// `results_link`, `search_name`, `owner`, `app`) into a signal.
enum SplunkAlertNormalizer {
    /// True when `value` has Splunk's `sid` and a `result` or `results_link`.
    static func isAlert(_ value: JSONValue) -> Bool {
        value["sid"] != nil && (value["result"] != nil || value["results_link"] != nil)
    }

    /// Normalizes `alert`; `path` names it in errors.
    static func signal(from alert: JSONValue, receivedAt: Date, path: String) throws -> Signal {
        guard let sid = alert.text("sid") else {
            throw DomainError(.invalidInput, "\(path).sid: must be a non-empty string")
        }
        let result = alert["result"] ?? .object([:])
        guard case .object = result else {
            throw DomainError(.invalidInput, "\(path).result: expected an object, found \(result.typeName)")
        }
        // search_name is null for ad-hoc searches.
        let kind = alert.text("search_name") ?? "splunk-alert"
        var scanner = ResourceScanner()
        scanner.scan(result, key: "result")
        var title = "Splunk alert \"\(kind)\""
        if let host = result.text("host") { title += " on \(host)" }
        return Signal(
            source: .siem,
            kind: kind,
            // The payload has no event time of its own; result._time (epoch seconds as text) is the closest.
            time: result.text("_time").flatMap(EventTimestamp.parse) ?? receivedAt,
            receivedAt: receivedAt,
            account: nil,
            region: nil,
            principal: result.text("user").map { Principal(userName: $0) },
            action: nil,
            resources: scanner.found,
            severity: severity(label: result.text("severity") ?? result.text("urgency")),
            title: title,
            // One alert row per POST: the search ID plus a hash of the row tells a retry from a new result.
            deduplicationKey: "siem:\(sid):\(result.canonicalHash)",
            raw: alert
        )
    }

    /// Splunk ES urgency/severity words; a search without one is taken as medium, since someone built an
    /// alert for it.
    private static func severity(label: String?) -> Severity {
        switch label?.lowercased() {
        case "critical": return Severity(score: 9, label: "critical")
        case "high": return Severity(score: 7, label: "high")
        case "medium": return Severity(score: 5, label: "medium")
        case "low": return Severity(score: 3, label: "low")
        case "informational", "info": return Severity(score: 1, label: "informational")
        default: return Severity(score: 5, label: label ?? "unspecified")
        }
    }
}
