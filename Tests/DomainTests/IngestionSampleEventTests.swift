import Foundation
import Testing
@testable import Domain

/// Every public sample event through the decoder: decoded into signals, or rejected with a DomainError.
@Suite struct IngestionSampleEventTests {
    @Test func everySampleFileDecodesOrIsRejectedWithAMessage() throws {
        let files = IngestionFixtures.sampleFiles()
        #expect(files.count > 200)
        var decodedFiles = 0
        for file in files {
            let data = try IngestionFixtures.data(file)
            let documents: [Data] = file.hasSuffix(".jsonl")
                ? data.split(separator: UInt8(ascii: "\n")).map { Data($0) }
                : [data]
            for document in documents {
                switch IngestionFixtures.outcome(of: document) {
                case .success(let signals):
                    #expect(!signals.isEmpty || file.contains("panther"), "\(file): decoded into no signals")
                    #expect(!file.contains("UNPARSEABLE"), "\(file): must be rejected")
                    decodedFiles += 1
                case .failure(let error):
                    #expect(!error.message.isEmpty, "\(file): empty error message")
                    if file.contains("UNPARSEABLE") {
                        #expect(error.code == .invalidInput, "\(file): \(error)")
                    }
                }
            }
        }
        #expect(decodedFiles > 150)
    }

