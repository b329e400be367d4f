import Foundation
import Testing
@testable import Domain

/// `IncidentService.ingest` and `recover`: events become durable, then incidents, exactly once.
@Suite struct ServiceIngestTests {
    private typealias E = ServiceEvents

    @Test func aGuardDutyFindingAboutAnInstanceOpensAnIncidentThatIsContained() async throws {
        try await ServiceHarness.run { harness in
            let receipt = try await harness.ingest(E.guardDutyFinding())
            #expect(receipt.accepted == 1 && receipt.duplicates == 0)
            let reference = try #require(receipt.incidents.first)
            #expect(receipt.incidents == [IncidentReference(id: reference.id, created: true)])

            let incident = try await harness.settled(reference.id)
            #expect(incident.status == .contained)
            #expect(incident.target == .instanceId(E.instanceId))
            #expect(incident.playbook == .containInstance)
            #expect(incident.region == "eu-west-1" && incident.account == "111122223333")
            #expect(incident.signals.map(\.source) == ["guardduty"])
            #expect(incident.timeline.contains { $0.message.contains("high-severity-finding-on-instance") })
            #expect(try await harness.service.incident(id: reference.id) == incident)
            #expect(try harness.journalRecords() == 1)
        }
    }

    @Test func theSameBodyAgainIsDuplicatesAndOpensNothing() async throws {
        try await ServiceHarness.run { harness in
            let first = try await harness.ingest(E.guardDutyFinding())
            let again = try await harness.ingest(E.guardDutyFinding())
            #expect(again == IngestReceipt(accepted: 0, duplicates: 1, incidents: []))
            #expect(try await harness.store.all().map(\.id) == first.incidents.map(\.id))
            #expect(try harness.journalRecords() == 1)
        }
    }

    @Test func anotherFindingAboutTheSameInstanceJoinsItsIncident() async throws {
        try await ServiceHarness.run { harness in
            let opened = try #require(try await harness.ingest(E.guardDutyFinding(id: "gd-1")).incidents.first)
            _ = try await harness.settled(opened.id)
            let joined = try await harness.ingest(E.guardDutyFinding(id: "gd-2"))
            #expect(joined.incidents == [IncidentReference(id: opened.id, created: false)])
            let incident = try await harness.settled(opened.id)
            #expect(incident.signals.count == 2)
            #expect(incident.timeline.last?.message.hasPrefix("signal joined: guardduty") == true)
            #expect(try await harness.store.all().count == 1)
        }
    }

    @Test func findingsOfOneRequestAboutOneInstanceMakeOneIncident() async throws {
        try await ServiceHarness.run { harness in
            let one = String(decoding: E.guardDutyFinding(id: "gd-1"), as: UTF8.self)
            let two = String(decoding: E.guardDutyFinding(id: "gd-2", updatedAt: "2026-11-29T14:05:00Z"), as: UTF8.self)
            let receipt = try await harness.ingest(Data("[\(one),\(two)]".utf8))
            #expect(receipt.accepted == 2)
            let reference = try #require(receipt.incidents.first)
            #expect(receipt.incidents.count == 1)
            #expect(try await harness.settled(reference.id).signals.count == 2)
        }
    }

