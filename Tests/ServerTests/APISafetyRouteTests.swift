import Domain
import Foundation
import Testing
@testable import Server

@Suite("API: plans, approvals, dry runs, release")
struct APISafetyRouteTests {
    static let json: HTTPHeaders = ["Host": "cordon", "Content-Type": "application/json", "X-Cordon-Actor": "bob"]

    @Test func aPlanIsReadAndItsDigestApproves() async throws {
        let operations = APIFixtures.FakeOperations()
        let incident = APIFixtures.incident()
        await operations.seed(incident)
        let router = APIFixtures.router(operations)
        let planned = await APIFixtures.send(router, .get, "/v1/incidents/\(incident.id)/plan")
        #expect(planned.status == .ok)
        let digest = try #require(try APIFixtures.object(planned)["digest"] as? String)
        let approved = await APIFixtures.send(router, .post, "/v1/incidents/\(incident.id)/approvals",
                                              body: #"{"planDigest":"\#(digest)"}"#, headers: Self.json)
        #expect(approved.status == .ok)
        let approvals = try #require(try APIFixtures.object(approved)["approvals"] as? [[String: Any]])
        #expect((approvals.first?["actor"] as? [String: Any])?["name"] as? String == "bob")
    }

    @Test(arguments: [
        (#"{"planDigest":"abc"}"#, HTTPStatus.badRequest),
        (#"{"planDigest":"\#(String(repeating: "0", count: 64))"}"#, .conflict),
        (#"{"planDigest":"\#(String(repeating: "0", count: 64))","extra":1}"#, .badRequest),
    ])
    func badApprovalsAreRefused(body: String, status: HTTPStatus) async throws {
        let operations = APIFixtures.FakeOperations()
        let incident = APIFixtures.incident()
        await operations.seed(incident)
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/incidents/\(incident.id)/approvals",
                                              body: body, headers: Self.json)
        #expect(response.status == status)
    }

    @Test func aDryRunOpensNothingAndAnswersThePlan() async throws {
        let operations = APIFixtures.FakeOperations()
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/incidents",
                                              body: #"{"target":{"instanceId":"i-0abc"},"dryRun":true}"#, headers: Self.json)
        #expect(response.status == .ok)
        #expect(try APIFixtures.object(response)["digest"] is String)
        #expect(await operations.incidents.isEmpty)
    }

    @Test func releaseIsAnAction() async throws {
        let operations = APIFixtures.FakeOperations()
        let incident = APIFixtures.incident(status: .contained)
        await operations.seed(incident)
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/incidents/\(incident.id)/actions",
                                              body: #"{"action":"release"}"#, headers: Self.json)
        #expect(response.status == .accepted)
        #expect(try APIFixtures.object(response)["status"] as? String == "released")
    }
}
