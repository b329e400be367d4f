import Foundation
import Testing
@testable import Domain

/// Shapes and hostile input through `EventDecoder`: all or nothing, errors that say where.
@Suite struct IngestionDecoderTests {
    private let record = #"{"eventVersion":"1.08","eventID":"e-1","eventTime":"2024-05-01T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"StopInstances","awsRegion":"eu-west-1","userIdentity":{"type":"IAMUser","userName":"alice","accessKeyId":"AKIAIOSFODNN7EXAMPLE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"},"sourceIPAddress":"203.0.113.7","requestParameters":{"instancesSet":{"items":[{"instanceId":"i-0123456789abcdef0"}]}},"responseElements":null}"#

    private func failure(_ text: String, decoder: EventDecoder = EventDecoder()) -> DomainError? {
        if case .failure(let error) = IngestionFixtures.outcome(of: Data(text.utf8), decoder: decoder) { return error }
        return nil
    }

    @Test func readsACloudTrailRecordInEveryWrapper() throws {
        let shapes = [
            record,
            "[\(record)]",
            #"{"Records":[\#(record)]}"#,
            #"{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.ec2","account":"111122223333","time":"2024-05-01T10:00:01Z","region":"eu-west-1","resources":[],"detail":\#(record)}"#,
        ]
        for shape in shapes {
            let signals = try EventDecoder().decode(Data(shape.utf8), receivedAt: IngestionFixtures.receivedAt)
            let signal = try #require(signals.first)
            #expect(signals.count == 1)
            #expect(signal.kind == "StopInstances")
            #expect(signal.action == "ec2:StopInstances")
            #expect(signal.time == Date(timeIntervalSince1970: 1_714_557_600))
            #expect(signal.principal == Principal(type: "IAMUser", arn: "arn:aws:iam::111122223333:user/alice", userName: "alice", accessKeyID: "AKIAIOSFODNN7EXAMPLE"))
            #expect(signal.resources == SignalResources(
                instanceIDs: ["i-0123456789abcdef0"], ipAddresses: ["203.0.113.7"],
                accessKeyIDs: ["AKIAIOSFODNN7EXAMPLE"], userNames: ["alice"]))
            #expect(signal.deduplicationKey == "cloudtrail:e-1")
            #expect(signal.account == "111122223333")
        }
    }

    @Test func readsPutEventsEntriesWithAJSONStringDetail() throws {
        let detail = #"{\"check-name\":\"Exposed Access Keys\",\"check-item-detail\":{\"Access Key ID\":\"AKIAIOSFODNN7EXAMPLE\",\"User Name (IAM or Root)\":\"bob\"},\"status\":\"ERROR\"}"#
        let body = #"[{"DetailType":"Trusted Advisor Check Item Refresh Notification","Source":"aws.trustedadvisor","Detail":"\#(detail)"}]"#
        let signal = try #require(try EventDecoder().decode(Data(body.utf8), receivedAt: IngestionFixtures.receivedAt).first)
        #expect(signal.source == .trustedAdvisor)
        #expect(signal.resources.accessKeyIDs == ["AKIAIOSFODNN7EXAMPLE"])
        #expect(signal.resources.userNames == ["bob"])
        #expect(signal.time == IngestionFixtures.receivedAt)
    }

    @Test func rejectsTheWholeDocumentNamingTheUnusableRecord() {
        let error = failure(#"{"Records":[\#(record), {"eventSource":"x"}, 7]}"#)
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("Records[1]") == true)
        let notObject = failure("[\(record), \"text\"]")
        #expect(notObject?.message.contains("$[1]: expected an event object, found a string") == true)
    }

    @Test(arguments: [
        ("{\"hello\":\"world\"}", "hello"),
        ("42", "found a number"),
        ("\"text\"", "found a string"),
        (#"{"detail-type":"Some Other Event","detail":{}}"#, "Some Other Event"),
    ])
    func unknownShapesSayWhatWasLookedFor(body: String, fragment: String) {
        let error = failure(body)
        #expect(error?.code == .unknownEventShape)
        #expect(error?.message.contains(fragment) == true)
    }

    @Test(arguments: [
        (#"{"Records":{"a":1}}"#, "$.Records: expected an array, found an object"),
        (#"{"Records":[{"eventName":5,"eventSource":"s"}]}"#, "$.Records[0]: eventName"),
        (#"{"Findings":[{"SchemaVersion":"2018-10-08","ProductArn":"p"}]}"#, "$.Findings[0]: ASFF finding with none of"),
        (#"{"detail-type":"GuardDuty Finding","detail":[]}"#, "$.detail: an EventBridge event needs a detail object"),
        (#"{"detail-type":7,"detail":{}}"#, "$.detail-type: expected a string"),
        (#"{"DetailType":"AWS Health Event","Detail":"{not json"}"#, "$.Detail: invalid JSON at byte 1"),
        (#"{"detail-type":"Security Hub Findings - Imported","detail":{"findings":"x"}}"#, "$.detail.findings: expected an array"),
        (#"{"sid":"s1","result":[1]}"#, "$.result: expected an object"),
    ])
    func wrongTypesAreInvalidInputNamingTheField(body: String, fragment: String) {
        let error = failure(body)
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func limitsRecordsPerDocument() {
        let decoder = EventDecoder(limits: .init(maxRecords: 3))
        let body = "[" + Array(repeating: record, count: 4).joined(separator: ",") + "]"
        let error = failure(body, decoder: decoder)
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("limit of 3 (maxRecords)") == true)
        let records = #"{"Records":[\#(Array(repeating: record, count: 4).joined(separator: ","))]}"#
        #expect(failure(records, decoder: decoder)?.message.contains("maxRecords") == true)
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let error = failure(deep)
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("maxDepth") == true)
    }

    @Test func hugeArraysOfJunkAreRejectedNotCrashed() {
        let junk = "[" + Array(repeating: "[]", count: 20_000).joined(separator: ",") + "]"
        #expect(failure(junk)?.message.contains("maxRecords") == true)
        let small = "[" + Array(repeating: "null", count: 5).joined(separator: ",") + "]"
        #expect(failure(small)?.message.contains("$[0]: expected an event object, found null") == true)
    }

    @Test func recordsWithoutIDsGetAStableHashKey() throws {
        let noID = #"{"eventName":"ListBuckets","eventSource":"s3.amazonaws.com"}"#
        let first = try EventDecoder().decode(Data(noID.utf8), receivedAt: IngestionFixtures.receivedAt)
        let reordered = #"{"eventSource":"s3.amazonaws.com", "eventName":"ListBuckets"}"#
        let second = try EventDecoder().decode(Data(reordered.utf8), receivedAt: IngestionFixtures.receivedAt)
        #expect(first.first?.deduplicationKey.hasPrefix("cloudtrail:fnv64:") == true)
        #expect(first.first?.deduplicationKey == second.first?.deduplicationKey)
        #expect(first.first?.time == IngestionFixtures.receivedAt)
    }

    @Test func signalsRoundTripThroughJSONEncoder() throws {
        let signals = try EventDecoder().decode(Data(record.utf8), receivedAt: IngestionFixtures.receivedAt)
        let encoded = try JSONEncoder().encode(signals)
        #expect(try JSONDecoder().decode([Signal].self, from: encoded) == signals)
    }

    @Test func highSeverityFindingsAboutAnInstanceAreContained() throws {
        let asff = #"{"SchemaVersion":"2018-10-08","Id":"f-1","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/guardduty","UpdatedAt":"2024-05-01T10:00:00Z","Types":["TTPs/Command and Control/Backdoor:EC2-C&CActivity.B"],"Severity":{"Label":"HIGH","Normalized":80},"Title":"C&C","AwsAccountId":"111122223333","Resources":[{"Type":"AwsEc2Instance","Id":"arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"}]}"#
        let guardDuty = #"{"detail-type":"GuardDuty Finding","source":"aws.guardduty","account":"111122223333","region":"us-east-1","time":"2024-05-01T10:00:00Z","detail":{"schemaVersion":"2.0","id":"g-1","type":"CryptoCurrency:EC2/BitcoinTool.B!DNS","severity":8,"updatedAt":"2024-05-01T10:00:00Z","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0123456789abcdef0","networkInterfaces":[{"networkInterfaceId":"eni-0123456789abcdef0","privateIpAddress":"10.0.0.5","ipv6Addresses":["2001:db8::5"]}]}}}}"#
        for body in [#"{"Findings":[\#(asff)]}"#, #"{"detail-type":"Security Hub Findings - Imported","detail":{"findings":[\#(asff)]}}"#, guardDuty] {
            let signal = try #require(try EventDecoder().decode(Data(body.utf8), receivedAt: IngestionFixtures.receivedAt).first)
            #expect(signal.severity.score == 8)
            #expect(signal.resources.instanceIDs == ["i-0123456789abcdef0"])
            let decision = RuleSet.defaults.evaluate(signal)
            #expect(decision.outcome == .openOrJoin(playbook: .containInstance, mode: .automatic, target: .instance("i-0123456789abcdef0")))
        }
        let gd = try #require(try EventDecoder().decode(Data(guardDuty.utf8), receivedAt: IngestionFixtures.receivedAt).first)
        #expect(gd.resources.networkInterfaceIDs == ["eni-0123456789abcdef0"])
        #expect(gd.resources.ipAddresses == ["10.0.0.5", "2001:db8::5"])
        #expect(gd.severity.label == "High")
    }

    @Test(arguments: [
        ("2024-05-01T10:00:00Z", 1_714_557_600.0),
        ("2024-05-01T10:00:00.250Z", 1_714_557_600.25),
        ("2024-05-01T12:00:00+02:00", 1_714_557_600),
        ("2024-05-01 10:00:00", 1_714_557_600),
        ("Wed, 1 May 2024 10:00:00 GMT", 1_714_557_600),
        ("1714557600", 1_714_557_600),
        ("1714557600000", 1_714_557_600),
    ])
    func readsTimestampSpellings(text: String, epoch: Double) {
        #expect(EventTimestamp.parse(text) == Date(timeIntervalSince1970: epoch))
    }

    @Test(arguments: ["", "yesterday", "2024-13-01T00:00:00Z", "2024-05-01T10:00:00Zjunk", "Wed, 1 Foo 2024 10:00:00 GMT"])
    func refusesTimestampsItCannotRead(text: String) {
        #expect(EventTimestamp.parse(text) == nil)
    }
}
