import Foundation
import Testing
@testable import AWSClient
import MotoSupport

/// Forwards to moto but loses the answer of the first call of one action, as a dropped connection would
/// after AWS performed the call.
actor AnswerLosingTransport: AWSHTTPTransport {
    let inner: any AWSHTTPTransport
    let action: String
    private var lost = false

    init(_ inner: any AWSHTTPTransport, losingFirst action: String) {
        self.inner = inner
        self.action = action
    }

    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        let response = try await inner.send(request, timeout: timeout)
        if !lost, formFields(request)["Action"] == action {
            lost = true
            throw AWSClientError(kind: .transport, code: AWSClientError.connectionFailedCode, message: "answer lost on purpose")
        }
        return response
    }
}

/// The EC2 actions against moto_server, each effect confirmed by a describe call.
@Suite(.enabled(if: MotoServer.enabled, "moto_server is not installed (pip install 'moto[server]'); CI=true makes this a failure"))
struct MotoEC2Tests {
    /// Launches one instance from moto's first AMI in the default VPC.
    static func launch(_ ec2: EC2Client, token: String) async throws -> EC2Instance {
        let images = try await ec2.client.send(rawAction(.ec2, "DescribeImages", ["Owner.1": "amazon"]))
        let imageId = try #require(images.list("imagesSet").first?.string("imageId"))
        let launched = try await ec2.runInstances(imageId: imageId, instanceType: "t3.micro",
                                                  tags: [AWSTag(key: "Name", value: "suspect")], token: token)
        return try #require(launched.items.first)
    }

    @Test func containmentActionsTakeEffect() async throws {
        let ec2 = EC2Client(client: motoClient(try await MotoServer.open.url()))
        let token = "run-\(UUID().uuidString)"
        let launched = try await Self.launch(ec2, token: token)
        let vpcId = try #require(launched.vpcId)

        // Found by ID, by private IP, and by the launch token tag.
        let byId = try #require(try await ec2.describeInstances(instanceIds: [launched.instanceId]).items.first)
        #expect(byId.state == "running")
        #expect(byId.tags.contains(AWSTag(key: EC2Client.tokenTagKey, value: token)))
        let eni = try #require(byId.networkInterfaces.first)
        let volumeId = try #require(byId.blockDevices.first?.volumeId)
        let privateIp = try #require(byId.privateIpAddress)
        let byIp = try await ec2.describeInstances(filters: [EC2Filter(name: "private-ip-address", values: [privateIp])])
        #expect(byIp.items.map(\.instanceId) == [launched.instanceId])

        // Termination protection, in the boolean form moto enforces.
        _ = try await ec2.modifyInstanceAttribute(instanceId: launched.instanceId, .disableApiTermination(true))
        let attribute = try await ec2.client.send(rawAction(.ec2, "DescribeInstanceAttribute",
                                                            ["InstanceId": launched.instanceId, "Attribute": "disableApiTermination"]))
        #expect(attribute.string("disableApiTermination", "value") == "true")

        // A quarantine group: tagged at creation, egress revoked, forensic ingress allowed.
        let quarantine = try await ec2.createSecurityGroup(groupName: "q-\(token)", description: "Cordon quarantine", vpcId: vpcId,
                                                           tags: [AWSTag(key: "cordon:managed", value: "true")])
        let forensic = try await ec2.createSecurityGroup(groupName: "f-\(token)", description: "forensics", vpcId: vpcId)
        _ = try await ec2.revokeSecurityGroupEgress(groupId: quarantine.id, permissions: [EC2IpPermission(ipProtocol: "-1", ipv4Ranges: ["0.0.0.0/0"])])
        _ = try await ec2.authorizeSecurityGroupIngress(groupId: quarantine.id, permissions: [
            EC2IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, groupIds: [forensic.id]),
        ])
        let group = try #require(try await ec2.describeSecurityGroups(groupIds: [quarantine.id]).items.first)
        #expect(group.egress.isEmpty)
        #expect(group.ingress.map(\.groupIds) == [[forensic.id]])
        #expect(group.tags.contains(AWSTag(key: "cordon:managed", value: "true")))

        // Every ENI moved to the quarantine group.
        _ = try await ec2.modifyNetworkInterfaceAttribute(networkInterfaceId: eni.networkInterfaceId, groupIds: [quarantine.id])
        let moved = try await ec2.describeNetworkInterfaces(networkInterfaceIds: [eni.networkInterfaceId])
        #expect(moved.items.first?.groups.map(\.groupId) == [quarantine.id])

