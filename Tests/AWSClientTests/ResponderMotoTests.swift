import Foundation
import Testing
@testable import AWSClient
import MotoSupport
import Domain

/// The adapter end to end: a fresh fixture in moto (scripts/moto/fixture.py), the Domain engine running the
/// contain-instance, forensics and contain-access-key playbooks through `AWSCloudResponder`, and every
/// post-condition read back by an independent boto3 checker (scripts/moto/check_containment.py).
@Suite(.enabled(if: MotoServer.enabled, "moto_server is not installed (pip install 'moto[server]'); CI=true makes this a failure"))
struct ResponderMotoTests {
    let url: URL
    let fixture: MotoFixture
    let fixtureFile: URL
    let responder: AWSCloudResponder
    let repository = ResponderIncidentRepository()
    let engine: WorkflowEngine

    init() async throws {
        url = try await MotoServer.open.url()
        fixtureFile = FileManager.default.temporaryDirectory.appendingPathComponent("cordon-fixture-\(UUID().uuidString).json")
        fixture = try MotoFixture.build(at: url, file: fixtureFile)
        responder = AWSCloudResponder(client: motoClient(url))
        let spec = ForensicWorkstationSpec(imageId: fixture.forensicAmiId, subnetId: fixture.forensicSubnetId,
                                           securityGroupIds: [fixture.forensicSecurityGroupId], instanceType: "t3.medium")
        engine = WorkflowEngine(repository: repository, responder: responder,
                                budget: CloudCallBudget(maxConcurrent: 8, perSecond: 1000, clock: { Date() }),
                                settings: WorkflowSettings(responderName: "alice", forensicWorkstation: spec), clock: { Date() })
    }

    /// Opens an incident, runs its playbook to the end and returns it.
    func run(_ playbook: PlaybookName, on target: IncidentTarget, id: String) async throws -> Incident {
        try await repository.save(Incident(id: id, reference: "IR-\(id)", target: target, region: fixture.region,
                                           playbook: playbook, openedBy: "moto-test", at: Date()))
        _ = try await engine.start(incidentId: id, by: "moto-test")
        return try await engine.settled(incidentId: id)
    }

    @Test func playbooksLeaveEveryPostConditionAndRepeatsCreateNothing() async throws {
        // contain-instance by private IP, then forensics by ID, then the access key.
        let contained = try await run(.containInstance, on: .ipAddress(fixture.privateIpAddress), id: "inc-contain")
        #expect(contained.status == .contained, "\(contained.steps.compactMap(\.error))")
        let forensics = try await run(.forensics, on: .instanceId(fixture.instanceId), id: "inc-forensics")
        #expect(forensics.status == .contained, "\(forensics.steps.compactMap(\.error))")
        let key = try await run(.containAccessKey, on: .accessKeyId(fixture.accessKeyId), id: "inc-key")
        #expect(key.status == .contained, "\(key.steps.compactMap(\.error))")

        let report = try ContainmentReport.check(url, fixtureFile: fixtureFile, incidents: [contained.id, forensics.id])

        // Protected, tagged, out of the Auto Scaling group and both load balancers; every ENI only in the quarantine
        // group, which admits only the forensic group and sends nothing.
        let problems = report.isolationProblems(of: fixture, reference: "IR-inc-forensics")
        #expect(problems.isEmpty, "\(problems)")

        // Per incident, one snapshot per volume, described and tagged as the runbook says.
        for incident in [contained, forensics] {
            let resources = try #require(report.incidents[incident.id])
            #expect(resources.snapshots.map(\.volumeId).sorted() == fixture.volumeIds.sorted())
            for snapshot in resources.snapshots {
                #expect(snapshot.description.hasPrefix("alice-") && snapshot.description.hasSuffix("-\(incident.reference)"))
                #expect(snapshot.tags["cordon:incident"] == incident.id)
                #expect(snapshot.tags["cordon:reference"] == incident.reference)
            }
        }

        // The forensic workstation: the forensic AMI, subnet and group, one volume per snapshot attached to it.
        let evidence = try #require(report.incidents[forensics.id])
        let workstation = try #require(evidence.workstations.first)
        #expect(evidence.workstations.count == 1)
        #expect(workstation.imageId == fixture.forensicAmiId)
        #expect(workstation.subnetId == fixture.forensicSubnetId)
        #expect(workstation.groups == [fixture.forensicSecurityGroupId])
        let forensicVolumes = evidence.volumes.filter { $0.snapshotId != nil }
        #expect(Set(forensicVolumes.compactMap(\.snapshotId)) == Set(evidence.snapshots.map(\.snapshotId)))
        #expect(forensicVolumes.count == evidence.snapshots.count)
        #expect(forensicVolumes.allSatisfy { $0.attachedTo == [workstation.instanceId] })
        #expect(report.incidents[contained.id]?.workstations.isEmpty == true)

        // The access key: inactive but kept, older sessions denied, the user tagged.
        #expect(report.accessKeyStatus == [fixture.accessKeyId: "Inactive"])
        let policy = try #require(report.userPolicies[AWSCloudResponder.revocationPolicyName])
        let statement = try #require(policy.Statement.first)
        #expect(statement.Effect == "Deny" && statement.Action == ["*"] && statement.Resource == ["*"])
        let cutOff = try #require(statement.Condition["DateLessThan"]?["aws:TokenIssueTime"])
        #expect(ISO8601DateFormatter().date(from: cutOff) != nil)
        #expect(report.userTags["cordon:incident"] == key.id)
        #expect(report.userTags["cordon:quarantine"] == "\(fixture.accessKeyId) deactivated")

        // Every step again with its recorded token and inputs, as a resume after a lost answer would: all
        // succeed, return what the first run made, and create nothing.
        let repeated = try await repeatSteps(of: forensics, key: key)
        #expect(repeated.snapshots == forensics.step(.snapshotVolumes)?.createdResourceIds)
        #expect(repeated.workstation == forensics.step(.launchForensicWorkstation)?.outputs["instanceId"])
        #expect(repeated.volumes == forensics.step(.createForensicVolumes)?.createdResourceIds)
        #expect(repeated.groups.effect.createdResourceIds.isEmpty)
        #expect(repeated.groups.pairs.map(\.quarantineGroupId) == [report.isolationGroups["quarantine"]?.groupId])
        let after = try ContainmentReport.check(url, fixtureFile: fixtureFile, incidents: [contained.id, forensics.id])
        #expect(after.counts == report.counts)
        #expect(after.instance.interfaceGroups == report.instance.interfaceGroups)
        #expect(after.accessKeyStatus == report.accessKeyStatus)
    }

