import Foundation
import MotoSupport
import Testing

/// The running `cordon` binary against moto: events in over HTTP, every post-condition of the seed runbook and of
/// the extras read back by the independent boto3 checker (scripts/moto/check_containment.py).
@Suite(.enabled(if: MotoServer.enabled, "moto_server is not installed (pip install 'moto[server]'); CI=true makes this a failure"))
struct ContainmentEndToEndTests {
    @Test func aGuardDutyFindingContainsTheInstanceAndForensicsLeavesAWorkstation() async throws {
        let environment = try await EndToEndEnvironment(region: "eu-west-1")
        let fixture = environment.fixture
        let cordon = try await environment.startCordon(dataDirectory: environment.scratch.appendingPathComponent("data"))
        defer { try? FileManager.default.removeItem(at: environment.scratch) }

        let receipt = try await cordon.postEvent(try environment.guardDutyFinding(id: "e2e-finding-1"))
        #expect(receipt.accepted == 1 && receipt.duplicates == 0)
        let opened = try #require(receipt.incidents.first)
        #expect(opened.created)
        let contained = try await cordon.wait(for: opened.id) { $0.finished("contain-instance") }
        try await cordon.act("forensics", on: opened.id)
        let incident = try await cordon.wait(for: opened.id) { $0.finished("forensics") }
        #expect(incident.signals.map(\.source) == contained.signals.map(\.source))

        let report = try environment.report([incident.id])

        // Steps 2-5, 10 and 11 and the extras: protected from termination, stop and OS shutdown, tagged with the
        // reference, out of the Auto Scaling group, the classic ELB and the target group; every ENI only in the
        // quarantine group, which sends nothing and admits only the forensic group, reached through the untracking
        // group that cut tracked connections.
        let problems = report.isolationProblems(of: fixture, reference: incident.reference)
        #expect(problems.isEmpty, "\(problems)")

        // Step 6: one snapshot per volume, described "<responder>-<date>-<reference>".
        let resources = try #require(report.incidents[incident.id])
        #expect(resources.snapshots.map(\.volumeId).sorted() == fixture.volumeIds.sorted())
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        for snapshot in resources.snapshots {
            #expect(snapshot.description == "e2e-\(today)-\(incident.reference)")
        }

        // Steps 7-9: one workstation from the forensic AMI, subnet and group, one volume per snapshot attached.
        #expect(resources.workstations.count == 1)
        let workstation = try #require(resources.workstations.first)
        #expect(workstation.imageId == fixture.forensicAmiId)
        #expect(workstation.subnetId == fixture.forensicSubnetId)
        #expect(workstation.groups == [fixture.forensicSecurityGroupId])
        let forensicVolumes = resources.volumes.filter { $0.snapshotId != nil }
        #expect(forensicVolumes.count == resources.snapshots.count)
        #expect(Set(forensicVolumes.compactMap(\.snapshotId)) == Set(resources.snapshots.map(\.snapshotId)))
        #expect(forensicVolumes.allSatisfy { $0.attachedTo == [workstation.instanceId] })
        #expect(incident.step("launch-forensic-workstation")?.createdResourceIds == [workstation.instanceId])
    }

    @Test func anExposedKeyEventDeactivatesTheKeyAndDeniesOlderSessions() async throws {
        let environment = try await EndToEndEnvironment(region: "eu-west-2")
        let fixture = environment.fixture
        let cordon = try await environment.startCordon(dataDirectory: environment.scratch.appendingPathComponent("data"))
        defer { try? FileManager.default.removeItem(at: environment.scratch) }

        let receipt = try await cordon.postEvent(try environment.exposedKeyEvent())
        let opened = try #require(receipt.incidents.first)
        let incident = try await cordon.wait(for: opened.id) { $0.finished("contain-access-key") }
        #expect(incident.signals.count == 1)

        let report = try environment.report()
        // Deactivated, never deleted.
        #expect(report.accessKeyStatus == [fixture.accessKeyId: "Inactive"])
        // Sessions issued before now denied: an inline Deny * on aws:TokenIssueTime.
        let statements = report.userPolicies.values.flatMap(\.Statement)
        let revocation = try #require(statements.first { $0.Condition["DateLessThan"]?["aws:TokenIssueTime"] != nil })
        #expect(revocation.Effect == "Deny" && revocation.Action == ["*"] && revocation.Resource == ["*"])
        #expect(report.userTags["cordon:incident"] == incident.id)
    }
}
