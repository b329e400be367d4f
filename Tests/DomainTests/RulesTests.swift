import Foundation
import Testing
@testable import Domain

/// Rule matching, the shipped defaults, target choice and config validation.
@Suite struct RulesTests {
    private typealias F = IngestionFixtures

    @Test(arguments: [
        (F.signal(.guardduty, kind: "Backdoor:EC2/C&CActivity.B", severity: 8, resources: SignalResources(instanceIDs: ["i-0abc0abc0abc0abc0"])),
         "high-severity-finding-on-instance", RuleDecision.Outcome.openOrJoin(playbook: .containInstance, mode: .automatic, target: .instance("i-0abc0abc0abc0abc0"))),
        (F.signal(.securityhub, severity: 7, resources: SignalResources(instanceIDs: ["i-12345678"])),
         "high-severity-finding-on-instance", .openOrJoin(playbook: .containInstance, mode: .automatic, target: .instance("i-12345678"))),
        (F.signal(.trustedAdvisor, kind: "Exposed Access Keys", severity: 9, resources: SignalResources(accessKeyIDs: ["AKIAIOSFODNN7EXAMPLE"])),
         "trusted-advisor-exposed-access-key", .openOrJoin(playbook: .containAccessKey, mode: .automatic, target: .accessKey("AKIAIOSFODNN7EXAMPLE"))),
        (F.signal(.health, kind: "AWS_RISK_CREDENTIALS_EXPOSED", severity: 9, resources: SignalResources(accessKeyIDs: ["AKIAIOSFODNN7EXAMPLE"])),
         "health-credentials-exposed", .openOrJoin(playbook: .containAccessKey, mode: .automatic, target: .accessKey("AKIAIOSFODNN7EXAMPLE"))),
        (F.signal(.cloudtrail, kind: "StopLogging", resources: SignalResources(accessKeyIDs: ["AKIAIOSFODNN7EXAMPLE"])),
         "cloudtrail-logging-tampered", .openOrJoin(playbook: .triage, mode: .automatic, target: .accessKey("AKIAIOSFODNN7EXAMPLE"))),
        (F.signal(.cloudtrail, kind: "DeleteDetector"), "cloudtrail-logging-tampered", .openOrJoin(playbook: .triage, mode: .automatic, target: nil)),
        (F.signal(.cloudtrail, kind: "ConsoleLogin", principalType: "Root", resources: SignalResources(ipAddresses: ["192.0.2.1"])),
         "root-console-sign-in", .openOrJoin(playbook: .triage, mode: .automatic, target: .ipAddress("192.0.2.1"))),
    ])
    func defaultsOpenIncidents(signal: Signal, ruleName: String, outcome: RuleDecision.Outcome) {
        let decision = RuleSet.defaults.evaluate(signal)
        #expect(decision.ruleName == ruleName)
        #expect(decision.outcome == outcome)
        #expect(decision.explanation.contains(ruleName))
    }

    @Test(arguments: [
        F.signal(.guardduty, severity: 6.9, resources: SignalResources(instanceIDs: ["i-12345678"])),
        F.signal(.guardduty, severity: 9, resources: SignalResources(accessKeyIDs: ["AKIAIOSFODNN7EXAMPLE"])),
        F.signal(.cloudtrail, kind: "ConsoleLogin", principalType: "IAMUser"),
        F.signal(.cloudtrail, kind: "StopLoggingX"),
        F.signal(.trustedAdvisor, kind: "Exposed Access Keys", severity: 0, resources: SignalResources(accessKeyIDs: ["AKIAIOSFODNN7EXAMPLE"])),
        F.signal(.health, kind: "AWS_EC2_INSTANCE_RETIREMENT", severity: 2, resources: SignalResources(instanceIDs: ["i-12345678"])),
        F.signal(.siem, kind: "sudo", severity: 5),
    ])
    func everythingElseIsRecordedOnly(signal: Signal) {
        let decision = RuleSet.defaults.evaluate(signal)
        #expect(decision.outcome == .record)
        #expect(decision.ruleName == nil)
    }

