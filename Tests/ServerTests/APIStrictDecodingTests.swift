import Domain
import Foundation
import Testing
@testable import Server

/// Request bodies are decoded strictly: unknown members, wrong types and bad values are a 400 naming the path.
@Suite struct APIStrictDecodingTests {
    @Test(arguments: [
        ("", "empty"),
        ("{", "not valid JSON"),
        ("[]", "must be a JSON object"),
        (#"{"target":{"instanceId":"i-1"},"status":"contained"}"#, "status: unknown field"),
        (#"{"target":{"instanceId":"i-1"},"steps":[]}"#, "steps: unknown field"),
        (#"{"target":{"instanceId":"i-1","hostname":"web"}}"#, "target.hostname: unknown field"),
        (#"{"target":{"instanceId":5}}"#, "target.instanceId: expected a string"),
        (#"{"target":"i-1"}"#, "target: expected an object"),
        (#"{"target":{"instanceId":"i-1"},"reference":["SEC-1"]}"#, "reference: expected a string"),
        (#"{"playbook":"forensics"}"#, "target: required"),
        (#"{"target":{"instanceId":"i-1","ipAddress":"10.0.0.5"}}"#, "target: a target has exactly one of"),
        (#"{"target":{}}"#, "target: a target has exactly one of"),
        (#"{"target":{"instanceId":""}}"#, "target.instanceId: must not be empty"),
        (#"{"target":{"instanceId":"i-1"},"playbook":"nuke-from-orbit"}"#, #"playbook: "nuke-from-orbit" is not one of contain-instance"#),
        (#"{"target":{"instanceId":"i-1"},"mode":"yolo"}"#, "mode: \"yolo\" is not one of automatic, awaitingApproval"),
    ])
    func openRejects(body: String, detail: String) async throws {
        let operations = APIFixtures.FakeOperations()
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/incidents", body: body)
        #expect(response.status == .badRequest)
        let problem = try APIFixtures.problem(response)
        #expect(problem.detail.contains(detail), "\(problem.detail)")
        #expect(await operations.incidents.isEmpty)
    }

    @Test(arguments: [
        (#"{"action":"contain","force":true}"#, "force: unknown field; allowed here: action"),
        (#"{"action":7}"#, "action: expected a string"),
        (#"{}"#, "action: required"),
        (#"{"action":null}"#, "action: expected a string, found null"),
    ])
    func actionRejects(body: String, detail: String) async throws {
        let operations = APIFixtures.FakeOperations()
        await operations.seed(APIFixtures.incident())
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/incidents/\(APIFixtures.incident().id)/actions", body: body)
        #expect(response.status == .badRequest)
        #expect(try APIFixtures.problem(response).detail.contains(detail))
        #expect(await operations.incidents.values.first?.status == .open)
    }

    @Test func everyOptionalMemberIsAccepted() throws {
        let body = #"{"target":{"accessKeyId":"AKIA1"},"playbook":"contain-access-key","reference":"R","region":"eu-west-1","account":"123456789012","mode":"automatic"}"#
        let request = try JSONBody.decode(OpenIncidentRequest.self, from: Data(body.utf8), shape: IncidentRoutes.openShape)
        #expect(request == OpenIncidentRequest(target: .accessKeyId("AKIA1"), playbook: .containAccessKey, reference: "R",
                                               region: "eu-west-1", account: "123456789012", mode: .automatic))
    }
}
