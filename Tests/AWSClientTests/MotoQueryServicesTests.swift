import Foundation
import Testing
@testable import AWSClient
import MotoSupport

/// Auto Scaling, ELB, ELBv2, IAM and STS against moto_server, each effect confirmed by a describe call.
@Suite(.enabled(if: MotoServer.enabled, "moto_server is not installed (pip install 'moto[server]'); CI=true makes this a failure"))
struct MotoQueryServicesTests {
    @Test func autoScalingDetachAndAttach() async throws {
        let client = motoClient(try await MotoServer.open.url())
        let name = "web-\(UUID().uuidString)"
        let images = try await client.send(rawAction(.ec2, "DescribeImages", ["Owner.1": "amazon"]))
        let imageId = try #require(images.list("imagesSet").first?.string("imageId"))
        _ = try await client.send(rawAction(.autoScaling, "CreateLaunchConfiguration",
                                            ["LaunchConfigurationName": name, "ImageId": imageId, "InstanceType": "t3.micro"]))
        _ = try await client.send(rawAction(.autoScaling, "CreateAutoScalingGroup", [
            "AutoScalingGroupName": name, "LaunchConfigurationName": name, "MinSize": "0", "MaxSize": "2",
            "DesiredCapacity": "1", "AvailabilityZones.member.1": "us-east-1a",
        ]))
        let group = try await client.send(rawAction(.autoScaling, "DescribeAutoScalingGroups", ["AutoScalingGroupNames.member.1": name]))
        let instanceId = try #require(group.list("AutoScalingGroups").first?.list("Instances").first?.string("InstanceId"))
        let asg = AutoScalingClient(client: client)

        let member = try await asg.describeAutoScalingInstances(instanceIds: [instanceId])
        #expect(member.items.map(\.autoScalingGroupName) == [name])
        _ = try await asg.detachInstances(autoScalingGroupName: name, instanceIds: [instanceId], shouldDecrementDesiredCapacity: true)
        #expect(try await asg.describeAutoScalingInstances(instanceIds: [instanceId]).items.isEmpty)
        _ = try await asg.attachInstances(autoScalingGroupName: name, instanceIds: [instanceId])
        #expect(try await asg.describeAutoScalingInstances(instanceIds: [instanceId]).items.map(\.autoScalingGroupName) == [name])
    }

    @Test func loadBalancersDeregisterAndRegister() async throws {
        let client = motoClient(try await MotoServer.open.url())
        let ec2 = EC2Client(client: client)
        let instance = try await MotoEC2Tests.launch(ec2, token: "lb-\(UUID().uuidString)")
        let vpcId = try #require(instance.vpcId)
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()

        let elb = ELBClient(client: client)
        let name = "elb-\(suffix)"
        _ = try await client.send(rawAction(.elasticLoadBalancing, "CreateLoadBalancer", [
            "LoadBalancerName": name, "AvailabilityZones.member.1": "us-east-1a", "Listeners.member.1.Protocol": "HTTP",
            "Listeners.member.1.LoadBalancerPort": "80", "Listeners.member.1.InstancePort": "80",
        ]))
        // moto answers RegisterInstancesWithLoadBalancer with an empty list; the describe is what counts.
        _ = try await elb.registerInstancesWithLoadBalancer(name: name, instanceIds: [instance.instanceId])
        #expect(try await elb.describeLoadBalancers(names: [name]).items.first?.instanceIds == [instance.instanceId])
        _ = try await elb.deregisterInstancesFromLoadBalancer(name: name, instanceIds: [instance.instanceId])
        #expect(try await elb.describeLoadBalancers(names: [name]).items.first?.instanceIds == [])

        let elbv2 = ELBv2Client(client: client)
        let created = try await client.send(rawAction(.elasticLoadBalancingV2, "CreateTargetGroup", [
            "Name": "tg-\(suffix)", "Protocol": "HTTP", "Port": "80", "VpcId": vpcId, "TargetType": "instance",
        ]))
        let arn = try #require(created.list("TargetGroups").first?.string("TargetGroupArn"))
        #expect(try await elbv2.describeTargetGroups(targetGroupArns: [arn]).items.map(\.vpcId) == [vpcId])
        _ = try await elbv2.registerTargets(targetGroupArn: arn, targets: [ELBv2Target(id: instance.instanceId, port: 80)])
        #expect(try await elbv2.describeTargetHealth(targetGroupArn: arn).items.map(\.id) == [instance.instanceId])
        _ = try await elbv2.deregisterTargets(targetGroupArn: arn, targets: [ELBv2Target(id: instance.instanceId, port: 80)])
        #expect(try await elbv2.describeTargetHealth(targetGroupArn: arn).items.allSatisfy { $0.id != instance.instanceId || $0.state == "draining" })
    }

    @Test func exposedKeyResponse() async throws {
        let client = motoClient(try await MotoServer.open.url())
        let iam = IAMClient(client: client)
        let user = "bob-\(UUID().uuidString.prefix(8))"
        _ = try await client.send(rawAction(.iam, "CreateUser", ["UserName": user]))
        let key = try await client.send(rawAction(.iam, "CreateAccessKey", ["UserName": user]))
        let keyId = try key.required("AccessKey", "AccessKeyId")

        #expect(try await iam.listAccessKeys(userName: user).items.map(\.status) == ["Active"])
        _ = try await iam.updateAccessKey(userName: user, accessKeyId: keyId, status: "Inactive")
        #expect(try await iam.listAccessKeys(userName: user).items.map(\.status) == ["Inactive"])
        #expect(try await iam.getAccessKeyLastUsed(accessKeyId: keyId).userName == user)
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#
        _ = try await iam.putUserPolicy(userName: user, policyName: "cordon-deny-all", policyDocument: policy)
        let stored = try await client.send(rawAction(.iam, "GetUserPolicy", ["UserName": user, "PolicyName": "cordon-deny-all"]))
        #expect(stored.string("PolicyDocument")?.removingPercentEncoding?.contains(#""Effect":"Deny""#) == true)
        _ = try await iam.tagUser(userName: user, tags: [AWSTag(key: "cordon:incident", value: "INC-1")])
        let tags = try await client.send(rawAction(.iam, "ListUserTags", ["UserName": user]))
        #expect(tags.list("Tags").map(AWSTag.init(xml:)) == [AWSTag(key: "cordon:incident", value: "INC-1")])
        #expect(try await iam.getUser(userName: user).userName == user)
    }

    @Test func stsIdentityAndRoles() async throws {
        let client = motoClient(try await MotoServer.open.url())
        let sts = STSClient(client: client)
        let identity = try await sts.getCallerIdentity()
        #expect(identity.account == "123456789012")
        #expect(!identity.requestId.isEmpty)
        let roleArn = "arn:aws:iam::123456789012:role/cordon-responder"
        let assumed = try await sts.assumeRole(roleArn: roleArn, sessionName: "cordon", durationSeconds: 900)
        #expect(assumed.credentials.accessKeyId.hasPrefix("ASIA"))
        #expect(assumed.credentials.sessionToken != nil)
        #expect(assumed.credentials.expiration != nil)
        let viaPort: any RoleAssumer = sts
        let web = try await viaPort.assumeRoleWithWebIdentity(roleArn: roleArn, sessionName: "web", webIdentityToken: "header.payload.sig",
                                                             region: "us-east-1")
        #expect(web.sessionToken != nil)
    }
}