    @Test(arguments: [
        ("StopLogging", "StopLogging", true),
        ("StopLogging", "StopLoggingNow", false),
        ("UnauthorizedAccess:EC2/*", "UnauthorizedAccess:EC2/SSHBruteForce", true),
        ("UnauthorizedAccess:EC2/*", "UnauthorizedAccess:IAMUser/TorIPCaller", false),
        ("*:EC2/*", "Backdoor:EC2/C&CActivity.B!DNS", true),
        ("*:EC2/*", "Recon:IAMUser/UserPermissions", false),
        ("Delete?rail", "DeleteTrail", true),
        ("*Trail", "DeleteTrail", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
    ])
    func kindPatterns(pattern: String, kind: String, matches: Bool) {
        #expect(KindPattern(pattern).matches(kind) == matches)
    }

    @Test func firstMatchWinsAndIgnoreStops() throws {
        let rules = try RuleSet(validating: [
            Rule(name: "quiet-scanner", sources: [.guardduty], kinds: ["Recon:*"], action: .ignore),
            Rule(name: "anything-guardduty", sources: [.guardduty], action: .open, playbook: .triage),
        ])
        let recon = rules.evaluate(F.signal(.guardduty, kind: "Recon:EC2/Portscan"))
        #expect(recon.ruleName == "quiet-scanner")
        #expect(recon.outcome == .ignore)
        let other = rules.evaluate(F.signal(.guardduty, kind: "Backdoor:EC2/X"))
        #expect(other.outcome == .openOrJoin(playbook: .triage, mode: .awaitingApproval, target: nil))
    }

    @Test func containmentWithoutATargetFallsThroughToTheNextRule() throws {
        let rules = try RuleSet(validating: [
            Rule(name: "contain", sources: [.siem], action: .open, playbook: .containInstance, mode: .automatic),
            Rule(name: "triage", sources: [.siem], action: .open, playbook: .triage),
        ])
        #expect(rules.evaluate(F.signal(.siem)).ruleName == "triage")
        let byAddress = rules.evaluate(F.signal(.siem, resources: SignalResources(ipAddresses: ["10.0.0.5"])))
        #expect(byAddress.outcome == .openOrJoin(playbook: .containInstance, mode: .automatic, target: .ipAddress("10.0.0.5")))
    }

    @Test(arguments: [
        ([Rule(name: "a", minSeverity: 11, action: .open, playbook: .triage)], "rules[0].minSeverity: must be 0...10"),
        ([Rule(name: "a", action: .ignore), Rule(name: "b", minSeverity: -1, action: .ignore)], "rules[1].minSeverity: must be 0...10"),
        ([Rule(name: "", action: .ignore)], "rules[0].name: must not be empty"),
        ([Rule(name: "a", action: .ignore), Rule(name: "a", action: .ignore)], "rules[1].name: \"a\" is already the name of rules[0]"),
        ([Rule(name: "a", action: .open)], "rules[0].playbook: required when action is open"),
        ([Rule(name: "a", action: .ignore, playbook: .triage)], "rules[0].playbook: not allowed when action is ignore"),
        ([Rule(name: "a", kinds: [], action: .ignore)], "rules[0].kinds: must list at least one pattern"),
        ([Rule(name: "a", sources: [], action: .ignore)], "rules[0].sources: must list at least one source"),
        ([Rule(name: "a", requiresResource: .accessKey, action: .open, playbook: .containInstance)], "rules[0].requiresResource: contain-instance cannot act on accessKey"),
    ])
    func validationNamesTheField(rules: [Rule], message: String) {
        #expect {
            try RuleSet(validating: rules)
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.code == .invalidInput && error.message.contains(message)
        }
    }

    @Test func defaultsAreValid() throws {
        #expect(try RuleSet(validating: Rule.defaults).rules == Rule.defaults)
    }

    @Test func decodesAConfigAndNamesTheBadField() throws {
        let config = #"{"rules":[{"name":"gd","sources":["guardduty"],"kinds":["*:EC2/*"],"minSeverity":4,"requiresResource":"instance","action":"open","playbook":"contain-instance","mode":"awaitingApproval"}]}"#
        let rules = try RuleSet.decode(Data(config.utf8))
        #expect(rules.rules == [Rule(name: "gd", sources: [.guardduty], kinds: ["*:EC2/*"], minSeverity: 4, requiresResource: .instance, action: .open, playbook: .containInstance, mode: .awaitingApproval)])
        let cases = [
            (#"[{"name":"a","action":"ignore"},{"name":"b","action":"open","playbook":"triage","minSeverity":"high"}]"#, "rules[1].minSeverity"),
            (#"[{"name":"a","action":"explode"}]"#, "rules[0].action"),
            (#"{"rules":[{"action":"ignore"}]}"#, "rules[0].name: required"),
            (#"{"rules":[{"name":"a","sources":["cloudtrial"],"action":"ignore"}]}"#, "rules[0].sources[0]"),
            (#"[{"name":"a","action":"open","playbook":"triage","minSeverity":42}]"#, "rules[0].minSeverity: must be 0...10"),
        ]
        for (text, fragment) in cases {
            #expect {
                try RuleSet.decode(Data(text.utf8))
            } throws: { error in
                (error as? DomainError)?.message.contains(fragment) == true
            }
        }
    }

    @Test func targetsRoundTripAsKindAndID() throws {
        let targets: [TargetResource] = [.instance("i-12345678"), .ipAddress("2001:db8::1"), .accessKey("AKIAIOSFODNN7EXAMPLE")]
        let encoded = try JSONEncoder().encode(targets)
        #expect(try JSONDecoder().decode([TargetResource].self, from: encoded) == targets)
        #expect(String(decoding: encoded, as: UTF8.self).contains(#""kind":"instance""#))
    }
}
