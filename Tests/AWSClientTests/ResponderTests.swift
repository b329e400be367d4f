import Foundation
import Testing
@testable import AWSClient
import Domain

/// The adapter's mappings on a scripted transport: errors, "already done" answers, address lookups, isolation
/// order, lookups before creates, cross-account roles and the revocation policy. One call at a time
/// (`maxConcurrentCalls: 1`) wherever the script's order matters.
struct ResponderTests {
    static let sequential = AWSCloudResponder.Configuration(maxConcurrentCalls: 1)

    // MARK: Error mapping

    @Test(arguments: [
        (AWSClientError(kind: .service, code: "Throttling", message: "Rate exceeded", httpStatus: 400, requestId: "r1"), DomainError.Code.cloudTransient),
        (AWSClientError(kind: .service, code: "RequestLimitExceeded", message: "slow down", httpStatus: 503, requestId: "r2"), .cloudTransient),
        (AWSClientError(kind: .service, code: "InternalError", message: "oops", httpStatus: 500, requestId: "r3"), .cloudTransient),
        (AWSClientError(kind: .service, code: "IncorrectState", message: "creating", httpStatus: 400, requestId: "r4"), .cloudTransient),
        (AWSClientError(kind: .transport, code: "ConnectionFailed", message: "reset"), .cloudTransient),
        (AWSClientError(kind: .credentials, code: "CredentialsUnavailable", message: "IMDS down", httpStatus: 503), .cloudTransient),
        (AWSClientError(kind: .credentials, code: "CredentialsUnavailable", message: "AssumeRole refused", httpStatus: 403), .cloudFailure),
        (AWSClientError(kind: .service, code: "UnauthorizedOperation", message: "no", httpStatus: 403, requestId: "r5"), .cloudFailure),
        (AWSClientError(kind: .service, code: "InvalidInstanceID.NotFound", message: "gone", httpStatus: 400, requestId: "r6"), .cloudFailure),
        (AWSClientError(kind: .decoding, code: "DecodingFailed", message: "bad XML"), .cloudFailure),
    ])
    func awsErrorsMapToDomainCodes(error: AWSClientError, expected: DomainError.Code) {
        let mapped = DomainError(aws: error, during: "protectInstance")
        #expect(mapped.code == expected)
        #expect(mapped.message == "protectInstance: \(error.description)")
    }