    @Test func invictusLogFilesGiveEveryRecordWithItsEventID() throws {
        let directory = "cloudtrail/invictus_aws_dataset"
        let files = IngestionFixtures.sampleFiles().filter { $0.hasPrefix(directory) && $0.hasSuffix(".json") }
        #expect(files.count == 55)
        var total = 0
        var keys = Set<String>()
        for file in files {
            let data = try IngestionFixtures.data(file)
            let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])["Records"] as? [[String: Any]]
            let signals = try IngestionFixtures.decode(file)
            #expect(signals.count == expected?.count)
            for (signal, record) in zip(signals, expected ?? []) {
                #expect(signal.source == .cloudtrail)
                #expect(signal.kind == record["eventName"] as? String)
                #expect(signal.deduplicationKey == "cloudtrail:\(record["eventID"] as? String ?? "")")
                #expect(signal.account == record["recipientAccountId"] as? String)
                #expect(signal.region == record["awsRegion"] as? String)
                keys.insert(signal.deduplicationKey)
            }
            total += signals.count
        }
        #expect(total >= 2_900)
        #expect(keys.count == total)
    }

    @Test func pantherRuleTestEventsDecodeFromTheirEventMember() throws {
        for file in ["cloudtrail/panther_analysis_rule_tests/cloudtrail_rule_test_events.jsonl",
                     "cloudtrail/panther_analysis_rule_tests/cloudtrail_rule_test_events_lowercase_keys_variant.jsonl",
                     "guardduty/panther_analysis_rule_tests/guardduty_rule_test_findings.jsonl"] {
            let lines = try IngestionFixtures.data(file).split(separator: UInt8(ascii: "\n"))
            #expect(!lines.isEmpty)
            for (number, line) in lines.enumerated() {
                let wrapper = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                let event = try JSONSerialization.data(withJSONObject: try #require(wrapper["event"]))
                switch IngestionFixtures.outcome(of: event) {
                case .success(let signals): #expect(signals.count == 1, "\(file):\(number + 1)")
                case .failure(let error): Issue.record("\(file):\(number + 1): \(error)")
                }
            }
        }
    }

    @Test func pantherRecordsEnvelopeGivesOneSignalPerLine() throws {
        let signals = try IngestionFixtures.decode("cloudtrail/panther_analysis_rule_tests/cloudtrail_rule_test_events_as_Records_envelope.json")
        #expect(signals.count == 464)
        #expect(signals.allSatisfy { $0.source == .cloudtrail })
    }

    @Test(arguments: [
        ("guardduty/eventbridge_cloud_custodian/ec2-duty-event.json", "i-99999999"),
        ("guardduty/aws_samples_guardduty_waf_acl/gd2acl_test_event.json", "i-99999999"),
    ])
    func guardDutyEventsNameTheInstance(file: String, instanceID: String) throws {
        let signals = try IngestionFixtures.decode(file)
        let signal = try #require(signals.first)
        #expect(signals.count == 1)
        #expect(signal.source == .guardduty)
        #expect(signal.resources.instanceIDs.first == instanceID)
        #expect(signal.deduplicationKey.hasPrefix("guardduty:"))
    }

    @Test func guardDutyGetFindingsOutputIsReadInPascalCase() throws {
        let signals = try IngestionFixtures.decode("guardduty/aws_cli_examples/get-findings_output_PascalCase.json")
        let signal = try #require(signals.first)
        #expect(signal.source == .guardduty)
        #expect(signal.resources.accessKeyIDs == ["ASIASZ4SI7REEEXAMPLE"])
        #expect(signal.principal?.userName == "testuser")
        #expect(signal.severity.score > 0)
    }

    @Test func guardDutyEC2EventKeepsSeverityAndLabel() throws {
        let signal = try #require(try IngestionFixtures.decode("guardduty/eventbridge_cloud_custodian/ec2-duty-event.json").first)
        #expect(signal.kind == "Backdoor:EC2/C&CActivity.B!DNS")
        #expect(signal.severity == Severity(score: 5, label: "Medium"))
        #expect(signal.deduplicationKey == "guardduty:b4b01b60fc24a199139f8f5f490edd81@2017-12-08T15:32:49.865Z")
        #expect(signal.account == "883606788610")
    }

    @Test func securityHubCustomActionWithSeveralFindingsGivesSeveralSignals() throws {
        let signals = try IngestionFixtures.decode("securityhub/aws_solutions_asr_eventbridge_events/CIS_1-6-multi-select.json")
        #expect(signals.count == 2)
        #expect(signals.allSatisfy { $0.source == .securityhub })
        #expect(signals.map(\.severity.label) == ["MEDIUM", "INFORMATIONAL"])
        #expect(Set(signals.map(\.deduplicationKey)).count == 2)
    }

    @Test func bareASFFFindingIsOneSignal() throws {
        let signal = try #require(try IngestionFixtures.decode("securityhub/aws_solutions_asr_simdata_asff/afsbp-ec2.7.json").first)
        #expect(signal.source == .securityhub)
        #expect(signal.title == "EC2.7 EBS default encryption should be enabled")
        #expect(signal.account == "111111111111")
    }

    @Test(arguments: [
        ("health/trusted_advisor_tools/Exposed_Access_Keys__from_README.json", SignalSource.trustedAdvisor, "ACCESS_KEY_ID_HERE"),
        ("health/trusted_advisor_tools/Exposed_Access_Keys_mockpayload__PutEvents_entries_format.json", .trustedAdvisor, "AKIAIX52WBZJNV4XNNAQ"),
        ("health/aws_health_tools/AWS_RISK_CREDENTIALS_EXPOSED__from_README.json", .health, "ACCESS_KEY_ID_HERE"),
    ])
    func exposedKeyEventsNameTheAccessKey(file: String, source: SignalSource, keyID: String) throws {
        let signals = try IngestionFixtures.decode(file)
        let signal = try #require(signals.first)
        #expect(signals.count == 1)
        #expect(signal.source == source)
        #expect(signal.resources.accessKeyIDs == [keyID])
        #expect(signal.severity.score >= 7)
        #expect(RuleSet.defaults.evaluate(signal).outcome == .openOrJoin(playbook: .containAccessKey, mode: .automatic, target: .accessKey(keyID)))
    }

    @Test func otherHealthEventsAreLowSeveritySignals() throws {
        let signal = try #require(try IngestionFixtures.decode("health/aws_health_tools/AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED_testevent.json").first)
        #expect(signal.source == .health)
        #expect(signal.severity.score < 4)
        #expect(signal.resources.instanceIDs == ["i-abcd1111"])
        // RFC 1123 startTime: Sat, 05 Jun 2016 15:10:09 GMT.
        #expect(signal.time == Date(timeIntervalSince1970: 1_465_139_409))
    }

    @Test func splunkWebhookIsASIEMSignal() throws {
        let signal = try #require(try IngestionFixtures.decode("siem/splunk_webhook_zulip_fixtures/search_one_result.json").first)
        #expect(signal.source == .siem)
        #expect(signal.kind == "sudo")
        #expect(signal.time == Date(timeIntervalSince1970: 1_483_557_272))
        #expect(signal.deduplicationKey.hasPrefix("siem:rt_scheduler__admin__search__sudo_at_1483557185_2.2:"))
    }

    @Test func eventBridgeWrappedCloudTrailTakesTheDetail() throws {
        let signal = try #require(try IngestionFixtures.decode("cloudtrail/eventbridge_wrapped_cloud_custodian/event-cloud-trail-s3.json").first)
        #expect(signal.kind == "CreateBucket")
        #expect(signal.action == "s3:CreateBucket")
        #expect(signal.principal?.type == "AssumedRole")
        #expect(signal.resources.ipAddresses == ["101.244.214.105"])
        #expect(signal.deduplicationKey == "cloudtrail:80486b96-9f31-441e-b4e2-b85a4e520a07")
        #expect(signal.raw["detail-type"] == .string("AWS API Call via CloudTrail"))
    }

    @Test func bareRunInstancesRecordNamesTheInstance() throws {
        let signal = try #require(try IngestionFixtures.decode("cloudtrail/bare_records_cloud_custodian/event-cloud-trail-run-instances.json").first)
        #expect(signal.kind == "RunInstances")
        #expect(!signal.resources.instanceIDs.isEmpty)
    }

    @Test func rootConsoleSignInIsTriaged() throws {
        let signal = try #require(try IngestionFixtures.decode("cloudtrail/aws_docs_cloudtrail_user_guide_examples/cloudtrail-event-reference-aws-console-sign-in-events__05.json").first)
        #expect(signal.principal?.type == "Root")
        #expect(RuleSet.defaults.evaluate(signal).ruleName == "root-console-sign-in")
    }

    @Test func digestFileIsAnUnknownShape() throws {
        let data = try IngestionFixtures.data("cloudtrail/aws_docs_cloudtrail_user_guide_examples/cloudtrail-log-file-validation-digest-file-structure__03.json")
        guard case .failure(let error) = IngestionFixtures.outcome(of: data) else {
            Issue.record("a digest file is not an event")
            return
        }
        #expect(error.code == .unknownEventShape)
        #expect(error.message.contains("digestStartTime"))
    }
}