    /// What the repeated steps returned.
    struct Repeated {
        var groups: IsolationGroups
        var snapshots: [String]
        var workstation: String
        var volumes: [String]
    }

    /// Calls every changing method again with the incident's tokens and recorded inputs.
    func repeatSteps(of incident: Incident, key: Incident) async throws -> Repeated {
        let scope = CloudScope(region: fixture.region)
        func token(_ step: StepName, _ of: Incident = incident) -> IdempotencyToken { IdempotencyToken(incidentId: of.id, step: step) }
        let instance = try #require(incident.evidence.compactMap(\.instance).first)
        _ = try await responder.protectInstance(instance.instanceId, in: scope, token: token(.protectInstance))
        _ = try await responder.detachFromAutoScalingGroup(instance.instanceId, group: fixture.autoScalingGroupName,
                                                           in: scope, token: token(.detachFromAutoScaling))
        _ = try await responder.deregisterFromLoadBalancers(
            instance.instanceId, classicLoadBalancers: [fixture.classicLoadBalancerName],
            targetGroups: [TargetGroupMembership(targetGroupArn: fixture.targetGroupArn, port: 80)],
            in: scope, token: token(.deregisterFromLoadBalancers))
        let groups = try await responder.ensureIsolationGroups(vpcIds: [fixture.vpcId], in: scope, token: token(.prepareIsolationGroups))
        _ = try await responder.isolateNetworkInterfaces(instance.networkInterfaces, groups: groups, in: scope,
                                                         token: token(.isolateNetworkInterfaces))
        let snapshots = try await responder.snapshotVolumes(
            instance.volumes, of: instance.instanceId, description: "repeat", tags: [:], in: scope, token: token(.snapshotVolumes))
        let spec = ForensicWorkstationSpec(imageId: fixture.forensicAmiId, subnetId: fixture.forensicSubnetId,
                                           securityGroupIds: [fixture.forensicSecurityGroupId], instanceType: "t3.medium")
        let workstation = try await responder.launchForensicWorkstation(spec, tags: [:], in: scope, token: token(.launchForensicWorkstation))
        let volumes = try await responder.createVolumes(fromSnapshots: snapshots.createdResourceIds,
                                                        inZoneOfSubnet: fixture.forensicSubnetId, tags: [:], in: scope,
                                                        token: token(.createForensicVolumes))
        let devices = zip(volumes.createdResourceIds, ["/dev/sdf", "/dev/sdg", "/dev/sdh"]).map { VolumeAttachment(volumeId: $0, device: $1) }
        _ = try await responder.attachVolumes(devices, to: workstation.instanceId, in: scope, token: token(.attachForensicVolumes))
        _ = try await responder.authorizeForensicAccess(from: workstation.securityGroupIds,
                                                        into: groups.pairs.map(\.quarantineGroupId), in: scope,
                                                        token: token(.authorizeForensicAccess))
        _ = try await responder.deactivateAccessKey(fixture.accessKeyId, userName: fixture.userName, in: scope,
                                                    token: token(.deactivateAccessKey, key))
        _ = try await responder.revokeSessions(userName: fixture.userName, issuedBefore: Date(), in: scope,
                                               token: token(.revokeSessions, key))
        return Repeated(groups: groups, snapshots: snapshots.createdResourceIds, workstation: workstation.instanceId,
                        volumes: volumes.createdResourceIds)
    }
}
