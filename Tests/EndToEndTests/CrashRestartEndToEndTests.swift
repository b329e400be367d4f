import Foundation
import MotoSupport
import Testing

/// `kill -9` in the middle of a workflow, then a new cordon on the same data directory: the workflow finishes,
/// nothing acknowledged is lost, and no AWS resource is made twice (DESIGN.md "Persistence"; issue #4 goals).
@Suite(.enabled(if: MotoServer.enabled, "moto_server is not installed (pip install 'moto[server]'); CI=true makes this a failure"))
struct CrashRestartEndToEndTests {
    /// The kill moments: how long after the first step is seen `running` the process is killed, in contain-instance
    /// and again in forensics; each round has its own region, fixture and data directory.
    @Test(arguments: [(region: "us-west-1", killAfterMilliseconds: 0),
                      (region: "us-west-2", killAfterMilliseconds: 700),
                      (region: "ca-central-1", killAfterMilliseconds: 1600)])
    func aKilledWorkflowResumesAndFinishesWithoutDuplicates(region: String, killAfterMilliseconds: Int) async throws {
        let environment = try await EndToEndEnvironment(region: region)
        let fixture = environment.fixture
        defer { try? FileManager.default.removeItem(at: environment.scratch) }
        // Every AWS call waits 300 ms, so the workflows take seconds and a kill lands between calls or in one.
        let proxy = try await DelayProxy.start(to: environment.moto, milliseconds: 300)
        let data = environment.scratch.appendingPathComponent("data")
        let before = try environment.report().counts

        var cordon = try await environment.startCordon(dataDirectory: data, endpoint: proxy.url)
        let receipt = try await cordon.postEvent(try environment.guardDutyFinding(id: "e2e-crash-1"))
        let id = try #require(receipt.incidents.first?.id)
        // A second finding about the same instance joins the incident; it too is acknowledged before the kill.
        _ = try await cordon.postEvent(try environment.guardDutyFinding(id: "e2e-crash-2"))
        let acknowledged = try await cordon.incident(id).signals.map(\.dedupKey)
        #expect(acknowledged.count == 2)

        _ = try await cordon.wait(for: id) { $0.steps.contains { $0.status == "running" } }
        try await Task.sleep(for: .milliseconds(killAfterMilliseconds))
        try await cordon.crash()
        cordon = try await environment.startCordon(dataDirectory: data, endpoint: proxy.url)
        let contained = try await cordon.wait(for: id) { $0.finished("contain-instance") }
        #expect(Set(acknowledged).isSubset(of: Set(contained.signals.map(\.dedupKey))))

        try await cordon.act("forensics", on: id)
        _ = try await cordon.wait(for: id) { $0.playbook == "forensics" && $0.steps.contains { $0.status == "running" } }
        try await Task.sleep(for: .milliseconds(killAfterMilliseconds))
        try await cordon.crash()
        cordon = try await environment.startCordon(dataDirectory: data, endpoint: proxy.url)
        let finished = try await cordon.wait(for: id) { $0.finished("forensics") }
        #expect(finished.signals.map(\.dedupKey).sorted() == acknowledged.sorted())

        // Exactly what one uninterrupted run makes: a snapshot per volume; one workstation with its root volume and a
        // forensic volume per snapshot; the quarantine and untracking groups. Auto Scaling replaces the detached
        // instance (its desired capacity is kept), once, with one root volume.
        let report = try environment.report([id])
        let volumes = fixture.volumeIds.count
        #expect(report.autoScalingGroupInstances.count == 1)
        #expect(!report.autoScalingGroupInstances.contains(fixture.instanceId))
        #expect(report.counts == .init(snapshots: before.snapshots + volumes, instances: before.instances + 1 + 1,
                                       volumes: before.volumes + 1 + volumes + 1, securityGroups: before.securityGroups + 2))
        let resources = try #require(report.incidents[id])
        #expect(resources.snapshots.map(\.volumeId).sorted() == fixture.volumeIds.sorted())
        #expect(resources.workstations.count == 1)
        #expect(resources.volumes.filter { $0.snapshotId != nil }.count == volumes)
        let quarantine = try #require(report.isolationGroups["quarantine"])
        #expect(report.instance.interfaceGroups.values.allSatisfy { $0 == [quarantine.groupId] })
        #expect(report.autoScalingGroups.isEmpty)
    }
}
