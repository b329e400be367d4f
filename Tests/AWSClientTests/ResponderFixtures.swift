import Foundation
import Testing
@testable import AWSClient
import Domain

// Shared helpers of the AWSCloudResponder tests: the package's scripts, the moto fixture and checker, an
// in-memory incident repository for the engine, and canned AWS answers for the stub-transport tests.

/// The package root (this file is Tests/AWSClientTests/ResponderFixtures.swift).
let responderPackageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs `scripts/moto/<script>` with python3 and returns what it printed; fails with its stderr if it fails.
func runMotoScript(_ script: String, _ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", responderPackageRoot.appendingPathComponent("scripts/moto/\(script)").path] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let failure = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw AWSClientError(kind: .configuration, code: "ScriptFailed",
                             message: "\(script) exited \(process.terminationStatus): \(String(decoding: failure, as: UTF8.self))")
    }
    return data
}

/// What scripts/moto/fixture.py built.
struct MotoFixture: Decodable {
    var region: String
    var vpcId: String
    var instanceId: String
    var privateIpAddress: String
    var networkInterfaceIds: [String]
    var volumeIds: [String]
    var autoScalingGroupName: String
    var classicLoadBalancerName: String
    var targetGroupArn: String
    var forensicAmiId: String
    var forensicSubnetId: String
    var forensicSecurityGroupId: String
    var userName: String
    var accessKeyId: String

    /// Builds a fresh fixture in the moto at `url`; `file` is where its JSON is kept for the checker.
    static func build(at url: URL, file: URL) throws -> MotoFixture {
        let data = try runMotoScript("fixture.py", [url.absoluteString])
        try data.write(to: file)
        return try JSONDecoder().decode(MotoFixture.self, from: data)
    }
}

/// What scripts/moto/check_containment.py saw, decoded loosely (the tests read the parts they check).
struct ContainmentReport: Decodable {
    struct Instance: Decodable {
        var disableApiTermination: Bool
        var disableApiStop: Bool
        var shutdownBehavior: String
        var tags: [String: String]
        var interfaceGroups: [String: [String]]
    }
    struct Rule: Decodable, Equatable {
        var `protocol`: String
        var ipv4: [String]
        var ipv6: [String]
        var groups: [String]
    }
    struct Group: Decodable {
        var groupId: String
        var tags: [String: String]
        var ingress: [Rule]
        var egress: [Rule]
    }
    struct Snapshot: Decodable {
        var snapshotId: String
        var volumeId: String
        var description: String
        var tags: [String: String]
    }
    struct Workstation: Decodable {
        var instanceId: String
        var imageId: String
        var subnetId: String?
        var groups: [String]
    }
    struct Volume: Decodable {
        var volumeId: String
        var snapshotId: String?
        var attachedTo: [String]
    }
    struct IncidentResources: Decodable {
        var snapshots: [Snapshot]
        var workstations: [Workstation]
        var volumes: [Volume]
    }
    struct Counts: Decodable, Equatable {
        var snapshots: Int
        var instances: Int
        var volumes: Int
        var securityGroups: Int
    }
    struct PolicyDocument: Decodable {
        struct Statement: Decodable {
            var Effect: String
            var Action: [String]
            var Resource: [String]
            var Condition: [String: [String: String]]
        }
        var Statement: [Statement]
    }

    var instance: Instance
    var autoScalingGroups: [String]
    var classicLoadBalancerInstances: [String]
    var targetGroupTargets: [String]
    var isolationGroups: [String: Group]
    var incidents: [String: IncidentResources]
    var accessKeyStatus: [String: String]
    var userPolicies: [String: PolicyDocument]
    var userTags: [String: String]
    var counts: Counts

    /// Runs the checker against the fixture for these incidents.
    static func check(_ url: URL, fixtureFile: URL, incidents: [String]) throws -> ContainmentReport {
        let data = try runMotoScript("check_containment.py", [url.absoluteString, fixtureFile.path] + incidents)
        return try JSONDecoder().decode(ContainmentReport.self, from: data)
    }
}

