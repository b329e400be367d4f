import FoundationEssentials

/// Turns a Trusted Advisor "Check Item Refresh Notification" detail (the legacy CloudWatch Events form) into a
/// signal; the "Exposed Access Keys" check names the key and its user.
enum TrustedAdvisorNormalizer {
    /// The check that reports access keys found in public.
    static let exposedAccessKeys = "Exposed Access Keys"

    /// Normalizes the `detail` of a Trusted Advisor event; `raw` is the whole event.
    static func signal(
        from detail: JSONValue, envelope: EventBridgeEnvelope, raw: JSONValue, receivedAt: Date, path: String
    ) throws -> Signal {
        guard let check = detail.text("check-name") else {
            throw DomainError(.invalidInput, "\(path).detail: Trusted Advisor event without a check-name")
        }
        let item = detail["check-item-detail"]
        let status = detail.text("status") ?? "unknown"
        let keyID = item?.text("Access Key ID")
        let userName = item?.text("User Name (IAM or Root)")
        let exposed = check == exposedAccessKeys
        let updated = item?.text("Time Updated")

        let score: Double
        switch (exposed, status.uppercased()) {
        case (_, "OK"): score = 0
        case (true, _): score = 9
        case (false, "ERROR"): score = 4
        default: score = 2
        }
        var title = "Trusted Advisor \(check): \(status)"
        if exposed, let keyID {
            title = "Exposed access key \(keyID)" + (userName.map { " of \($0)" } ?? "")
                + (item?.text("Location").map { " at \($0)" } ?? "")
        }
        let identity = detail.text("uuid") ?? item?.text("Case ID") ?? "fnv64:\(detail.canonicalHash)"
        return Signal(
            source: .trustedAdvisor,
            kind: check,
            time: envelope.date ?? updated.flatMap(EventTimestamp.parse) ?? receivedAt,
            receivedAt: receivedAt,
            account: envelope.account,
            region: envelope.region,
            principal: exposed ? Principal(userName: userName, accessKeyID: keyID) : nil,
            action: nil,
            resources: SignalResources(accessKeyIDs: keyID.map { [$0] } ?? [], userNames: userName.map { [$0] } ?? []),
            severity: Severity(score: score, label: status),
            title: title,
            deduplicationKey: "trustedadvisor:\(identity)@\(updated ?? envelope.time ?? "")",
            raw: raw
        )
    }
}