    @Test func concurrentRequestsAboutOneInstanceMakeOneIncidentWithEverySignal() async throws {
        try await ServiceHarness.run { harness in
            let receipts = try await withThrowingTaskGroup(of: IngestReceipt.self) { group in
                for index in 0..<16 {
                    // Each finding twice: exactly one of each pair is accepted.
                    let body = E.guardDutyFinding(id: "gd-\(index / 2)")
                    group.addTask { try await harness.ingest(body) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(receipts.map(\.accepted).reduce(0, +) == 8)
            #expect(receipts.map(\.duplicates).reduce(0, +) == 8)
            #expect(receipts.flatMap(\.incidents).filter(\.created).count == 1)
            let incidents = try await harness.store.all()
            #expect(incidents.count == 1)
            let incident = try await harness.settled(try #require(incidents.first).id)
            #expect(incident.status == .contained)
            #expect(Set(incident.signals.map(\.dedupKey)).count == 8 && incident.signals.count == 8)
            #expect(try harness.journalRecords() == 8)
        }
    }

    @Test func aSignalJoiningARunningIncidentIsNotLostByTheWorkflowsLaterSaves() async throws {
        try await ServiceHarness.run { harness in
            // The first ingest returns once capture's intent is saved: the workflow is still running when the
            // second finding joins, and every later save of the workflow must keep it.
            let opened = try #require(try await harness.ingest(E.guardDutyFinding(id: "gd-1")).incidents.first)
            _ = try await harness.ingest(E.guardDutyFinding(id: "gd-2"))
            let incident = try await harness.settled(opened.id)
            #expect(incident.status == .contained)
            #expect(incident.signals.map(\.dedupKey).count == 2)
            let reopened = try IncidentStore(directory: harness.directory.appendingPathComponent("incidents"))
            try await reopened.loadAll()
            #expect(try await reopened.load(id: opened.id)?.signals.count == 2)
        }
    }

    @Test(arguments: [
        ("health/trusted_advisor_tools/Exposed_Access_Keys__from_README.json", "ACCESS_KEY_ID_HERE"),
        ("health/trusted_advisor_tools/Exposed_Access_Keys_mockpayload__PutEvents_entries_format.json", "AKIAIX52WBZJNV4XNNAQ"),
        ("health/aws_health_tools/AWS_RISK_CREDENTIALS_EXPOSED__from_README.json", "ACCESS_KEY_ID_HERE"),
    ])
    func exposedKeyEventsOpenContainAccessKeyIncidents(file: String, keyID: String) async throws {
        try await ServiceHarness.run { harness in
            let receipt = try await harness.ingest(try IngestionFixtures.data(file))
            let reference = try #require(receipt.incidents.first)
            let incident = try await harness.settled(reference.id)
            #expect(incident.playbook == .containAccessKey)
            #expect(incident.target == .accessKeyId(keyID))
            #expect(incident.steps.first?.name == .captureAccessKey)
        }
    }

    @Test func aFirehoseDeliveryIsJournaledAsFirehoseAndEchoesItsRequestID() async throws {
        try await ServiceHarness.run { harness in
            let data = E.guardDutyFinding().base64EncodedString()
            let body = Data(#"{"requestId":"fh-1","timestamp":1795963221000,"records":[{"data":"\#(data)"}]}"#.utf8)
            let receipt = try await harness.ingest(body, format: .firehose)
            #expect(receipt.firehoseRequestId == "fh-1" && receipt.accepted == 1 && receipt.incidents.count == 1)

            // Replay decodes the record as Firehose again: after a restart, its signal is seen.
            try await harness.settleAll()
            let restarted = try ServiceHarness(directory: harness.directory)
            #expect(try await restarted.service.recover().signalsReapplied == 0)
            #expect(try await restarted.ingest(E.guardDutyFinding()).duplicates == 1)
        }
    }

    @Test func aStopLoggingRecordOpensATriageIncident() async throws {
        try await ServiceHarness.run { harness in
            let receipt = try await harness.ingest(E.cloudTrail("StopLogging", eventID: "ev-stop"))
            let reference = try #require(receipt.incidents.first)
            let incident = try await harness.settled(reference.id)
            #expect(incident.playbook == .triage)
            #expect(incident.status == .open && incident.steps.isEmpty)
            #expect(incident.target == .accessKeyId("AKIAIOSFODNN7EXAMPLE"))
            #expect(await harness.cloud.calls.isEmpty)
        }
    }

    @Test func ordinaryCloudTrailRecordsAreAcceptedWithoutAnIncident() async throws {
        try await ServiceHarness.run { harness in
            let receipt = try await harness.ingest(E.cloudTrail("DescribeInstances", eventID: "ev-1", source: "ec2.amazonaws.com"))
            #expect(receipt == IngestReceipt(accepted: 1, duplicates: 0, incidents: []))
            #expect(try await harness.store.all().isEmpty)
            #expect(try harness.journalRecords() == 1)
        }
    }

    @Test(arguments: [("{\"Records\": [", DomainError.Code.invalidInput), ("{\"hello\": 1}", .unknownEventShape)])
    func anInvalidBodyJournalsNothing(body: String, code: DomainError.Code) async throws {
        try await ServiceHarness.run { (harness: ServiceHarness) async throws in
            #expect(await domainErrorCode { _ = try await harness.ingest(Data(body.utf8)) } == code)
            #expect(try harness.journalRecords() == 0)
        }
    }

    @Test func aFailedJournalWriteAcknowledgesNothingAndChangesNothing() async throws {
        try await withTemporaryDirectory { directory in
            // A one-byte segment limit makes every append start a new segment file; with the journal directory
            // gone, creating it fails as a full or broken disk would.
            let harness = try ServiceHarness(directory: directory, segmentSizeLimit: 1)
            _ = try await harness.service.recover()
            _ = try await harness.ingest(E.cloudTrail("DescribeInstances", eventID: "ev-1", source: "ec2.amazonaws.com"))
            try FileManager.default.moveItem(at: directory.appendingPathComponent("journal"),
                                             to: directory.appendingPathComponent("journal-gone"))

            #expect(await domainErrorCode { _ = try await harness.ingest(E.guardDutyFinding()) } == .storageFailure)
            #expect(try await harness.store.all().isEmpty)
            #expect(await harness.cloud.calls.isEmpty)
            // The reservation was released: the same finding is not taken for a duplicate of the failed request.
            #expect(await domainErrorCode { _ = try await harness.ingest(E.guardDutyFinding()) } == .storageFailure)
        }
    }

    @Test func aCrashBetweenTheJournalAndTheIncidentSaveIsRepairedByRecover() async throws {
        try await withTemporaryDirectory { directory in
            do {
                // What a crash leaves: the request's record is durable, the incident it opened was never saved.
                let crashed = try ServiceHarness(directory: directory)
                let record = IngestRecord(format: .events, receivedAt: testEpoch, body: E.guardDutyFinding())
                _ = try await crashed.journal.append([record.encoded()])
                _ = try await crashed.journal.append([IngestRecord(
                    format: .events, receivedAt: testEpoch,
                    body: E.cloudTrail("DescribeInstances", eventID: "ev-1", source: "ec2.amazonaws.com")).encoded()])
            }
            let restarted = try ServiceHarness(directory: directory)
            let report = try await restarted.service.recover()
            #expect(report.incidentsLoaded == 0 && report.journalRecords == 2)
            #expect(report.signalsReapplied == 1 && report.undecodableRecords == 0 && report.droppedTail == nil)
            let incident = try #require(try await restarted.store.all().first)
            #expect(try await restarted.settled(incident.id).status == .contained)

            // Every journaled signal is seen; and a second restart re-applies nothing and resumes nothing.
            #expect(try await restarted.ingest(E.guardDutyFinding()).duplicates == 1)
            #expect(try await restarted.ingest(E.cloudTrail("DescribeInstances", eventID: "ev-1", source: "ec2.amazonaws.com")).duplicates == 1)
            let again = try await ServiceHarness(directory: directory).service.recover()
            #expect(again.incidentsLoaded == 1 && again.signalsReapplied == 0 && again.workflowsResumed.isEmpty)
            try await restarted.settleAll()
        }
    }

    @Test func recoverRebuildsTheIndexesSoSignalsJoinAndKeysRepeat() async throws {
        try await withTemporaryDirectory { directory in
            let first = try ServiceHarness(directory: directory)
            _ = try await first.service.recover()
            let opened = try #require(try await first.ingest(E.guardDutyFinding(id: "gd-1")).incidents.first)
            _ = try await first.settled(opened.id)
            let request = OpenIncidentRequest(target: .ipAddress("10.9.9.9"), playbook: .triage)
            let manual = try await first.service.open(request, idempotencyKey: "key-1", by: "alice")
            try await first.settleAll()

            let second = try ServiceHarness(directory: directory, seed: 99)
            #expect(try await second.service.recover().incidentsLoaded == 2)
            #expect(try await second.ingest(E.guardDutyFinding(id: "gd-1")).duplicates == 1)
            #expect(try await second.ingest(E.guardDutyFinding(id: "gd-2")).incidents == [IncidentReference(id: opened.id, created: false)])
            let repeated = try await second.service.open(request, idempotencyKey: "key-1", by: "alice")
            #expect(repeated.incident.id == manual.incident.id && !repeated.created)
            try await second.settleAll()
        }
    }
}
