import Foundation
import Testing
@testable import AWSClient

@Suite struct QueryParametersTests {
    @Test(arguments: [
        ("abcXYZ019-_.~", "abcXYZ019-_.~"),
        ("a b", "a%20b"),
        ("a+b=c&d", "a%2Bb%3Dc%26d"),
        ("tag:cordon:token", "tag%3Acordon%3Atoken"),
        ("/*", "%2F%2A"),
        ("é", "%C3%A9"),
    ])
    func percentEncodesAllButUnreserved(raw: String, encoded: String) {
        #expect(QueryParameters.percentEncode(raw) == encoded)
    }

    @Test func ec2ListsAndFiltersAreNumberedFromOne() {
        var parameters = QueryParameters()
        parameters.set(list: "InstanceId", ["i-1", "i-2"])
        parameters.set(filters: [
            EC2Filter(name: "ip-address", values: ["203.0.113.7"]),
            EC2Filter(name: "instance-state-name", values: ["running", "stopped"]),
        ])
        #expect(parameters.values == [
            "InstanceId.1": "i-1", "InstanceId.2": "i-2",
            "Filter.1.Name": "ip-address", "Filter.1.Value.1": "203.0.113.7",
            "Filter.2.Name": "instance-state-name", "Filter.2.Value.1": "running", "Filter.2.Value.2": "stopped",
        ])
    }

    @Test func queryProtocolListsUseMember() {
        var parameters = QueryParameters()
        parameters.set(list: "Instances.member", ["i-1", "i-2"]) { parameters, id, prefix in
            parameters.set("\(prefix).InstanceId", id)
        }
        #expect(parameters.values == ["Instances.member.1.InstanceId": "i-1", "Instances.member.2.InstanceId": "i-2"])
    }

    @Test func tagSpecificationNamesTheResourceType() {
        var parameters = QueryParameters()
        parameters.set(tagSpecification: [AWSTag(key: "cordon:token", value: "t-1")], resourceType: "snapshot")
        #expect(parameters.values == [
            "TagSpecification.1.ResourceType": "snapshot",
            "TagSpecification.1.Tag.1.Key": "cordon:token", "TagSpecification.1.Tag.1.Value": "t-1",
        ])
    }

    @Test func nilValuesAreLeftOutAndBooleansAreXSD() {
        var parameters = QueryParameters()
        parameters.set("A", nil as String?)
        parameters.set("B", true)
        parameters.set("C", 5)
        #expect(parameters.values == ["B": "true", "C": "5"])
    }

    @Test func formBodyIsSortedAndCarriesActionAndVersion() {
        var parameters = QueryParameters()
        parameters.set("Description", "alice-2026-11-29 INC 1")
        parameters.set("VolumeId", "vol-1")
        #expect(parameters.formBody(action: "CreateSnapshot", version: "2016-11-15")
            == "Action=CreateSnapshot&Description=alice-2026-11-29%20INC%201&Version=2016-11-15&VolumeId=vol-1")
    }

    @Test func modifyInstanceAttributeUsesTheBooleanValueForm() {
        #expect(EC2InstanceAttributeChange.disableApiTermination(true).parameters.values == ["DisableApiTermination.Value": "true"])
        #expect(EC2InstanceAttributeChange.deleteOnTermination(deviceName: "/dev/xvda", false).parameters.values
            == ["BlockDeviceMapping.1.DeviceName": "/dev/xvda", "BlockDeviceMapping.1.Ebs.DeleteOnTermination": "false"])
        #expect(EC2InstanceAttributeChange.groups(["sg-1", "sg-2"]).parameters.values == ["GroupId.1": "sg-1", "GroupId.2": "sg-2"])
        // The shutdown behaviour goes as the Attribute/Value pair, the one form moto applies.
        #expect(EC2InstanceAttributeChange.instanceInitiatedShutdownBehavior("stop").parameters.values
            == ["Attribute": "instanceInitiatedShutdownBehavior", "Value": "stop"])
    }

    @Test func ipPermissionsEncodeRangesAndGroups() {
        var parameters = QueryParameters()
        EC2IpPermission.encode([EC2IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: ["10.0.0.0/8"],
                                                ipv6Ranges: ["::/0"], groupIds: ["sg-forensic"])], into: &parameters)
        #expect(parameters.values == [
            "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22",
            "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/8", "IpPermissions.1.Ipv6Ranges.1.CidrIpv6": "::/0",
            "IpPermissions.1.Groups.1.GroupId": "sg-forensic",
        ])
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("a%20b", "a b"),
        ("%C3%A9t%c3%a9", "été"),
        ("100%25", "100%"),
        ("%", nil),
        ("%2", nil),
        ("%zz", nil),
        ("%FF", nil),
    ] as [(String, String?)])
    func percentDecodingRefusesMalformedEscapesAndInvalidUTF8(text: String, decoded: String?) {
        #expect(QueryParameters.percentDecode(text) == decoded)
    }
}
