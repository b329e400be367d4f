import Foundation
import MotoSupport
import Testing

/// Issue #6's moto goals through the running `cordon` binary: the applied changes equal the plan, resource by
/// resource, and a release restores every recorded attribute, each read back by the independent boto3 checker
/// (scripts/moto/check_containment.py).
///
/// What moto 5.2.1 can show: it models every attribute checked here (DescribeInstanceAttribute disableApiStop
/// included, Auto Scaling AttachInstances/DetachInstances, classic ELB and target group registrations with ports).
/// It ignores DisableApiTermination on RunInstances, so the fixture sets it with ModifyInstanceAttribute. What it
/// cannot show: the connection tracking the untracking group cuts, and any delay before a registration is
/// in service (registrations are immediate and always "healthy").
@Suite(.enabled(if: MotoServer.enabled, "moto_server is not installed (pip install 'moto[server]'); CI=true makes this a failure"))
struct SafetyEndToEndTests {
    @Test func theAppliedContainmentIsThePlanResourceByResource() async throws {
        let environment = try await EndToEndEnvironment(region: "ap-southeast-1")
        let fixture = environment.fixture
        let cordon = try await environment.startCordon(dataDirectory: environment.scratch.appendingPathComponent("data"))
        defer { try? FileManager.default.removeItem(at: environment.scratch) }
        let target = ["instanceId": fixture.instanceId]

        // The dry run changes nothing the checker can see: no group, snapshot, attribute, tag or membership.
        let before = try environment.report()
        let plan = try await cordon.dryRun(target, reference: "IR-PLAN-1")
        #expect(try environment.report() == before)

        // The plan names every resource of the fixture, and EC2 DryRun allowed each changing call.
        #expect(plan.playbook == "contain-instance" && plan.instanceId == fixture.instanceId && plan.exemption == nil)
        #expect(plan.networkInterfaces.map(\.networkInterfaceId) == fixture.networkInterfaceIds)
        for interface in plan.networkInterfaces {
            #expect(interface.vpcId == fixture.vpcId)
            #expect(interface.currentGroupIds == before.instance.interfaceGroups[interface.networkInterfaceId])
        }
        #expect(plan.autoScalingGroup == fixture.autoScalingGroupName)
        #expect(plan.classicLoadBalancers == [fixture.classicLoadBalancerName])
        #expect(plan.targetGroups == [.init(targetGroupArn: fixture.targetGroupArn, port: 80)])
        #expect(plan.volumesToSnapshot.sorted() == fixture.volumeIds.sorted())
        #expect(plan.protectInstance && plan.accessKeysToDeactivate.isEmpty)
        let checked = Set(plan.permissionChecks.map { "\($0.action) \($0.resource)" })
        #expect(checked == Set(fixture.networkInterfaceIds.map { "ModifyNetworkInterfaceAttribute \($0)" }
                                + fixture.volumeIds.map { "CreateSnapshot \($0)" }
                                + ["ModifyInstanceAttribute", "CreateTags"].map { "\($0) \(fixture.instanceId)" }))
        #expect(plan.permissionChecks.allSatisfy { $0.allowed }, "\(plan.permissionChecks)")

        // Opened awaiting approval, only evidence is taken; the plan the approver reviews is the dry run's.
        let opened = try await cordon.open(target, reference: "IR-PLAN-1", mode: "awaitingApproval")
        let waiting = try await cordon.wait(for: opened.id) { incident in
            incident.steps.contains { $0.status == "awaitingApproval" } && !incident.steps.contains { $0.status == "running" }
        }
        #expect(waiting.step("capture-instance")?.status == "succeeded", "\(waiting.stepSummary)")
        #expect(try await cordon.plan(opened.id) == plan)

        try await cordon.act("contain", on: opened.id)
        let incident = try await cordon.wait(for: opened.id) { $0.finished("contain-instance") }
        let after = try environment.report([incident.id])

        // Each ENI now in exactly the groups planned; a planned "new quarantine group in <vpc>" is the quarantine
        // group Cordon made there, which did not exist before.
        let quarantine = try #require(after.isolationGroups["quarantine"])
        for interface in plan.networkInterfaces {
            let now = after.instance.interfaceGroups[interface.networkInterfaceId]
            if interface.newGroupIds == ["new quarantine group in \(interface.vpcId)"] {
                #expect(before.isolationGroups["quarantine"] == nil)
                #expect(now == [quarantine.groupId], "\(interface.networkInterfaceId) is in \(now ?? [])")
            } else {
                #expect(now == interface.newGroupIds, "\(interface.networkInterfaceId) is in \(now ?? [])")
            }
        }
        // Detached from the planned Auto Scaling group, deregistered from each planned balancer and target group.
        #expect(before.autoScalingGroups == [plan.autoScalingGroup].compactMap { $0 } && after.autoScalingGroups.isEmpty)
        for balancer in plan.classicLoadBalancers where balancer == fixture.classicLoadBalancerName {
            #expect(before.classicLoadBalancerInstances.contains(fixture.instanceId))
            #expect(!after.classicLoadBalancerInstances.contains(fixture.instanceId))
        }
        for group in plan.targetGroups where group.targetGroupArn == fixture.targetGroupArn {
            #expect(before.targetGroupTargets[fixture.instanceId] == group.port)
            #expect(after.targetGroupTargets[fixture.instanceId] == nil)
        }
        // One snapshot tagged for the incident per planned volume, and no other snapshot in the region.
        let resources = try #require(after.incidents[incident.id])
        #expect(resources.snapshots.map(\.volumeId).sorted() == plan.volumesToSnapshot.sorted())
        #expect(after.counts.snapshots == before.counts.snapshots + plan.volumesToSnapshot.count)
        // Protection and shutdown behaviour as planned, the planned tags set; no access key touched.
        #expect(plan.protectInstance == (after.instance.disableApiTermination && after.instance.disableApiStop
                                         && after.instance.shutdownBehavior == "stop"))
        for (key, value) in plan.instanceTags {
            #expect(after.instance.tags[key] == value, "tag \(key)")
        }
        #expect(after.accessKeyStatus == before.accessKeyStatus)
    }

    @Test func theAppliedAccessKeyContainmentIsThePlan() async throws {
        let environment = try await EndToEndEnvironment(region: "ap-southeast-2")
        let fixture = environment.fixture
        let cordon = try await environment.startCordon(dataDirectory: environment.scratch.appendingPathComponent("data"))
        defer { try? FileManager.default.removeItem(at: environment.scratch) }
        let target = ["accessKeyId": fixture.accessKeyId]

        let before = try environment.report()
        let plan = try await cordon.dryRun(target, reference: "IR-KEY-1")
        #expect(try environment.report() == before)
        #expect(plan.playbook == "contain-access-key" && plan.exemption == nil)
        #expect(plan.accessKeysToDeactivate == [fixture.accessKeyId] && plan.userToTag == fixture.userName)
        #expect(plan.networkInterfaces.isEmpty && plan.volumesToSnapshot.isEmpty && !plan.protectInstance)

        let opened = try await cordon.open(target, reference: "IR-KEY-1")
        let incident = try await cordon.wait(for: opened.id) { $0.finished("contain-access-key") }
        let after = try environment.report()
        // Each planned key inactive (and kept), every other key as it was; the planned user tagged.
        var expected = before.accessKeyStatus
        for key in plan.accessKeysToDeactivate { expected[key] = "Inactive" }
        #expect(after.accessKeyStatus == expected)
        #expect(after.userTags["cordon:incident"] == incident.id)
        // Nothing of the instance changed.
        #expect(after.releaseAttributes == before.releaseAttributes)
        #expect(after.counts == before.counts)
    }

    @Test func aReleaseRestoresEveryRecordedAttribute() async throws {
        let environment = try await EndToEndEnvironment(region: "sa-east-1")
        let fixture = environment.fixture
        let cordon = try await environment.startCordon(dataDirectory: environment.scratch.appendingPathComponent("data"))
        defer { try? FileManager.default.removeItem(at: environment.scratch) }

        let before = try environment.report()
        let opened = try await cordon.open(["instanceId": fixture.instanceId], reference: "IR-RELEASE-1")
        let contained = try await cordon.wait(for: opened.id) { $0.finished("contain-instance") }
        let isolated = try environment.report([contained.id])
        // Containment changed every attribute but termination protection, which the fixture already had on; so
        // each of these must be put back by the release, not merely left alone.
        let changed = Set(before.releaseAttributes.keys.filter { isolated.releaseAttributes[$0] != before.releaseAttributes[$0] })
        #expect(changed == Set(before.releaseAttributes.keys).subtracting(["disableApiTermination"]))

        try await cordon.act("release", on: contained.id)
        let released = try await cordon.wait(for: contained.id) { $0.finished("release") }
        let after = try environment.report([contained.id])

        // Membership is restored, not the group's size: the detach kept the desired capacity, so Auto Scaling
        // launched a replacement, and AttachInstances adds one to the desired capacity (Auto Scaling API Reference,
        // "AttachInstances"); the group now holds both.
        #expect(Set(after.autoScalingGroupInstances).isSuperset(of: [fixture.instanceId] + isolated.autoScalingGroupInstances))
        for (attribute, was) in before.releaseAttributes.sorted(by: { $0.key < $1.key }) {
            #expect(after.releaseAttributes[attribute] == was, "\(attribute)")
        }
        #expect(Set(after.releaseAttributes.keys) == Set(before.releaseAttributes.keys))
        // The incident says the release was verified by describing: its verify step succeeded, in status released.
        #expect(released.status == "released")
        #expect(released.step("restore-instance")?.status == "succeeded")
        #expect(released.step("verify-release")?.status == "succeeded")
        #expect(released.timeline.last?.message == "workflow finished: released; every recorded attribute is restored")
    }
}