    @Test func failureMessageKeepsCodeMessageStatusAndRequestId() async throws {
        let transport = ScriptedTransport([ec2Error("UnauthorizedOperation", status: 403)])
        let error = await #expect(throws: DomainError.self) {
            try await stubResponder(transport).tagInstance("i-1", tags: ["a": "b"], in: stubScope, token: stubToken)
        }
        #expect(error?.code == .cloudFailure)
        #expect(error?.message == "tagInstance: UnauthorizedOperation: scripted UnauthorizedOperation (HTTP 403) "
                + "[request err-UnauthorizedOperation]")
    }

    // MARK: Already done counts as done

    @Test func duplicateForensicRuleCountsAsDone() async throws {
        let transport = ScriptedTransport([
            ec2Answer("AuthorizeSecurityGroupIngress", "<return>true</return>", requestId: "req-new"),
            ec2Error("InvalidPermission.Duplicate"),
        ])
        let effect = try await stubResponder(transport, configuration: Self.sequential).authorizeForensicAccess(
            from: ["sg-forensic"], into: ["sg-q1", "sg-q2"], in: stubScope, token: stubToken)
        #expect(effect.requestIds == ["req-new", "err-InvalidPermission.Duplicate"])
        let forms = await transport.forms()
        #expect(forms.map { $0["GroupId"] } == ["sg-q1", "sg-q2"])
        #expect(forms.allSatisfy { $0["IpPermissions.1.Groups.1.GroupId"] == "sg-forensic" && $0["IpPermissions.1.IpProtocol"] == "-1" })
    }

    @Test func otherAuthorizeFailureIsNotForgiven() async throws {
        let transport = ScriptedTransport([ec2Error("InvalidGroup.NotFound")])
        let error = await #expect(throws: DomainError.self) {
            try await stubResponder(transport).authorizeForensicAccess(from: ["sg-f"], into: ["sg-q"], in: stubScope, token: stubToken)
        }
        #expect(error?.code == .cloudFailure)
        #expect(error?.message.contains("InvalidGroup.NotFound") == true)
    }

    @Test(arguments: [(memberOf: nil as String?, succeeds: true), (memberOf: "web-asg", succeeds: false)])
    func refusedDetachIsDoneOnlyIfTheInstanceLeftTheGroup(memberOf group: String?, succeeds: Bool) async throws {
        let members = group.map {
            "<member><InstanceId>i-1</InstanceId><AutoScalingGroupName>\($0)</AutoScalingGroupName>"
                + "<LifecycleState>InService</LifecycleState></member>"
        } ?? ""
        let transport = ScriptedTransport([
            queryError("ValidationError", requestId: "req-refused"),
            queryAnswer("DescribeAutoScalingInstances", "<AutoScalingInstances>\(members)</AutoScalingInstances>", requestId: "req-check"),
        ])
        let responder = stubResponder(transport)
        if succeeds {
            let effect = try await responder.detachFromAutoScalingGroup("i-1", group: "web-asg", in: stubScope, token: stubToken)
            #expect(effect.requestIds == ["req-refused", "req-check"])
            #expect(effect.outputs["alreadyDetached"] == "web-asg")
        } else {
            let error = await #expect(throws: DomainError.self) {
                try await responder.detachFromAutoScalingGroup("i-1", group: "web-asg", in: stubScope, token: stubToken)
            }
            #expect(error?.message.contains("ValidationError") == true)
        }
        #expect(await transport.forms().first?["ShouldDecrementDesiredCapacity"] == "false")
    }

    @Test func targetAlreadyDeregisteredCountsAsDone() async throws {
        let transport = ScriptedTransport([
            queryError("InvalidTarget", requestId: "req-refused"),
            queryAnswer("DescribeTargetHealth", """
                <TargetHealthDescriptions><member><Target><Id>i-other</Id><Port>80</Port></Target>\
                <TargetHealth><State>healthy</State></TargetHealth></member></TargetHealthDescriptions>
                """, requestId: "req-health"),
        ])
        let effect = try await stubResponder(transport).deregisterFromLoadBalancers(
            "i-1", classicLoadBalancers: [], targetGroups: [TargetGroupMembership(targetGroupArn: "arn:tg", port: 8080)],
            in: stubScope, token: stubToken)
        #expect(effect.requestIds == ["req-refused", "req-health"])
        #expect(effect.outputs["alreadyDeregistered"] == "arn:tg")
        let sent = try #require(await transport.forms().first)
        #expect(sent["Targets.member.1.Id"] == "i-1" && sent["Targets.member.1.Port"] == "8080")
    }

    // MARK: Finding the instance by address

    /// The three lookups of an IPv4 address (interfaces by private IP, instances by public IP, Elastic IPs), in
    /// order, each with its `RouteTableTransport.byAction` route.
    static func addressLookups(privateOwner: String?, publicOwner: String?) -> [(route: String, answer: Result<AWSHTTPResponse, AWSClientError>)] {
        let eni = privateOwner.map {
            "<item><networkInterfaceId>eni-x</networkInterfaceId><attachment><instanceId>\($0)</instanceId></attachment></item>"
        } ?? ""
        let instance = publicOwner.map { instanceXML($0, interfaces: []) } ?? "<reservationSet/>"
        return [
            ("DescribeNetworkInterfaces||addresses.private-ip-address",
             ec2Answer("DescribeNetworkInterfaces", "<networkInterfaceSet>\(eni)</networkInterfaceSet>", requestId: "req-eni")),
            ("DescribeInstances||ip-address", ec2Answer("DescribeInstances", instance, requestId: "req-public")),
            ("DescribeAddresses||public-ip", ec2Answer("DescribeAddresses", "<addressesSet/>", requestId: "req-eip")),
        ]
    }

    /// The describe of the found instance and its membership and protection lookups (none finding a membership),
    /// by `RouteTableTransport.byAction` route: the protection attributes are read concurrently.
    static func describedInstance(_ id: String) -> [String: Result<AWSHTTPResponse, AWSClientError>] {
        [
            "DescribeInstances||": ec2Answer("DescribeInstances", instanceXML(id, interfaces: [
                (id: "eni-2", vpc: "vpc-1", index: 1, groups: ["sg-app"], ip: "10.0.0.6"),
                (id: "eni-1", vpc: "vpc-1", index: 0, groups: ["sg-app"], ip: "10.0.0.5"),
            ], volumes: ["vol-1", "vol-2"]), requestId: "req-instance"),
            "DescribeAutoScalingInstances||": queryAnswer("DescribeAutoScalingInstances", "<AutoScalingInstances/>", requestId: "req-asg"),
            "DescribeLoadBalancers||": queryAnswer("DescribeLoadBalancers", "<LoadBalancerDescriptions/>", requestId: "req-elb"),
            "DescribeTargetGroups||": queryAnswer("DescribeTargetGroups", "<TargetGroups/>", requestId: "req-tg"),
            "DescribeInstanceAttribute|disableApiTermination|": ec2Answer(
                "DescribeInstanceAttribute", "<disableApiTermination><value>false</value></disableApiTermination>",
                requestId: "req-termination"),
            "DescribeInstanceAttribute|disableApiStop|": ec2Answer(
                "DescribeInstanceAttribute", "<disableApiStop><value>true</value></disableApiStop>", requestId: "req-stop"),
            "DescribeInstanceAttribute|instanceInitiatedShutdownBehavior|": ec2Answer(
                "DescribeInstanceAttribute",
                "<instanceInitiatedShutdownBehavior><value>terminate</value></instanceInitiatedShutdownBehavior>",
                requestId: "req-shutdown"),
        ]
    }

    @Test(arguments: [(privateOwner: "i-1" as String?, publicOwner: nil as String?), (privateOwner: nil, publicOwner: "i-1")])
    func instanceIsFoundByPrivateOrPublicAddress(privateOwner: String?, publicOwner: String?) async throws {
        let lookups = Dictionary(uniqueKeysWithValues: Self.addressLookups(privateOwner: privateOwner, publicOwner: publicOwner)
            .map { ($0.route, $0.answer) })
        let transport = try RouteTableTransport.byAction(lookups.merging(Self.describedInstance("i-1")) { $1 })
        let described = try await stubResponder(transport, configuration: Self.sequential)
            .describeInstance(.ipAddress("10.0.0.5"), in: stubScope)
        #expect(described.instanceId == "i-1")
        #expect(described.networkInterfaces.map(\.networkInterfaceId) == ["eni-1", "eni-2"])
        #expect(described.volumes.map(\.volumeId) == ["vol-1", "vol-2"])
        #expect(described.requestIds == ["req-eni", "req-public", "req-eip", "req-instance", "req-asg", "req-elb", "req-tg",
                                          "req-termination", "req-stop", "req-shutdown"])
        // The prior state a release restores.
        #expect(described.terminationProtection == false && described.stopProtection == true && described.shutdownBehavior == "terminate")
        let forms = await transport.forms()
        #expect(forms[0]["Filter.1.Name"] == "addresses.private-ip-address" && forms[0]["Filter.1.Value.1"] == "10.0.0.5")
        #expect(forms[1]["Filter.1.Name"] == "ip-address")
        #expect(forms[2]["Filter.1.Name"] == "public-ip")
        #expect(forms[3]["InstanceId.1"] == "i-1")
    }

    @Test func addressOfSeveralInstancesIsAConflictNotAGuess() async throws {
        let transport = ScriptedTransport(Self.addressLookups(privateOwner: "i-1", publicOwner: "i-2").map(\.answer))
        let error = await #expect(throws: DomainError.self) {
            try await stubResponder(transport, configuration: Self.sequential).describeInstance(.ipAddress("10.0.0.5"), in: stubScope)
        }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("i-1, i-2") == true)
    }

    @Test func anInstanceIdEC2DoesNotKnowIsNotFound() async throws {
        var answers = Self.describedInstance("i-404")
        answers["DescribeInstances||"] = ec2Error("InvalidInstanceID.NotFound")
        let transport = try RouteTableTransport.byAction(answers)
        let error = await #expect(throws: DomainError.self) {
            try await stubResponder(transport).describeInstance(.instanceId("i-404"), in: stubScope)
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("no instance i-404") == true)
    }

    @Test func addressOfNoInstanceIsNotFound() async throws {
        let transport = ScriptedTransport(Self.addressLookups(privateOwner: nil, publicOwner: nil).map(\.answer))
        let error = await #expect(throws: DomainError.self) {
            try await stubResponder(transport, configuration: Self.sequential).describeInstance(.ipAddress("10.9.9.9"), in: stubScope)
        }
        #expect(error?.code == .notFound)
    }

    // MARK: Isolation order

    static let groups = IsolationGroups(pairs: [IsolationGroups.Pair(vpcId: "vpc-1", quarantineGroupId: "sg-q", untrackingGroupId: "sg-u")])
    static let interfaces = ["eni-1", "eni-2", "eni-3"].enumerated().map { index, id in
        NetworkInterfaceState(networkInterfaceId: id, vpcId: "vpc-1", deviceIndex: index, securityGroupIds: ["sg-app"])
    }

    static func currentGroups(_ groups: [String: String]) -> Result<AWSHTTPResponse, AWSClientError> {
        let items = groups.sorted { $0.key < $1.key }.map { eni, group in
            "<item><networkInterfaceId>\(eni)</networkInterfaceId><groupSet><item><groupId>\(group)</groupId></item></groupSet></item>"
        }.joined()
        return ec2Answer("DescribeNetworkInterfaces", "<networkInterfaceSet>\(items)</networkInterfaceSet>", requestId: "req-now")
    }

    static let modified = ec2Answer("ModifyNetworkInterfaceAttribute", "<return>true</return>", requestId: "req-mod")

    @Test func everyInterfaceGoesUntrackedThenQuarantinedAndAnIsolatedOneIsLeftAlone() async throws {
        let transport = ScriptedTransport([Self.currentGroups(["eni-1": "sg-app", "eni-2": "sg-q", "eni-3": "sg-app"])]
                                          + Array(repeating: Self.modified, count: 4))
        let effect = try await stubResponder(transport, configuration: Self.sequential)
            .isolateNetworkInterfaces(Self.interfaces, groups: Self.groups, in: stubScope, token: stubToken)
        let moves = await transport.forms().dropFirst().map { "\($0["NetworkInterfaceId"] ?? "")>\($0["SecurityGroupId.1"] ?? "")" }
        #expect(moves == ["eni-1>sg-u", "eni-1>sg-q", "eni-3>sg-u", "eni-3>sg-q"])
        #expect(effect.outputs["alreadyIsolated"] == "eni-2")
        #expect(effect.requestIds.count == 5)
    }

    @Test func concurrentIsolationStillUntracksEachInterfaceBeforeQuarantine() async throws {
        let transport = ScriptedTransport([Self.currentGroups(["eni-1": "sg-app", "eni-2": "sg-app", "eni-3": "sg-app"])]
                                          + Array(repeating: Self.modified, count: 6))
        _ = try await stubResponder(transport).isolateNetworkInterfaces(Self.interfaces, groups: Self.groups, in: stubScope, token: stubToken)
        let moves = await transport.forms().dropFirst().map { ($0["NetworkInterfaceId"] ?? "", $0["SecurityGroupId.1"] ?? "") }
        for eni in ["eni-1", "eni-2", "eni-3"] {
            #expect(moves.filter { $0.0 == eni }.map(\.1) == ["sg-u", "sg-q"], "\(eni)")
        }
    }

    @Test func interfaceInAVpcWithoutGroupsIsRefusedBeforeAnyCall() async throws {
        let transport = ScriptedTransport([])
        let stray = NetworkInterfaceState(networkInterfaceId: "eni-9", vpcId: "vpc-9", deviceIndex: 0, securityGroupIds: [])
        let error = await #expect(throws: DomainError.self) {
            try await stubResponder(transport).isolateNetworkInterfaces([stray], groups: Self.groups, in: stubScope, token: stubToken)
        }
        #expect(error?.code == .conflict)
        #expect(await transport.requests.isEmpty)
    }

    // MARK: Isolation groups

    /// A DescribeSecurityGroups item of vpc-1 tagged with this role and these rules (IPv4 or IPv6 all-traffic ranges).
    static func groupXML(_ id: String, role: String, ingress: [String] = [], egress: [String] = []) -> String {
        func rules(_ cidrs: [String]) -> String {
            cidrs.map { cidr in
                let range = cidr.contains(":") ? "<ipv6Ranges><item><cidrIpv6>\(cidr)</cidrIpv6></item></ipv6Ranges>"
                    : "<ipRanges><item><cidrIp>\(cidr)</cidrIp></item></ipRanges>"
                return "<item><ipProtocol>-1</ipProtocol>\(range)</item>"
            }.joined()
        }
        return "<item><groupId>\(id)</groupId><groupName>cordon-\(role)-vpc-1</groupName><vpcId>vpc-1</vpcId>"
            + "<ipPermissions>\(rules(ingress))</ipPermissions><ipPermissionsEgress>\(rules(egress))</ipPermissionsEgress>"
            + "<tagSet><item><key>cordon:role</key><value>\(role)</value></item></tagSet></item>"
    }

    static func groups(_ items: String...) -> Result<AWSHTTPResponse, AWSClientError> {
        ec2Answer("DescribeSecurityGroups", "<securityGroupInfo>\(items.joined())</securityGroupInfo>", requestId: "req-groups")
    }

    static func acknowledged(_ action: String) -> Result<AWSHTTPResponse, AWSClientError> {
        ec2Answer(action, "<return>true</return>", requestId: "req-\(action)")
    }

    @Test func existingGroupsOfBothRolesCostOneLookup() async throws {
        let transport = ScriptedTransport([Self.groups(
            Self.groupXML("sg-u", role: "untracking", ingress: ["0.0.0.0/0", "::/0"], egress: ["0.0.0.0/0", "::/0"]),
            Self.groupXML("sg-q", role: "quarantine"))])
        let groups = try await stubResponder(transport).ensureIsolationGroups(vpcIds: ["vpc-1"], in: stubScope, token: stubToken)
        #expect(groups.pairs == [IsolationGroups.Pair(vpcId: "vpc-1", quarantineGroupId: "sg-q", untrackingGroupId: "sg-u")])
        #expect(groups.effect.createdResourceIds.isEmpty)
        let forms = await transport.forms()
        #expect(forms.count == 1)
        #expect(forms.first?["Filter.1.Name"] == "vpc-id" && forms.first?["Filter.1.Value.1"] == "vpc-1")
        #expect(forms.first?["Filter.2.Name"] == "tag:cordon:role")
        #expect(forms.first?["Filter.2.Value.1"] == "quarantine" && forms.first?["Filter.2.Value.2"] == "untracking")
    }

    @Test func freshGroupsGetTheirRulesWithoutADescribe() async throws {
        let transport = ScriptedTransport([
            Self.groups(),
            ec2Answer("CreateSecurityGroup", "<groupId>sg-q</groupId>", requestId: "req-create-q"),
            Self.acknowledged("RevokeSecurityGroupEgress"),
            // No IPv6 in the VPC, so no ::/0 default egress rule (VPC User Guide, "Security group rules").
            ec2Error("InvalidPermission.NotFound"),
            ec2Answer("CreateSecurityGroup", "<groupId>sg-u</groupId>", requestId: "req-create-u"),
            Self.acknowledged("AuthorizeSecurityGroupIngress"),
            // The ::/0 default egress rule of a new group in a VPC with IPv6 (VPC User Guide, "Security group rules").
            ec2Error("InvalidPermission.Duplicate"),
        ])
        let groups = try await stubResponder(transport, configuration: Self.sequential)
            .ensureIsolationGroups(vpcIds: ["vpc-1"], in: stubScope, token: stubToken)
        #expect(groups.pairs == [IsolationGroups.Pair(vpcId: "vpc-1", quarantineGroupId: "sg-q", untrackingGroupId: "sg-u")])
        #expect(groups.effect.createdResourceIds == ["sg-q", "sg-u"])
        #expect(groups.effect.requestIds.contains("req-create-u") && groups.effect.requestIds.contains("err-InvalidPermission.Duplicate"))
        let forms = await transport.forms()
        #expect(groups.effect.requestIds.contains("err-InvalidPermission.NotFound"))
        #expect(forms.map { $0["Action"] ?? "" } == [
            "DescribeSecurityGroups", "CreateSecurityGroup", "RevokeSecurityGroupEgress", "RevokeSecurityGroupEgress",
            "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
        ])
        // The fresh quarantine group loses both default egress rules without a describe first.
        #expect(forms[2]["GroupId"] == "sg-q" && forms[2]["IpPermissions.1.IpRanges.1.CidrIp"] == "0.0.0.0/0")
        #expect(forms[3]["GroupId"] == "sg-q" && forms[3]["IpPermissions.1.Ipv6Ranges.1.CidrIpv6"] == "::/0")
        // The fresh untracking group gets both inbound ranges in one rule and ::/0 out (0.0.0.0/0 out is EC2's default).
        let untrackingRules = forms.suffix(2).map { [$0["GroupId"], $0["IpPermissions.1.IpRanges.1.CidrIp"],
                                                      $0["IpPermissions.1.Ipv6Ranges.1.CidrIpv6"]].map { $0 ?? "-" }.joined(separator: " ") }
        #expect(untrackingRules == ["sg-u 0.0.0.0/0 ::/0", "sg-u - ::/0"])
    }

    // MARK: Forensic volumes

    @Test func forensicVolumesAskTheSubnetsZoneAlongsideEarlierVolumes() async throws {
        let transport = ScriptedTransport([
            ec2Answer("DescribeSubnets", """
                <subnetSet><item><subnetId>subnet-f</subnetId><availabilityZone>eu-west-1c</availabilityZone></item></subnetSet>
                """, requestId: "req-subnet"),
            ec2Answer("DescribeVolumes", "<volumeSet/>", requestId: "req-earlier"),
            ec2Answer("CreateVolume", "<volumeId>vol-f</volumeId><availabilityZone>eu-west-1c</availabilityZone>",
                      requestId: "req-create"),
        ])
        let effect = try await stubResponder(transport, configuration: Self.sequential).createVolumes(
            fromSnapshots: ["snap-1"], inZoneOfSubnet: "subnet-f", tags: [:], in: stubScope, token: stubToken)
        #expect(effect.createdResourceIds == ["vol-f"])
        #expect(effect.outputs == ["availabilityZone": "eu-west-1c", "snap-1": "vol-f"])
        #expect(effect.requestIds == ["req-subnet", "req-earlier", "req-create"])
        let forms = await transport.forms()
        #expect(forms.map { $0["Action"] ?? "" } == ["DescribeSubnets", "DescribeVolumes", "CreateVolume"])
        #expect(forms[2]["AvailabilityZone"] == "eu-west-1c" && forms[2]["SnapshotId"] == "snap-1")
    }

    @Test func forensicVolumesAreNotCreatedWithoutTheSubnetsZone() async throws {
        let transport = ScriptedTransport([
            ec2Answer("DescribeSubnets", "<subnetSet/>", requestId: "req-none"),
            ec2Answer("DescribeVolumes", "<volumeSet/>", requestId: "req-earlier"),
        ])
        let error = await #expect(throws: DomainError.self) {
            try await stubResponder(transport, configuration: Self.sequential).createVolumes(
                fromSnapshots: ["snap-1"], inZoneOfSubnet: "subnet-f", tags: [:], in: stubScope, token: stubToken)
        }
        #expect(error?.code == .cloudFailure)
        #expect(await transport.actions() == ["DescribeSubnets", "DescribeVolumes"])
    }

    static let attachments = [VolumeAttachment(volumeId: "vol-1", device: "/dev/sdf"), VolumeAttachment(volumeId: "vol-2", device: "/dev/sdg")]

    @Test func readyVolumesAreAttachedWithoutAPollFirst() async throws {
        let transport = ScriptedTransport(Self.attachments.enumerated().map { index, attachment in
            ec2Answer("AttachVolume", "<volumeId>\(attachment.volumeId)</volumeId><instanceId>i-w</instanceId>"
                      + "<device>\(attachment.device)</device><status>attaching</status>", requestId: "req-a\(index + 1)")
        })
        let effect = try await stubResponder(transport, configuration: Self.sequential)
            .attachVolumes(Self.attachments, to: "i-w", in: stubScope, token: stubToken)
        #expect(effect.requestIds == ["req-a1", "req-a2"])
        let forms = await transport.forms()
        #expect(forms.map { "\($0["Action"] ?? "") \($0["VolumeId"] ?? "")>\($0["InstanceId"] ?? "")@\($0["Device"] ?? "")" } == [
            "AttachVolume vol-1>i-w@/dev/sdf", "AttachVolume vol-2>i-w@/dev/sdg",
        ])
    }

    @Test(arguments: [(attachedTo: "i-w", succeeds: true), (attachedTo: "i-other", succeeds: false)])
    func volumeInUseCountsAsDoneOnlyOnTheWorkstation(attachedTo: String, succeeds: Bool) async throws {
        let transport = ScriptedTransport([
            ec2Error("VolumeInUse"),
            ec2Answer("DescribeVolumes", """
                <volumeSet><item><volumeId>vol-1</volumeId><status>in-use</status><availabilityZone>eu-west-1a</availabilityZone>\
                <attachmentSet><item><volumeId>vol-1</volumeId><instanceId>\(attachedTo)</instanceId><device>/dev/sdf</device>\
                <status>attached</status></item></attachmentSet></item></volumeSet>
                """, requestId: "req-vol"),
        ])
        let responder = stubResponder(transport, configuration: Self.sequential)
        do {
            let effect = try await responder.attachVolumes(Array(Self.attachments.prefix(1)), to: "i-w", in: stubScope, token: stubToken)
            #expect(succeeds)
            #expect(effect.requestIds == ["err-VolumeInUse"])
        } catch let error as DomainError {
            #expect(!succeeds, "\(error)")
        }
        #expect(await transport.actions() == ["AttachVolume", "DescribeVolumes"])
    }

    // MARK: Lookups before creates

    @Test func snapshotsAnEarlierCallMadeAreFoundNotMadeAgain() async throws {
        let volumes = [VolumeState(volumeId: "vol-1", deviceName: "/dev/xvda"), VolumeState(volumeId: "vol-2", deviceName: "/dev/xvdb")]
        let firstToken = AWSCloudResponder.itemToken(stubToken, "vol-1")
        let transport = ScriptedTransport([
            ec2Answer("DescribeSnapshots", """
                <snapshotSet><item><snapshotId>snap-1</snapshotId><volumeId>vol-1</volumeId><status>completed</status>\
                <tagSet><item><key>cordon:token</key><value>\(firstToken)</value></item></tagSet></item></snapshotSet>
                """, requestId: "req-found"),
            ec2Answer("CreateSnapshot", "<snapshotId>snap-2</snapshotId><volumeId>vol-2</volumeId><status>pending</status>",
                      requestId: "req-created"),
        ])
        let effect = try await stubResponder(transport, configuration: Self.sequential).snapshotVolumes(
            volumes, of: "i-1", description: "alice-2026-11-29-IR-1", tags: ["cordon:incident": "inc-1"], in: stubScope, token: stubToken)
        #expect(effect.createdResourceIds == ["snap-1", "snap-2"])
        #expect(effect.outputs == ["vol-1": "snap-1", "vol-2": "snap-2"])
        #expect(effect.requestIds == ["req-found", "req-created"])
        let forms = await transport.forms()
        #expect(forms[0]["Filter.1.Name"] == "tag:cordon:token")
        #expect(forms[0]["Filter.1.Value.2"] == AWSCloudResponder.itemToken(stubToken, "vol-2"))
        #expect(forms[1]["VolumeId"] == "vol-2" && forms[1]["Description"] == "alice-2026-11-29-IR-1")
        let tags = Set((1...2).map { "\(forms[1]["TagSpecification.1.Tag.\($0).Key"] ?? "")=\(forms[1]["TagSpecification.1.Tag.\($0).Value"] ?? "")" })
        #expect(tags == ["cordon:incident=inc-1", "cordon:token=\(AWSCloudResponder.itemToken(stubToken, "vol-2"))"])
    }

    @Test func itemTokensFitClientTokenAndDifferPerItem() {
        let long = IdempotencyToken(incidentId: String(repeating: "x", count: 50), step: .createForensicVolumes)
        for token in [stubToken, long] {
            let a = AWSCloudResponder.itemToken(token, "snap-0123456789abcdef0")
            let b = AWSCloudResponder.itemToken(token, "snap-0123456789abcdef1")
            #expect(a.utf8.count <= 64 && b.utf8.count <= 64)
            #expect(a != b)
            #expect(a == AWSCloudResponder.itemToken(token, "snap-0123456789abcdef0"))
        }
    }

    // MARK: Accounts

    @Test func anotherAccountIsReachedThroughTheConfiguredRoleAssumedOnce() async throws {
        let assumed = queryAnswer("AssumeRole", """
            <Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>\
            <SessionToken>session</SessionToken><Expiration>2026-11-29T13:00:00Z</Expiration></Credentials>
            """, requestId: "req-sts")
        let tagged = ec2Answer("CreateTags", "<return>true</return>", requestId: "req-tags")
        let transport = ScriptedTransport([assumed, tagged, tagged])
        let responder = stubResponder(transport, configuration: .init(crossAccountRoleName: "CordonResponder"))
        let scope = CloudScope(region: "eu-west-1", account: "444455556666")
        _ = try await responder.tagInstance("i-1", tags: ["a": "b"], in: scope, token: stubToken)
        _ = try await responder.tagInstance("i-1", tags: ["a": "b"], in: scope, token: stubToken)
        let requests = await transport.requests
        #expect(requests.map { formFields($0)["Action"] } == ["AssumeRole", "CreateTags", "CreateTags"])
        #expect(formFields(requests[0])["RoleArn"] == "arn:aws:iam::444455556666:role/CordonResponder")
        #expect(formFields(requests[0])["RoleSessionName"] == "cordon-responder")
        #expect(requests[0].header("Authorization")?.contains("Credential=AKIDEXAMPLE/") == true)
        #expect(requests[1].header("Authorization")?.contains("Credential=ASIAASSUMED/") == true)
        #expect(requests[1].header("X-Amz-Security-Token") == "session")
    }

    @Test func withoutARoleEveryAccountUsesTheDefaultCredentials() async throws {
        let transport = ScriptedTransport([ec2Answer("CreateTags", "<return>true</return>", requestId: "req-tags")])
        _ = try await stubResponder(transport).tagInstance("i-1", tags: ["a": "b"], in: CloudScope(region: "eu-west-1", account: "444455556666"),
                                                           token: stubToken)
        #expect(await transport.requests.first?.header("Authorization")?.contains("Credential=AKIDEXAMPLE/") == true)
    }

    @Test(arguments: [("eu-west-1", "arn:aws:iam::1:role/R"), ("cn-north-1", "arn:aws-cn:iam::1:role/R"),
                      ("us-gov-west-1", "arn:aws-us-gov:iam::1:role/R")])
    func roleArnFollowsThePartition(region: String, arn: String) {
        #expect(AWSCloudResponder.Configuration(crossAccountRoleName: "R").roleArn(inAccount: "1", region: region) == arn)
        #expect(AWSCloudResponder.Configuration().roleArn(inAccount: "1", region: region) == nil)
    }

    // MARK: Access keys

    @Test func accessKeyOwnerComesFromItsLastUse() async throws {
        let transport = ScriptedTransport([
            queryAnswer("GetAccessKeyLastUsed", """
                <UserName>ci-deployer</UserName><AccessKeyLastUsed><LastUsedDate>2026-11-28T10:00:00Z</LastUsedDate>\
                <ServiceName>s3</ServiceName><Region>eu-west-1</Region></AccessKeyLastUsed>
                """, requestId: "req-last"),
            queryAnswer("ListAccessKeys", """
                <AccessKeyMetadata><member><UserName>ci-deployer</UserName><AccessKeyId>AKIAOTHER</AccessKeyId>\
                <Status>Active</Status></member><member><UserName>ci-deployer</UserName><AccessKeyId>AKIAEXPOSED</AccessKeyId>\
                <Status>Inactive</Status><CreateDate>2026-01-01T00:00:00Z</CreateDate></member></AccessKeyMetadata>\
                <IsTruncated>false</IsTruncated>
                """, requestId: "req-list"),
        ])
        let key = try await stubResponder(transport).describeAccessKey("AKIAEXPOSED", in: stubScope)
        #expect(key == AccessKeyDescription(
            accessKeyId: "AKIAEXPOSED", userName: "ci-deployer", status: "Inactive",
            createdAt: ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z"),
            lastUsedAt: ISO8601DateFormatter().date(from: "2026-11-28T10:00:00Z"), lastUsedService: "s3",
            lastUsedRegion: "eu-west-1", requestIds: ["req-last", "req-list"]))
        #expect(await transport.forms()[1]["UserName"] == "ci-deployer")
    }

    @Test func revocationPolicyDeniesEverythingToOlderSessions() throws {
        let document = AWSCloudResponder.revocationPolicy(issuedBefore: fixedNow)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let statement = try #require((json["Statement"] as? [[String: Any]])?.first)
        #expect(json["Version"] as? String == "2012-10-17")
        #expect(statement["Effect"] as? String == "Deny")
        #expect(statement["Action"] as? [String] == ["*"])
        #expect(statement["Resource"] as? [String] == ["*"])
        let condition = statement["Condition"] as? [String: [String: String]]
        #expect(condition == ["DateLessThan": ["aws:TokenIssueTime": "2026-11-29T12:00:00Z"]])
    }
}
