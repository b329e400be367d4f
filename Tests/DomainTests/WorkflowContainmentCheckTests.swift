import Testing
@testable import Domain

@Suite struct WorkflowContainmentCheckTests {
    private let groups = IsolationGroups(pairs: [.init(vpcId: "vpc-1", quarantineGroupId: "sg-q", untrackingGroupId: "sg-u")])

    private func isolated() -> InstanceDescription {
        var instance = Sample.instance()
        for index in instance.networkInterfaces.indices { instance.networkInterfaces[index].securityGroupIds = ["sg-q"] }
        instance.autoScalingGroupName = nil
        instance.classicLoadBalancers = []
        instance.targetGroups = []
        instance.terminationProtection = true
        instance.stopProtection = true
        instance.shutdownBehavior = "stop"
        return instance
    }

    @Test func anIsolatedInstanceWithItsSnapshotsIsContained() {
        let findings = ContainmentCheck.findings(current: isolated(), groups: groups, expectedSnapshots: ["snap-1", "snap-2"],
                                                 snapshots: SnapshotInventory(states: ["snap-1": "pending", "snap-2": "completed"]))
        #expect(findings.isEmpty)
    }

    @Test func everyRemainingExposureIsAFinding() {
        var current = Sample.instance()
        current.terminationProtection = false
        current.stopProtection = false
        current.shutdownBehavior = "terminate"
        current.networkInterfaces[0].securityGroupIds = ["sg-q"]
        current.networkInterfaces.append(NetworkInterfaceState(networkInterfaceId: "eni-other", vpcId: "vpc-2", deviceIndex: 2,
                                                               securityGroupIds: ["sg-x"]))
        let findings = ContainmentCheck.findings(current: current, groups: groups, expectedSnapshots: ["snap-1", "snap-2"],
                                                 snapshots: SnapshotInventory(states: ["snap-1": "error"]))
        #expect(findings == [
            "eni-567890b is in [sg-admin,sg-web], not only sg-q",
            "eni-other is in vpc-2, which has no quarantine group",
            "termination protection is off",
            "stop protection is off",
            "shutdown behaviour is terminate, not stop",
            "still in Auto Scaling group web-asg",
            "still registered with load balancer web-elb",
            "still registered in target group arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/1",
            "snapshot snap-1 is error",
            "snapshot snap-2 not found",
        ])
    }

    @Test func aVerificationThatKeepsFindingExposureFailsTheIncidentWithTheFindings() async throws {
        let cloud = FakeCloudResponder(instances: [Sample.instance()])
        await cloud.ignoreAutoScalingDetach()
        let harness = EngineHarness(cloud: cloud, retryPolicy: RetryPolicy(maxAttempts: 2))
        let incident = try await harness.run(Sample.incident(.instanceId("i-0abc1234def567890"), playbook: .containInstance))
        #expect(incident.status == .failed)
        #expect(incident.step(.verifyContainment)?.attempts == 2)
        #expect(incident.step(.verifyContainment)?.error?.contains("still in Auto Scaling group web-asg") == true)
    }
}
