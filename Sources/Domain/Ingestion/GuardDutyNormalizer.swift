import FoundationEssentials

/// Turns one GuardDuty finding (GuardDuty User Guide, "Finding format"; camelCase in EventBridge events,
/// PascalCase in GetFindings output) into a signal.
enum GuardDutyNormalizer {
    /// True when `value` looks like a GuardDuty finding: `id`, `type`, a `resource` or `service`, and a
    /// `schemaVersion` or `severity` (sample findings in the wild lack one or the other of each pair).
    static func isFinding(_ value: JSONValue) -> Bool {
        value.field("id") != nil && value.field("type") != nil
            && (value.field("resource") != nil || value.field("service") != nil)
            && (value.field("schemaVersion") != nil || value.field("severity") != nil)
    }

    /// Normalizes `finding`; `path` names it in errors.
    static func signal(
        from finding: JSONValue, envelope: EventBridgeEnvelope, raw: JSONValue, receivedAt: Date, path: String
    ) throws -> Signal {
        guard case .object = finding else {
            throw DomainError(.invalidInput, "\(path): expected a GuardDuty finding object, found \(finding.typeName)")
        }
        guard let id = finding.text("id") else {
            throw DomainError(.invalidInput, "\(path): GuardDuty finding without an id")
        }
        guard let type = finding.field("type")?.stringValue, !type.isEmpty else {
            throw DomainError(.invalidInput, "\(path): GuardDuty finding \(id) without a type")
        }
        let updatedAt = finding.text("updatedAt") ?? finding.text("createdAt")
        let resource = finding.field("resource")
        let keyDetails = resource?.field("accessKeyDetails")
        let principal = keyDetails.map { details in
            Principal(
                type: details.text("userType"), arn: nil, userName: details.text("userName"),
                accessKeyID: details.text("accessKeyId")
            )
        }
        // The finding names its resource explicitly; the scan adds ENIs, addresses and anything else inside it.
        var resources = SignalResources(
            instanceIDs: resource?.text("instanceDetails", "instanceId").map { [$0] } ?? [],
            accessKeyIDs: principal?.accessKeyID.map { [$0] } ?? [],
            userNames: principal?.userName.map { [$0] } ?? []
        )
        if let resource {
            var scanner = ResourceScanner()
            scanner.scan(resource, key: "resource")
            resources.merge(scanner.found)
        }
        let score = finding.field("severity")?.doubleValue ?? 0
        return Signal(
            source: .guardduty,
            kind: type,
            time: updatedAt.flatMap(EventTimestamp.parse) ?? envelope.date ?? receivedAt,
            receivedAt: receivedAt,
            account: finding.text("accountId") ?? envelope.account,
            region: finding.text("region") ?? envelope.region,
            principal: principal,
            action: finding.text("service", "action", "actionType"),
            resources: resources,
            severity: Severity(score: score, label: label(for: score)),
            title: finding.text("title") ?? type,
            deduplicationKey: "guardduty:\(id)@\(updatedAt ?? "")",
            raw: raw
        )
    }

    /// GuardDuty User Guide, "Severity levels of GuardDuty findings": 1.0-3.9 Low, 4.0-6.9 Medium,
    /// 7.0-8.9 High, 9.0-10.0 Critical.
    static func label(for score: Double) -> String {
        switch score {
        case 9...: return "Critical"
        case 7..<9: return "High"
        case 4..<7: return "Medium"
        default: return "Low"
        }
    }
}
