@preconcurrency import Glibc
import Foundation
import Testing
@testable import AWSClient
import Domain

/// Time to contain and to finish forensics, Cordon against the sequential boto3 runbook (scripts/moto/runbook_boto3.py),
/// both through scripts/moto/delay_proxy.py adding 50 ms per request as real AWS latency would (STYLE.md, moto notes).
/// A measurement, not a test of speed: it prints the times and asserts only that the playbooks succeeded.
/// Run with `CORDON_BENCHMARK=1 swift test --filter ResponderBenchmarkTests`.
@Suite(.enabled(if: MotoServer.enabled && ProcessInfo.processInfo.environment["CORDON_BENCHMARK"] == "1",
                "set CORDON_BENCHMARK=1 to measure"))
struct ResponderBenchmarkTests {
    @Test func playbooksAgainstTheSequentialRunbook() async throws {
        let moto = try await MotoServer.open.url()
        let port = try freeLoopbackPort()
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proxy.arguments = ["python3", responderPackageRoot.appendingPathComponent("scripts/moto/delay_proxy.py").path,
                           "\(port)", moto.absoluteString, "50"]
        // Not attached to the test's output, and killed with SIGKILL: a child spawned from a Swift thread inherits
        // a blocked SIGTERM (see MotoServer), and a survivor holding the output pipe would hang `swift test`.
        proxy.standardOutput = FileHandle.nullDevice
        proxy.standardError = FileHandle.nullDevice
        try proxy.run()
        defer { kill(proxy.processIdentifier, SIGKILL) }
        let delayed = try #require(URL(string: "http://127.0.0.1:\(port)/"))
        for _ in 0..<100 {
            do {
                _ = try await motoTransport.send(AWSHTTPRequest(method: "GET", url: delayed.appendingPathComponent("moto-api/data.json")),
                                                 timeout: .seconds(2))
                break
            } catch {
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        let directory = FileManager.default.temporaryDirectory
        let peerFile = directory.appendingPathComponent("cordon-bench-peer-\(UUID().uuidString).json")
        _ = try MotoFixture.build(at: moto, file: peerFile)
        let peer = try runMotoScript("runbook_boto3.py", [delayed.absoluteString, peerFile.path, "IR-BENCH"])

        var cordon: [String: Double] = [:]
        for playbook in [PlaybookName.containInstance, .forensics] {
            let fixture = try MotoFixture.build(at: moto, file: directory.appendingPathComponent("cordon-bench-\(UUID().uuidString).json"))
            let spec = ForensicWorkstationSpec(imageId: fixture.forensicAmiId, subnetId: fixture.forensicSubnetId,
                                               securityGroupIds: [fixture.forensicSecurityGroupId], instanceType: "t3.large")
            let repository = ResponderIncidentRepository()
            let engine = WorkflowEngine(repository: repository, responder: AWSCloudResponder(client: motoClient(delayed)),
                                        budget: CloudCallBudget(maxConcurrent: 16, perSecond: 1000, clock: { Date() }),
                                        settings: WorkflowSettings(forensicWorkstation: spec), clock: { Date() })
            try await repository.save(Incident(id: "bench-\(playbook.rawValue)", target: .instanceId(fixture.instanceId),
                                               region: fixture.region, playbook: playbook, openedBy: "bench", at: Date()))
            let clock = ContinuousClock()
            let started = clock.now
            _ = try await engine.start(incidentId: "bench-\(playbook.rawValue)", by: "bench")
            let incident = try await engine.settled(incidentId: "bench-\(playbook.rawValue)")
            let elapsed = clock.now - started
            #expect(incident.status == .contained, "\(incident.steps.compactMap(\.error))")
            cordon[playbook.rawValue] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        print("runbook benchmark, 50 ms per request: boto3 \(String(decoding: peer, as: UTF8.self)) cordon \(cordon)")
    }
}
