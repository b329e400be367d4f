import FoundationEssentials

/// Turns one AWS Security Finding Format finding (Security Hub User Guide, "ASFF syntax") into a signal.
enum SecurityHubNormalizer {
    /// True when `value` looks like an ASFF finding: `SchemaVersion` and `ProductArn` are required ASFF fields.
    static func isFinding(_ value: JSONValue) -> Bool {
        value["SchemaVersion"] != nil && value["ProductArn"] != nil
    }

    /// Normalizes `finding`; `path` names it in errors.
    static func signal(
        from finding: JSONValue, envelope: EventBridgeEnvelope, receivedAt: Date, path: String
    ) throws -> Signal {
        guard case .object = finding else {
            throw DomainError(.invalidInput, "\(path): expected an ASFF finding object, found \(finding.typeName)")
        }
        let title = finding.text("Title")
        guard let kind = finding["Types"]?.arrayValue?.first?.stringValue ?? title ?? finding.text("GeneratorId") else {
            throw DomainError(.invalidInput, "\(path): ASFF finding with none of Types, Title, GeneratorId")
        }
        let id = finding.text("Id")
        let updatedAt = finding.text("UpdatedAt")
        let time = (updatedAt ?? finding.text("LastObservedAt") ?? finding.text("CreatedAt")).flatMap(EventTimestamp.parse)

        var resources = SignalResources()
        var scanner = ResourceScanner()
        for resource in finding["Resources"]?.arrayValue ?? [] {
            // An AwsEc2Instance resource's Id is the instance ARN; say so before the scan finds other IDs.
            if resource.text("Type") == "AwsEc2Instance", let instanceID = resource.text("Id").flatMap(ResourceScanner.instanceID(in:)) {
                resources.merge(SignalResources(instanceIDs: [instanceID]))
            }
            scanner.scan(resource, key: "Resources")
        }
        resources.merge(scanner.found)

        let deduplicationKey = id.map { "securityhub:\($0)@\(updatedAt ?? "")" }
            ?? "securityhub:fnv64:\(finding.canonicalHash)" // Some 2019-era samples have no Id.
        return Signal(
            source: .securityhub,
            kind: kind,
            time: time ?? envelope.date ?? receivedAt,
            receivedAt: receivedAt,
            account: finding.text("AwsAccountId") ?? envelope.account,
            region: finding.text("Region") ?? envelope.region,
            principal: nil,
            action: finding.text("Workflow", "Status"),
            resources: resources,
            severity: severity(of: finding["Severity"]),
            title: title ?? kind,
            deduplicationKey: deduplicationKey,
            raw: finding
        )
    }

    /// ASFF `Severity`: `Normalized` (0-100) / 10 when present, else the `Label`'s band (ASFF "Severity"
    /// object: 0 INFORMATIONAL, 1-39 LOW, 40-69 MEDIUM, 70-89 HIGH, 90-100 CRITICAL).
    static func severity(of value: JSONValue?) -> Severity {
        let label = value?.text("Label")
        if let normalized = value?["Normalized"]?.doubleValue {
            return Severity(score: normalized / 10, label: label ?? Self.label(forNormalized: normalized))
        }
        switch label?.uppercased() {
        case "CRITICAL": return Severity(score: 9, label: "CRITICAL")
        case "HIGH": return Severity(score: 7, label: "HIGH")
        case "MEDIUM": return Severity(score: 4, label: "MEDIUM")
        case "LOW": return Severity(score: 1, label: "LOW")
        case "INFORMATIONAL": return Severity(score: 0, label: "INFORMATIONAL")
        default: return Severity(score: 0, label: label ?? "unknown")
        }
    }

    private static func label(forNormalized normalized: Double) -> String {
        switch normalized {
        case 90...: return "CRITICAL"
        case 70..<90: return "HIGH"
        case 40..<70: return "MEDIUM"
        case 1..<40: return "LOW"
        default: return "INFORMATIONAL"
        }
    }
}
