import Foundation
import Testing
@testable import AWSClient

/// Decoding of Query-protocol answers (Auto Scaling, ELB, ELBv2, IAM, STS), shaped as their API references show.
@Suite struct QueryServicesDecodingTests {
    static func query(_ action: String, _ result: String, requestId: String = "r-\(UUID().uuidString)") -> Result<AWSHTTPResponse, AWSClientError> {
        ok("<\(action)Response><\(action)Result>\(result)</\(action)Result><ResponseMetadata><RequestId>\(requestId)</RequestId></ResponseMetadata></\(action)Response>")
    }

    @Test func autoScaling() async throws {
        let transport = ScriptedTransport([
            Self.query("DescribeAutoScalingInstances", """
                <AutoScalingInstances><member><InstanceId>i-1</InstanceId><AutoScalingGroupName>web-asg</AutoScalingGroupName>
                <AvailabilityZone>eu-west-1a</AvailabilityZone><LifecycleState>InService</LifecycleState>
                <HealthStatus>HEALTHY</HealthStatus><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member></AutoScalingInstances>
                <NextToken>p2</NextToken>
                """, requestId: "r1"),
            Self.query("DescribeAutoScalingInstances", "<AutoScalingInstances/>", requestId: "r2"),
            Self.query("DetachInstances", """
                <Activities><member><ActivityId>act-1</ActivityId><StatusCode>InProgress</StatusCode></member></Activities>
                """, requestId: "r3"),
        ])
        let asg = AutoScalingClient(client: stubClient(transport))
        let list = try await asg.describeAutoScalingInstances(instanceIds: ["i-1"])
        #expect(list.items.map(\.autoScalingGroupName) == ["web-asg"])
        #expect(list.items.first?.healthStatus == "HEALTHY")
        #expect(list.requestIds == ["r1", "r2"])
        let detached = try await asg.detachInstances(autoScalingGroupName: "web-asg", instanceIds: ["i-1"], shouldDecrementDesiredCapacity: true)
        #expect(detached.items == ["act-1"])
        let forms = await transport.forms()
        #expect(forms[0]["InstanceIds.member.1"] == "i-1")
        #expect(forms[0]["Version"] == "2011-01-01")
        #expect(forms[1]["NextToken"] == "p2")
        #expect(forms[2]["ShouldDecrementDesiredCapacity"] == "true")
    }

    @Test func classicLoadBalancers() async throws {
        let transport = ScriptedTransport([
            Self.query("DescribeLoadBalancers", """
                <LoadBalancerDescriptions><member><LoadBalancerName>web-elb</LoadBalancerName><DNSName>web.elb.example</DNSName>
                <VPCId>vpc-0a</VPCId><Instances><member><InstanceId>i-1</InstanceId></member><member><InstanceId>i-2</InstanceId></member>
                </Instances></member></LoadBalancerDescriptions>
                """),
            Self.query("DeregisterInstancesFromLoadBalancer", "<Instances><member><InstanceId>i-2</InstanceId></member></Instances>"),
        ])
        let elb = ELBClient(client: stubClient(transport))
        let balancer = try #require(try await elb.describeLoadBalancers().items.first)
        #expect(balancer.instanceIds == ["i-1", "i-2"])
        #expect(try await elb.deregisterInstancesFromLoadBalancer(name: "web-elb", instanceIds: ["i-1"]).items == ["i-2"])
        let forms = await transport.forms()
        #expect(forms[1]["Instances.member.1.InstanceId"] == "i-1")
        #expect(forms[1]["Version"] == "2012-06-01")
        #expect(await transport.requests[1].header("Authorization")?.contains("/elasticloadbalancing/aws4_request") == true)
    }

