import AWSClient
import Domain
import Foundation
import Testing
@testable import Server

/// The composition root as `cordon` runs it (`LiveServices.assemble` and its router), with AWS answered by a
/// stub: every metric family moves when its event happens, notable events are logged with their incident's ID,
/// the audit log records the token's role, and `/readyz` follows the data directory.
@Suite struct WiringTests {
    @Test func theLiveServiceFeedsMetricsLogsAndTheAuditLog() async throws {
        let directory = try AuthFixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = APIFixtures.LogLines()
        let transport = WiringFixtures.RefusingTransport()
        let services = try await WiringFixtures.assemble(dataDirectory: directory, transport: transport, lines: lines)
        let logger = JSONLineLogger(minimumLevel: .info, clock: { 0 }, sink: lines.append)
        let router = services.router(tokens: AuthFixtures.tokens, webhookSecrets: [], logger: logger)

        let event = String(decoding: try APIFixtures.sampleEvent("guardduty/eventbridge_cloud_custodian/ec2-duty-event.json"), as: UTF8.self)
        #expect(await APIFixtures.send(router, .post, "/v1/events", body: event, headers: WiringFixtures.headers(.ingest)).status == .accepted)
        #expect(await APIFixtures.send(router, .post, "/v1/events", body: "{", headers: WiringFixtures.headers(.ingest)).status == .badRequest)
        let opened = await APIFixtures.send(router, .post, "/v1/incidents", body: #"{"target":{"instanceId":"i-0123456789abcdef0"}}"#,
                                            headers: WiringFixtures.headers(.responder))
        #expect(opened.status == .created)
        let id = try #require(try APIFixtures.object(opened)["id"] as? String)

        // The workflow runs on after the 201; its evidence step fails (the stub refuses), so the incident fails. Its
        // "workflow finished" line is logged once the failed incident is saved and the step's outcome is recorded, so
        // the metrics below are settled by then (a GET may see the saved status a moment earlier).
        let finished = #""msg":"workflow finished""#
        for _ in 0..<500 where !lines.all.joined().split(separator: "\n").contains(where: { $0.contains(finished) && $0.contains(id) }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let read = await APIFixtures.send(router, .get, "/v1/incidents/\(id)", headers: WiringFixtures.headers(.reader))
        #expect(try APIFixtures.object(read)["status"] as? String == IncidentStatus.failed.rawValue)

        let scrape = await APIFixtures.send(router, .get, "/metrics", headers: WiringFixtures.headers(.metrics))
        let text = String(decoding: scrape.body, as: UTF8.self)
        #expect((WiringFixtures.sample(text, #"cordon_events_ingested_total{format="events"}"#) ?? 0) >= 1)
        #expect(WiringFixtures.sample(text, #"cordon_events_rejected_total{format="events",reason="invalidInput"}"#) == 1)
        #expect(WiringFixtures.sample(text, #"cordon_incidents{status="failed"}"#) == 1)
        #expect(WiringFixtures.sample(text, #"cordon_incidents{status="containing"}"#) == 0)
        #expect((WiringFixtures.sample(text, #"cordon_aws_calls_total{action="DescribeInstances",outcome="UnauthorizedOperation"}"#) ?? 0) >= 1)
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("cordon_workflow_step_duration_seconds_count{") && $0.contains(#"status="failed""#) })
        // Each call was throttled once and retried before it was refused (the stub), so the retry is counted.
        let retries = text.split(separator: "\n").filter { $0.hasPrefix("cordon_aws_retries_total{") }
            .compactMap { Double($0.split(separator: " ").last ?? "") }
        #expect(retries.reduce(0, +) >= 1)
        #expect(transport.requests >= 2)

        // Notable events carry the incident's ID.
        let logged = lines.all.joined().split(separator: "\n").filter { $0.contains(#""incident_id":"\#(id)""#) }
        for message in ["incident opened", "step failed", "workflow finished"] {
            #expect(logged.contains { $0.contains(#""msg":"\#(message)""#) }, "no '\(message)' line for \(id)")
        }

        // The audit log says who, and in which role.
        let audit = try String(contentsOfFile: directory + "/audit/" + AuditLog.logName, encoding: .utf8)
        let openRecord = try #require(audit.split(separator: "\n").first { $0.contains(#""action":"incident.open""#) })
        #expect(openRecord.contains(#""role":"responder""#))
    }

    @Test func readyzFailsWhileTheDataDirectoryTakesNoWrites() async throws {
        let directory = try AuthFixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let assembled = try await WiringFixtures.assemble(dataDirectory: directory, transport: WiringFixtures.RefusingTransport(),
                                                          lines: APIFixtures.LogLines())
        // A probe that never reuses an answer, so each request sees the directory as it is now.
        let services = LiveServices(service: assembled.service, recovery: assembled.recovery, region: assembled.region, journal: assembled.journal,
                                    metrics: assembled.metrics, dataDirectoryProbe: DataDirectoryProbe(directory: directory, interval: 0))
        let router = services.router(tokens: AuthFixtures.tokens, webhookSecrets: [], logger: HTTPFixtures.silentLogger)

        #expect(await APIFixtures.send(router, .get, "/readyz").status == .ok)
        // The volume goes away (as an unmounted or deleted data directory would).
        let moved = directory + "-gone"
        try FileManager.default.moveItem(atPath: directory, toPath: moved)
        let refused = await APIFixtures.send(router, .get, "/readyz")
        #expect(refused.status == .serviceUnavailable)
        #expect(refused.headers["Retry-After"] != nil)
        try FileManager.default.moveItem(atPath: moved, toPath: directory)
        #expect(await APIFixtures.send(router, .get, "/readyz").status == .ok)
        #expect(!FileManager.default.fileExists(atPath: directory + "/.cordon-ready-probe"))
    }

    @Test func aProbeAnswerIsReusedForItsInterval() async throws {
        let directory = try AuthFixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = AuthFixtures.ManualClock()
        let probe = DataDirectoryProbe(directory: directory, interval: 1, clock: { Date(timeIntervalSince1970: clock.now()) })
        #expect(await probe.isWritable())
        try FileManager.default.removeItem(atPath: directory)
        #expect(await probe.isWritable(), "within the interval the last answer stands")
        clock.advance(1)
        #expect(await !probe.isWritable())
    }
}

/// Approvals and actions through the secured router are recorded with the token's role.
@Suite struct AuditRoleTests {
    @Test func anApprovalAndAnActionCarryTheTokensRole() async throws {
        let operations = APIFixtures.FakeOperations()
        let incident = APIFixtures.incident()
        await operations.seed(incident)
        let router = try AuthFixtures.securedRouter(operations)
        let digest = try APIFixtures.plan(incident.target).digest
        let approved = await APIFixtures.send(router, .post, "/v1/incidents/\(incident.id)/approvals",
                                              body: #"{"planDigest":"\#(digest)"}"#, headers: WiringFixtures.headers(.approver))
        #expect(approved.status == .ok)
        let approvals = try #require(try APIFixtures.object(approved)["approvals"] as? [[String: Any]])
        #expect(approvals.first?["actor"] as? [String: String] == ["name": "approver", "role": "approver"])
        let acted = await APIFixtures.send(router, .post, "/v1/incidents/\(incident.id)/actions", body: #"{"action":"close"}"#,
                                           headers: WiringFixtures.headers(.admin))
        #expect(acted.status == .accepted)
        #expect(await operations.actors == [AuditActor(name: "approver", role: "approver"), AuditActor(name: "admin", role: "admin")])
    }
}

/// Each feed's arithmetic, on the families directly.
@Suite struct MetricsFeedTests {
    @Test func anAWSCallCountsItsOutcomeAndEveryRetry() {
        let metrics = CordonMetrics { [:] }
        metrics.recordAWSCall(AWSCallRecord(service: .ec2, action: "DescribeInstances", outcome: AWSCallRecord.success, attempts: 3))
        metrics.recordAWSCall(AWSCallRecord(service: .ec2, action: "DescribeInstances", outcome: "RequestLimitExceeded", attempts: 1))
        #expect(metrics.awsCalls.value(["DescribeInstances", "success"]) == 1)
        #expect(metrics.awsCalls.value(["DescribeInstances", "RequestLimitExceeded"]) == 1)
        #expect(metrics.awsRetries.value(["DescribeInstances"]) == 2)
    }

    @Test(arguments: [
        (DomainError(.invalidInput, "x") as any Error, "invalidInput"),
        (DomainError(.unknownEventShape, "x"), "unknownEventShape"),
        (DomainError(.storageFailure, "x"), "storageFailure"),
        (CancellationError(), "internal"),
    ])
    func aRefusedDocumentIsCountedUnderItsReason(error: any Error, reason: String) {
        let metrics = CordonMetrics { [:] }
        metrics.recordRejection(format: "firehose", error: error)
        #expect(metrics.eventsRejected.value(["firehose", reason]) == 1)
    }

    @Test func onlyAFinalStepOutcomeIsObserved() {
        let metrics = CordonMetrics { [:] }
        let recorder = TelemetryRecorder(logger: HTTPFixtures.silentLogger, metrics: metrics)
        recorder.record(.stepFailed(incidentId: "inc-1", step: .captureInstance, attempts: 1, seconds: 0.2, error: "throttled", willRetry: true))
        #expect(metrics.stepDuration.count([StepName.captureInstance.rawValue, "failed"]) == 0)
        recorder.record(.stepFailed(incidentId: "inc-1", step: .captureInstance, attempts: 2, seconds: 0.5, error: "denied", willRetry: false))
        recorder.record(.stepSucceeded(incidentId: "inc-2", step: .captureInstance, attempts: 1, seconds: 0.1))
        #expect(metrics.stepDuration.count([StepName.captureInstance.rawValue, "failed"]) == 1)
        #expect(metrics.stepDuration.count([StepName.captureInstance.rawValue, "succeeded"]) == 1)
    }
}
