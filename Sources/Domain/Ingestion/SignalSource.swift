/// The tool a signal came from.
public enum SignalSource: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// An AWS CloudTrail record.
    case cloudtrail
    /// An Amazon GuardDuty finding.
    case guardduty
    /// An AWS Security Hub finding (ASFF).
    case securityhub
    /// An AWS Trusted Advisor check item (e.g. "Exposed Access Keys").
    case trustedAdvisor
    /// An AWS Health event.
    case health
    /// A SIEM alert webhook (Splunk's alert payload).
    case siem
}