    @Test func targetGroups() async throws {
        let arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef"
        let transport = ScriptedTransport([
            Self.query("DescribeTargetGroups", """
                <TargetGroups><member><TargetGroupArn>\(arn)</TargetGroupArn><TargetGroupName>web</TargetGroupName>
                <TargetType>instance</TargetType><VpcId>vpc-0a</VpcId><Port>80</Port>
                <LoadBalancerArns><member>arn:lb</member></LoadBalancerArns></member></TargetGroups><NextMarker>m2</NextMarker>
                """),
            Self.query("DescribeTargetGroups", "<TargetGroups/>"),
            Self.query("DescribeTargetHealth", """
                <TargetHealthDescriptions><member><Target><Id>i-1</Id><Port>80</Port></Target>
                <TargetHealth><State>healthy</State></TargetHealth></member></TargetHealthDescriptions>
                """),
            Self.query("DeregisterTargets", ""),
        ])
        let elbv2 = ELBv2Client(client: stubClient(transport))
        let groups = try await elbv2.describeTargetGroups()
        #expect(groups.items.map(\.loadBalancerArns) == [["arn:lb"]])
        #expect(try await elbv2.describeTargetHealth(targetGroupArn: arn).items == [ELBv2Target(id: "i-1", port: 80, state: "healthy")])
        _ = try await elbv2.deregisterTargets(targetGroupArn: arn, targets: [ELBv2Target(id: "i-1", port: 80)])
        let forms = await transport.forms()
        #expect(forms[1]["Marker"] == "m2")
        #expect(forms[3]["Targets.member.1.Id"] == "i-1")
        #expect(forms[3]["Targets.member.1.Port"] == "80")
        #expect(forms[3]["Version"] == "2015-12-01")
    }

    @Test func iamAccessKeys() async throws {
        let transport = ScriptedTransport([
            Self.query("ListAccessKeys", """
                <UserName>bob</UserName><AccessKeyMetadata><member><UserName>bob</UserName><AccessKeyId>AKIAEXAMPLE1</AccessKeyId>
                <Status>Active</Status><CreateDate>2026-01-01T00:00:00Z</CreateDate></member></AccessKeyMetadata>
                <IsTruncated>true</IsTruncated><Marker>mk</Marker>
                """, requestId: "r1"),
            Self.query("ListAccessKeys", """
                <AccessKeyMetadata><member><UserName>bob</UserName><AccessKeyId>AKIAEXAMPLE2</AccessKeyId>
                <Status>Inactive</Status></member></AccessKeyMetadata><IsTruncated>false</IsTruncated>
                """, requestId: "r2"),
            Self.query("GetAccessKeyLastUsed", """
                <UserName>bob</UserName><AccessKeyLastUsed><LastUsedDate>2026-11-29T11:00:00Z</LastUsedDate>
                <ServiceName>s3</ServiceName><Region>eu-west-1</Region></AccessKeyLastUsed>
                """, requestId: "r3"),
        ])
        let iam = IAMClient(client: stubClient(transport))
        let keys = try await iam.listAccessKeys(userName: "bob")
        #expect(keys.items.map(\.accessKeyId) == ["AKIAEXAMPLE1", "AKIAEXAMPLE2"])
        #expect(keys.items.map(\.status) == ["Active", "Inactive"])
        let lastUsed = try await iam.getAccessKeyLastUsed(accessKeyId: "AKIAEXAMPLE1")
        #expect(lastUsed.serviceName == "s3")
        #expect(lastUsed.lastUsedDate == "2026-11-29T11:00:00Z")
        #expect(lastUsed.requestId == "r3")
        #expect(await transport.forms()[1]["Marker"] == "mk")
    }

    @Test func stsCallerIdentity() async throws {
        let transport = ScriptedTransport([Self.query("GetCallerIdentity", """
            <Arn>arn:aws:iam::123456789012:user/cordon</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>
            """, requestId: "r-id")])
        let identity = try await STSClient(client: stubClient(transport)).getCallerIdentity()
        #expect(identity == STSCallerIdentity(account: "123456789012", arn: "arn:aws:iam::123456789012:user/cordon",
                                              userId: "AIDAEXAMPLE", requestId: "r-id"))
    }
}
