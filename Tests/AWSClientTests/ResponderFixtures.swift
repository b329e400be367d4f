import Foundation
import Testing
@testable import AWSClient
import Domain

// Shared helpers of the AWSCloudResponder tests: an in-memory incident repository for the engine and canned AWS
// answers for the stub-transport tests (the moto fixture and checker are in MotoSupport).

/// Incidents in memory: the engine's repository in these tests (a small copy of DomainTests' one).
actor ResponderIncidentRepository: IncidentRepository {
    private var incidents: [String: Incident] = [:]

    func save(_ incident: Incident) async throws { incidents[incident.id] = incident }

    func load(id: String) async throws -> Incident? { incidents[id] }

    func all() async throws -> [Incident] { Array(incidents.values) }
}

/// A responder over a stub transport, with a fixed clock and recorded sleeps.
func stubResponder(_ transport: some AWSHTTPTransport, configuration: AWSCloudResponder.Configuration = .init(),
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
