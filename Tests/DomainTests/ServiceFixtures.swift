import Foundation
import Testing
@testable import Domain
import TestSupport

// Shared helpers of the service tests: an `IncidentService` over a real journal and incident store in a
// temporary directory, a fake cloud and a test clock, and event bodies.

/// A service over `<directory>/journal` and `<directory>/incidents`.
struct ServiceHarness {
    let directory: URL
    let cloud: FakeCloudResponder
    let clock: TestClock
    let journal: EventJournal
    let store: IncidentStore
    let engine: WorkflowEngine
    let service: IncidentService

    /// Opens the journal and store (nothing is loaded: call `recover()`).
    init(directory: URL, cloud: FakeCloudResponder = FakeCloudResponder(instances: [Sample.instance()]),
         clock: TestClock = TestClock(), seed: UInt64 = 7, segmentSizeLimit: Int = EventJournal.defaultSegmentSizeLimit,
         safety: SafetySettings = SafetySettings(digest: testDigest), audit: AuditLog? = nil,
         telemetry: (any DomainTelemetry)? = nil,
         checkpointInterval: Int = IncidentService.defaultCheckpointInterval) throws {
        self.directory = directory
        self.cloud = cloud
        self.clock = clock
        journal = try EventJournal(directory: directory.appendingPathComponent("journal"), segmentSizeLimit: segmentSizeLimit)
        store = try IncidentStore(directory: directory.appendingPathComponent("incidents"))
        let budget = CloudCallBudget(maxConcurrent: 8, perSecond: 1000, clock: clock.read, sleep: { clock.advance(by: $0) })
        engine = WorkflowEngine(repository: store, responder: cloud, budget: budget,
                                settings: WorkflowSettings(forensicWorkstation: Sample.workstation,
                                                           exemptResources: safety.exemptResources),
                                audit: audit, telemetry: telemetry, clock: clock.read)
        service = IncidentService(journal: journal, store: store, engine: engine, rules: .defaults, decoder: EventDecoder(),
                                  defaultRegion: "eu-west-1", clock: clock.read, generator: SeededGenerator(state: seed),
                                  safety: safety, audit: audit, checkpointInterval: checkpointInterval)
    }

    /// A fresh harness, recovered, in a new temporary directory; removed after `body`.
    /// With `audited`, the service and engine record into an audit log in `<directory>/audit`.
    static func run<Value>(cloud: FakeCloudResponder = FakeCloudResponder(instances: [Sample.instance()]),
                           safety: SafetySettings = SafetySettings(digest: testDigest), audited: Bool = false,
                           telemetry: (any DomainTelemetry)? = nil, _ body: (ServiceHarness) async throws -> Value) async throws -> Value {
        try await withTemporaryDirectory { directory in
            let clock = TestClock()
            let audit = audited
                ? try AuditLog(directory: directory.appendingPathComponent("audit"), hash: testDigest, clock: clock.read) : nil
            let harness = try ServiceHarness(directory: directory, cloud: cloud, clock: clock, safety: safety, audit: audit,
                                             telemetry: telemetry)
            _ = try await harness.service.recover()
            let value = try await body(harness)
            try await harness.settleAll()
            return value
        }
    }

    /// Waits until no workflow writes anymore, so the directory can be removed.
    func settleAll() async throws {
        for incident in try await store.all() { _ = try await engine.settled(incidentId: incident.id) }
    }

    /// Ingests an events body at the clock's time.
    func ingest(_ body: Data, format: EventFormat = .events) async throws -> IngestReceipt {
        try await service.ingest(body, format: format, receivedAt: clock.now)
    }

    /// The incident once its workflow has settled.
    func settled(_ id: String) async throws -> Incident {
        try await engine.settled(incidentId: id)
    }

    /// How many records a journal opened now on the same directory finds.
    func journalRecords() throws -> Int {
        try EventJournal(directory: directory.appendingPathComponent("journal")).recovery.records
    }
}

/// Event bodies for the service tests.
enum ServiceEvents {
    static let instanceId = Sample.instance().instanceId

    /// An EventBridge "GuardDuty Finding" about an instance (severity 8: the default rules contain it).
    static func guardDutyFinding(id: String = "gd-1", instanceId: String = instanceId,
                                 updatedAt: String = "2026-11-29T14:00:00Z") -> Data {
        Data(#"""
        {"detail-type":"GuardDuty Finding","source":"aws.guardduty","account":"111122223333","region":"eu-west-1",
         "time":"\#(updatedAt)","detail":{"schemaVersion":"2.0","id":"\#(id)","type":"Backdoor:EC2/C&CActivity.B",
         "severity":8,"updatedAt":"\#(updatedAt)","title":"C&C traffic from \#(instanceId)",
         "resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"\#(instanceId)"}}}}
        """#.utf8)
    }

    /// A CloudTrail log object of one record of `eventName`, by an IAM user's access key.
    static func cloudTrail(_ eventName: String, eventID: String, source: String = "cloudtrail.amazonaws.com") -> Data {
        Data(#"""
        {"Records":[{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE",
         "arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333","accessKeyId":"AKIAIOSFODNN7EXAMPLE",
         "userName":"mallory"},"eventTime":"2026-11-29T14:00:00Z","eventSource":"\#(source)",
         "eventName":"\#(eventName)","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7",
         "userAgent":"aws-cli/2","requestParameters":null,"responseElements":null,"eventID":"\#(eventID)",
         "eventType":"AwsApiCall","recipientAccountId":"111122223333"}]}
        """#.utf8)
    }
}

/// The DomainError code `body` throws, or nil if it throws nothing (any other error fails the test).
func domainErrorCode(_ body: () async throws -> Void) async -> DomainError.Code? {
    do {
        try await body()
        return nil
    } catch let error as DomainError {
        return error.code
    } catch {
        Issue.record("not a DomainError: \(error)")
        return nil
    }
}
