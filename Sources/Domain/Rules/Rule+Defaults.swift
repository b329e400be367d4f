/// The rules Cordon ships with; a config file replaces them.
extension Rule {
    /// CloudTrail events that switch off or blind logging and detection (MITRE ATT&CK T1562.008 "Impair
    /// Defenses: Disable or Modify Cloud Logs"; T1562.001 for GuardDuty and Security Hub).
    public static let defenseEvasionEventNames = [
        "StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "DeleteFlowLogs", "DeleteDetector",
        "DisableSecurityHub", "DeleteConfigurationRecorder", "StopConfigurationRecorder",
    ]

    /// The shipped defaults, in order; any signal they do not match is recorded without an incident.
    public static let defaults: [Rule] = [
        Rule(
            name: "high-severity-finding-on-instance", sources: [.guardduty, .securityhub], minSeverity: 7,
            requiresResource: .instance, action: .open, playbook: .containInstance, mode: .automatic
        ),
        Rule(
            name: "trusted-advisor-exposed-access-key", sources: [.trustedAdvisor], kinds: ["Exposed Access Keys"],
            minSeverity: 7, requiresResource: .accessKey, action: .open, playbook: .containAccessKey, mode: .automatic
        ),
        Rule(
            name: "health-credentials-exposed", sources: [.health], kinds: ["AWS_RISK_CREDENTIALS_EXPOSED"],
            requiresResource: .accessKey, action: .open, playbook: .containAccessKey, mode: .automatic
        ),
        Rule(
            name: "cloudtrail-logging-tampered", sources: [.cloudtrail], kinds: defenseEvasionEventNames,
            action: .open, playbook: .triage, mode: .automatic
        ),
        Rule(
            name: "root-console-sign-in", sources: [.cloudtrail], kinds: ["ConsoleLogin"], principalType: "Root",
            action: .open, playbook: .triage, mode: .automatic
        ),
    ]
}
