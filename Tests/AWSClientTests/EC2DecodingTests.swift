import Foundation
import Testing
@testable import AWSClient

/// Decoding of recorded-shape EC2 answers (element names as in the EC2 API reference's response samples).
@Suite struct EC2DecodingTests {
    static let describeInstances = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
          <reservationSet>
            <item>
              <reservationId>r-1234567890abcdef0</reservationId>
              <ownerId>123456789012</ownerId>
              <groupSet/>
              <instancesSet>
                <item>
                  <instanceId>i-1234567890abcdef0</instanceId>
                  <imageId>ami-0abcdef1234567890</imageId>
                  <instanceState><code>16</code><name>running</name></instanceState>
                  <instanceType>t3.micro</instanceType>
                  <launchTime>2026-11-28T09:00:00.000Z</launchTime>
                  <placement><availabilityZone>eu-west-1a</availabilityZone><tenancy>default</tenancy></placement>
                  <subnetId>subnet-0a</subnetId>
                  <vpcId>vpc-0a</vpcId>
                  <privateIpAddress>10.0.1.10</privateIpAddress>
                  <ipAddress>203.0.113.7</ipAddress>
                  <groupSet>
                    <item><groupId>sg-web</groupId><groupName>web</groupName></item>
                  </groupSet>
                  <blockDeviceMapping>
                    <item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-root</volumeId><status>attached</status>
                      <attachTime>2026-11-28T09:00:01.000Z</attachTime><deleteOnTermination>true</deleteOnTermination></ebs></item>
                    <item><deviceName>/dev/sdf</deviceName><ebs><volumeId>vol-data</volumeId><status>attached</status>
                      <deleteOnTermination>false</deleteOnTermination></ebs></item>
                  </blockDeviceMapping>
                  <iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/web</arn><id>AIPAEXAMPLE</id></iamInstanceProfile>
                  <networkInterfaceSet>
                    <item>
                      <networkInterfaceId>eni-primary</networkInterfaceId>
                      <subnetId>subnet-0a</subnetId><vpcId>vpc-0a</vpcId><status>in-use</status>
                      <privateIpAddress>10.0.1.10</privateIpAddress>
                      <groupSet><item><groupId>sg-web</groupId><groupName>web</groupName></item></groupSet>
                      <attachment><attachmentId>eni-attach-1</attachmentId><deviceIndex>0</deviceIndex><status>attached</status></attachment>
                      <association><publicIp>203.0.113.7</publicIp><ipOwnerId>amazon</ipOwnerId></association>
                      <privateIpAddressesSet>
                        <item><privateIpAddress>10.0.1.10</privateIpAddress><primary>true</primary>
                          <association><publicIp>203.0.113.7</publicIp></association></item>
                        <item><privateIpAddress>10.0.1.11</privateIpAddress><primary>false</primary></item>
                      </privateIpAddressesSet>
                      <ipv6AddressesSet><item><ipv6Address>2001:db8::10</ipv6Address></item></ipv6AddressesSet>
                    </item>
                    <item>
                      <networkInterfaceId>eni-second</networkInterfaceId>
                      <subnetId>subnet-0b</subnetId><vpcId>vpc-0a</vpcId><status>in-use</status>
                      <privateIpAddress>10.0.2.20</privateIpAddress>
                      <groupSet><item><groupId>sg-db</groupId><groupName>db</groupName></item>
                        <item><groupId>sg-mgmt</groupId><groupName>mgmt</groupName></item></groupSet>
                      <attachment><attachmentId>eni-attach-2</attachmentId><deviceIndex>1</deviceIndex></attachment>
                      <privateIpAddressesSet><item><privateIpAddress>10.0.2.20</privateIpAddress><primary>true</primary></item></privateIpAddressesSet>
                      <ipv6AddressesSet/>
                    </item>
                  </networkInterfaceSet>
                  <tagSet><item><key>Name</key><value>web-1</value></item><item><key>team</key><value>shop</value></item></tagSet>
                </item>
              </instancesSet>
            </item>
          </reservationSet>
        </DescribeInstancesResponse>
        """

    @Test func describeInstancesDecodesEverythingContainmentNeeds() async throws {
        let transport = ScriptedTransport([ok(Self.describeInstances)])
        let list = try await EC2Client(client: stubClient(transport)).describeInstances(filters: [EC2Filter(name: "ip-address", values: ["203.0.113.7"])])
        #expect(list.requestIds == ["8f7724cf-496f-496e-8fe3-example"])
        let instance = try #require(list.items.first)
        #expect(instance.instanceId == "i-1234567890abcdef0")
        #expect(instance.reservationId == "r-1234567890abcdef0")
        #expect(instance.ownerId == "123456789012")
        #expect(instance.state == "running")
        #expect(instance.vpcId == "vpc-0a")
        #expect(instance.subnetId == "subnet-0a")
        #expect(instance.availabilityZone == "eu-west-1a")
        #expect(instance.publicIpAddress == "203.0.113.7")
        #expect(instance.securityGroups == [EC2GroupIdentifier(groupId: "sg-web", groupName: "web")])
        #expect(instance.iamInstanceProfileArn == "arn:aws:iam::123456789012:instance-profile/web")
        #expect(instance.tags == [AWSTag(key: "Name", value: "web-1"), AWSTag(key: "team", value: "shop")])
        #expect(instance.blockDevices == [
            EC2Instance.BlockDevice(deviceName: "/dev/xvda", volumeId: "vol-root", deleteOnTermination: true, status: "attached"),
            EC2Instance.BlockDevice(deviceName: "/dev/sdf", volumeId: "vol-data", deleteOnTermination: false, status: "attached"),
        ])
        #expect(instance.networkInterfaces == [
            EC2NetworkInterface(networkInterfaceId: "eni-primary", subnetId: "subnet-0a", vpcId: "vpc-0a",
                                groups: [EC2GroupIdentifier(groupId: "sg-web", groupName: "web")],
                                privateIpAddresses: ["10.0.1.10", "10.0.1.11"], publicIpAddresses: ["203.0.113.7"],
                                ipv6Addresses: ["2001:db8::10"], attachmentId: "eni-attach-1", deviceIndex: 0, status: "in-use"),
            EC2NetworkInterface(networkInterfaceId: "eni-second", subnetId: "subnet-0b", vpcId: "vpc-0a",
                                groups: [EC2GroupIdentifier(groupId: "sg-db", groupName: "db"), EC2GroupIdentifier(groupId: "sg-mgmt", groupName: "mgmt")],
                                privateIpAddresses: ["10.0.2.20"], attachmentId: "eni-attach-2", deviceIndex: 1, status: "in-use"),
        ])
        let form = try #require(await transport.forms().first)
        #expect(form["Filter.1.Name"] == "ip-address")
        #expect(form["Filter.1.Value.1"] == "203.0.113.7")
    }

    @Test func describeSecurityGroupsDecodesRules() async throws {
        let transport = ScriptedTransport([ok("""
            <DescribeSecurityGroupsResponse><requestId>r-sg</requestId><securityGroupInfo><item>
              <ownerId>123456789012</ownerId><groupId>sg-q</groupId><groupName>cordon-quarantine</groupName>
              <groupDescription>Cordon quarantine</groupDescription><vpcId>vpc-0a</vpcId>
              <ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort>
                <groups><item><userId>123456789012</userId><groupId>sg-forensic</groupId></item></groups>
                <ipRanges/><ipv6Ranges/></item></ipPermissions>
              <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/>
                <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>
                <ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges></item></ipPermissionsEgress>
              <tagSet><item><key>cordon:managed</key><value>true</value></item></tagSet>
            </item></securityGroupInfo></DescribeSecurityGroupsResponse>
            """)])
        let group = try #require(try await EC2Client(client: stubClient(transport)).describeSecurityGroups(groupIds: ["sg-q"]).items.first)
        #expect(group.groupName == "cordon-quarantine")
        #expect(group.vpcId == "vpc-0a")
        #expect(group.ingress == [EC2IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, groupIds: ["sg-forensic"])])
        #expect(group.egress == [EC2IpPermission(ipProtocol: "-1", ipv4Ranges: ["0.0.0.0/0"], ipv6Ranges: ["::/0"])])
        #expect(group.tags == [AWSTag(key: "cordon:managed", value: "true")])
    }

    @Test func describeVolumesAddressesInterfacesAndProfileAssociations() async throws {
        let transport = ScriptedTransport([
            ok("""
                <DescribeVolumesResponse><requestId>r-v</requestId><volumeSet><item><volumeId>vol-data</volumeId><size>80</size>
                <snapshotId/><availabilityZone>eu-west-1a</availabilityZone><status>in-use</status><volumeType>gp3</volumeType>
                <attachmentSet><item><volumeId>vol-data</volumeId><instanceId>i-1</instanceId><device>/dev/sdf</device>
                <status>attached</status><deleteOnTermination>false</deleteOnTermination></item></attachmentSet></item></volumeSet>
                </DescribeVolumesResponse>
                """),
            ok("""
                <DescribeAddressesResponse><requestId>r-a</requestId><addressesSet><item><publicIp>203.0.113.7</publicIp>
                <allocationId>eipalloc-1</allocationId><domain>vpc</domain><instanceId>i-1</instanceId>
                <associationId>eipassoc-1</associationId><networkInterfaceId>eni-primary</networkInterfaceId>
                <privateIpAddress>10.0.1.10</privateIpAddress></item></addressesSet></DescribeAddressesResponse>
                """),
            ok("""
                <DescribeNetworkInterfacesResponse><requestId>r-n</requestId><networkInterfaceSet><item>
                <networkInterfaceId>eni-second</networkInterfaceId><subnetId>subnet-0b</subnetId><vpcId>vpc-0a</vpcId>
                <status>in-use</status><privateIpAddress>10.0.2.20</privateIpAddress>
                <groupSet><item><groupId>sg-db</groupId><groupName>db</groupName></item></groupSet>
                <attachment><attachmentId>eni-attach-2</attachmentId><instanceId>i-1</instanceId><deviceIndex>1</deviceIndex></attachment>
                <ipv6AddressesSet><item><ipv6Address>2001:db8::20</ipv6Address></item></ipv6AddressesSet>
                </item></networkInterfaceSet></DescribeNetworkInterfacesResponse>
                """),
            ok("""
                <DescribeIamInstanceProfileAssociationsResponse><requestId>r-p</requestId><iamInstanceProfileAssociationSet><item>
                <associationId>iip-assoc-1</associationId><instanceId>i-1</instanceId>
                <iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/web</arn><id>AIPA</id></iamInstanceProfile>
                <state>associated</state></item></iamInstanceProfileAssociationSet></DescribeIamInstanceProfileAssociationsResponse>
                """),
        ])
        let ec2 = EC2Client(client: stubClient(transport))
        let volume = try #require(try await ec2.describeVolumes(filters: [EC2Filter(name: "attachment.instance-id", values: ["i-1"])]).items.first)
        #expect(volume.size == 80)
        #expect(volume.snapshotId == nil)
        #expect(volume.attachments == [EC2Volume.Attachment(instanceId: "i-1", device: "/dev/sdf", state: "attached", deleteOnTermination: false)])
        let address = try #require(try await ec2.describeAddresses(filters: [EC2Filter(name: "instance-id", values: ["i-1"])]).items.first)
        #expect(address.associationId == "eipassoc-1")
        #expect(address.networkInterfaceId == "eni-primary")
        let eni = try #require(try await ec2.describeNetworkInterfaces(networkInterfaceIds: ["eni-second"]).items.first)
        #expect(eni.instanceId == "i-1")
        #expect(eni.privateIpAddresses == ["10.0.2.20"])
        #expect(eni.ipv6Addresses == ["2001:db8::20"])
        let association = try #require(try await ec2.describeIamInstanceProfileAssociations(
            filters: [EC2Filter(name: "instance-id", values: ["i-1"])]).items.first)
        #expect(association.associationId == "iip-assoc-1")
        #expect(association.instanceProfileArn == "arn:aws:iam::123456789012:instance-profile/web")
        #expect(await transport.actions() == ["DescribeVolumes", "DescribeAddresses", "DescribeNetworkInterfaces",
                                              "DescribeIamInstanceProfileAssociations"])
    }

    @Test func createSnapshotsDecodesEverySnapshot() async throws {
        let transport = ScriptedTransport([ok("""
            <CreateSnapshotsResponse><requestId>r-cs</requestId><snapshotSet>
            <item><snapshotId>snap-a</snapshotId><volumeId>vol-root</volumeId><state>pending</state><progress></progress></item>
            <item><snapshotId>snap-b</snapshotId><volumeId>vol-data</volumeId><state>pending</state></item>
            </snapshotSet></CreateSnapshotsResponse>
            """)])
        let list = try await EC2Client(client: stubClient(transport)).createSnapshots(instanceId: "i-1", description: "d", token: "t")
        #expect(list.items.map(\.snapshotId) == ["snap-a", "snap-b"])
        #expect(list.items.map(\.state) == ["pending", "pending"])
        #expect(list.requestIds == ["r-cs"])
        #expect(await transport.forms().first?["InstanceSpecification.InstanceId"] == "i-1")
    }

    @Test func describeSubnetsDecodesTheSubnetsZone() async throws {
        let transport = ScriptedTransport([ok("""
            <DescribeSubnetsResponse><requestId>r-sn</requestId><subnetSet>
            <item><subnetId>subnet-forensic</subnetId><state>available</state><vpcId>vpc-1</vpcId>\
            <availabilityZone>eu-west-1c</availabilityZone><availabilityZoneId>euw1-az3</availabilityZoneId></item>
            </subnetSet></DescribeSubnetsResponse>
            """)])
        let list = try await EC2Client(client: stubClient(transport)).describeSubnets(subnetIds: ["subnet-forensic"])
        #expect(list.items == [EC2Subnet(subnetId: "subnet-forensic", vpcId: "vpc-1", availabilityZone: "eu-west-1c")])
        #expect(list.requestIds == ["r-sn"])
        #expect(await transport.forms().first?["SubnetId.1"] == "subnet-forensic")
    }

    @Test func anAcknowledgementThatSaysFalseIsAnError() async throws {
        let transport = ScriptedTransport([ok("<DisassociateAddressResponse><requestId>r</requestId><return>false</return></DisassociateAddressResponse>")])
        await #expect(throws: AWSClientError.self) {
            try await EC2Client(client: stubClient(transport)).disassociateAddress(associationId: "eipassoc-1")
        }
    }
}