        // Evidence: snapshot, volume from it, attached to the instance; then the quarantine tag.
        let snapshot = try await ec2.createSnapshot(volumeId: volumeId, description: "alice-2026-11-29-INC-1", token: "snap-\(token)")
        let found = try await ec2.describeSnapshots(filters: [EC2Filter(name: "tag:\(EC2Client.tokenTagKey)", values: ["snap-\(token)"])])
        #expect(found.items.map(\.snapshotId) == [snapshot.snapshotId])
        let all = try await ec2.createSnapshots(instanceId: launched.instanceId, description: "all volumes", token: "snaps-\(token)")
        #expect(all.items.map(\.volumeId) == [volumeId])
        let volume = try await ec2.createVolume(availabilityZone: try #require(byId.availabilityZone), snapshotId: snapshot.snapshotId,
                                                token: "vol-\(token)")
        _ = try await ec2.attachVolume(volumeId: volume.volumeId, instanceId: launched.instanceId, device: "/dev/sdg")
        let attached = try await ec2.describeVolumes(volumeIds: [volume.volumeId])
        #expect(attached.items.first?.snapshotId == snapshot.snapshotId)
        #expect(attached.items.first?.attachments.map(\.instanceId) == [launched.instanceId])
        _ = try await ec2.createTags(resourceIds: [launched.instanceId], tags: [AWSTag(key: "Environment", value: "Quarantine:INC-1")])
        let tagged = try await ec2.describeInstances(filters: [EC2Filter(name: "tag:Environment", values: ["Quarantine:INC-1"])])
        #expect(tagged.items.map(\.instanceId).contains(launched.instanceId))
    }

    @Test func addressesAndInstanceProfiles() async throws {
        let ec2 = EC2Client(client: motoClient(try await MotoServer.open.url()))
        let token = "addr-\(UUID().uuidString)"
        let instance = try await Self.launch(ec2, token: token)
        let allocation = try await ec2.client.send(rawAction(.ec2, "AllocateAddress", ["Domain": "vpc"]))
        let allocationId = try allocation.required("allocationId")
        _ = try await ec2.client.send(rawAction(.ec2, "AssociateAddress", ["AllocationId": allocationId, "InstanceId": instance.instanceId]))
        let address = try #require(try await ec2.describeAddresses(allocationIds: [allocationId]).items.first)
        #expect(address.instanceId == instance.instanceId)
        _ = try await ec2.disassociateAddress(associationId: try #require(address.associationId))
        #expect(try await ec2.describeAddresses(allocationIds: [allocationId]).items.first?.associationId == nil)

        let profileName = "web-\(token)"
        _ = try await ec2.client.send(rawAction(.iam, "CreateInstanceProfile", ["InstanceProfileName": profileName]))
        _ = try await ec2.client.send(rawAction(.ec2, "AssociateIamInstanceProfile",
                                                ["InstanceId": instance.instanceId, "IamInstanceProfile.Name": profileName]))
        let associations = try await ec2.describeIamInstanceProfileAssociations(
            filters: [EC2Filter(name: "instance-id", values: [instance.instanceId])])
        #expect(associations.items.map(\.instanceId) == [instance.instanceId])
        #expect(associations.items.first?.instanceProfileArn?.hasSuffix("instance-profile/\(profileName)") == true)
    }

    @Test func aLostCreateSnapshotAnswerLeavesOneSnapshot() async throws {
        let url = try await MotoServer.open.url()
        let ec2 = EC2Client(client: motoClient(url))
        let instance = try await Self.launch(ec2, token: "lost-\(UUID().uuidString)")
        let volumeId = try #require(instance.blockDevices.first?.volumeId)
        let losing = EC2Client(client: AWSClient(
            region: "us-east-1", credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing")),
            transport: AnswerLosingTransport(motoTransport, losingFirst: "CreateSnapshot"), endpointURL: url))
        let token = "snap-\(UUID().uuidString)"
        let snapshot = try await losing.createSnapshot(volumeId: volumeId, description: "evidence", token: token)
        let tagged = try await ec2.describeSnapshots(filters: [EC2Filter(name: "tag:\(EC2Client.tokenTagKey)", values: [token])])
        #expect(tagged.items.map(\.snapshotId) == [snapshot.snapshotId])
    }

    @Test func anUnknownInstanceIsAServiceErrorWithARequestId() async throws {
        let ec2 = EC2Client(client: motoClient(try await MotoServer.open.url()))
        await #expect {
            try await ec2.describeInstances(instanceIds: ["i-0000000000000dead"])
        } throws: { error in
            let error = error as? AWSClientError
            return error?.kind == .service && error?.code == "InvalidInstanceID.NotFound" && error?.requestId != nil
        }
    }
}