/// Incidents in memory: the engine's repository in these tests (a small copy of DomainTests' one).
actor ResponderIncidentRepository: IncidentRepository {
    private var incidents: [String: Incident] = [:]

    func save(_ incident: Incident) async throws { incidents[incident.id] = incident }

    func load(id: String) async throws -> Incident? { incidents[id] }

    func all() async throws -> [Incident] { Array(incidents.values) }
}

/// A responder over a stub transport, with a fixed clock and recorded sleeps.
func stubResponder(_ transport: ScriptedTransport, configuration: AWSCloudResponder.Configuration = .init(),
                   maxAttempts: Int = 1) -> AWSCloudResponder {
    AWSCloudResponder(client: stubClient(transport, maxAttempts: maxAttempts), configuration: configuration, now: { fixedNow })
}

/// The scope the stub tests act in.
let stubScope = CloudScope(region: "eu-west-1")

/// A token for stub tests.
let stubToken = IdempotencyToken(incidentId: "inc-1", step: .isolateNetworkInterfaces)

/// An EC2 answer with a request ID and this body inside the response element.
func ec2Answer(_ action: String, _ body: String, requestId: String) -> Result<AWSHTTPResponse, AWSClientError> {
    ok("<\(action)Response><requestId>\(requestId)</requestId>\(body)</\(action)Response>")
}

/// A Query-protocol (Auto Scaling, ELB, IAM) answer with a request ID and this body inside `<Action>Result`.
func queryAnswer(_ action: String, _ body: String, requestId: String) -> Result<AWSHTTPResponse, AWSClientError> {
    ok("<\(action)Response><\(action)Result>\(body)</\(action)Result>"
       + "<ResponseMetadata><RequestId>\(requestId)</RequestId></ResponseMetadata></\(action)Response>")
}

/// A Query-protocol error answer.
func queryError(_ code: String, status: Int = 400, requestId: String = "req-error") -> Result<AWSHTTPResponse, AWSClientError> {
    .success(AWSHTTPResponse(status: status, headers: [:], body: Data("""
        <ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>scripted \(code)</Message></Error>\
        <RequestId>\(requestId)</RequestId></ErrorResponse>
        """.utf8)))
}

/// A DescribeInstances item: an instance with these interfaces (ID, VPC, device index, groups, private IP).
func instanceXML(_ id: String, interfaces: [(id: String, vpc: String, index: Int, groups: [String], ip: String)],
                 volumes: [String] = []) -> String {
    let enis = interfaces.map { eni in
        "<item><networkInterfaceId>\(eni.id)</networkInterfaceId><vpcId>\(eni.vpc)</vpcId>"
            + "<attachment><deviceIndex>\(eni.index)</deviceIndex><instanceId>\(id)</instanceId></attachment>"
            + "<groupSet>" + eni.groups.map { "<item><groupId>\($0)</groupId><groupName>\($0)</groupName></item>" }.joined()
            + "</groupSet><privateIpAddress>\(eni.ip)</privateIpAddress></item>"
    }.joined()
    let devices = volumes.enumerated().map { index, volume in
        "<item><deviceName>/dev/xvd\(Array("abcdefgh")[index])</deviceName><ebs><volumeId>\(volume)</volumeId>"
            + "<deleteOnTermination>true</deleteOnTermination></ebs></item>"
    }.joined()
    return "<reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>\(id)</instanceId>"
        + "<instanceState><name>running</name></instanceState><vpcId>\(interfaces.first?.vpc ?? "")</vpcId>"
        + "<placement><availabilityZone>eu-west-1a</availabilityZone></placement>"
        + "<networkInterfaceSet>\(enis)</networkInterfaceSet><blockDeviceMapping>\(devices)</blockDeviceMapping>"
        + "</item></instancesSet></item></reservationSet>"
}
