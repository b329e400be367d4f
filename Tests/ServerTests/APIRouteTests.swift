import Domain
import Foundation
import Testing
@testable import Server

/// Every route through the router with the fake domain: statuses, headers and bodies.
@Suite struct APIRouteTests {
    /// One request and what it must get: status, and the problem's detail fragment when it is an error.
    struct Case: Sendable, CustomStringConvertible {
        let method: HTTPMethod
        let target: String
        let body: String?
        let headers: HTTPHeaders
        let status: Int
        let detail: String?
        var description: String { "\(method) \(target) -> \(status)" }

        init(_ method: HTTPMethod, _ target: String, body: String? = nil, headers: HTTPHeaders = [:], _ status: Int, _ detail: String? = nil) {
            self.method = method
            self.target = target
            self.body = body
            self.headers = headers
            self.status = status
            self.detail = detail
        }
    }

    static let seeded = APIFixtures.incident()
    static let open = #"{"target":{"instanceId":"i-1"}}"#

    @Test(arguments: [
        Case(.get, "/healthz", 200),
        Case(.get, "/readyz", 200),
        Case(.post, "/v1/events", body: "{}", 202),
        Case(.post, "/v1/events", body: "{}", headers: ["Content-Type": "text/plain; charset=utf-8"], 202),
        Case(.post, "/v1/events", body: "{}", headers: ["Content-Type": "application/cloudevents+json"], 202),
        Case(.post, "/v1/events", body: "a=b", headers: ["Content-Type": "application/x-www-form-urlencoded"], 415, "application/x-www-form-urlencoded"),
        Case(.post, "/v1/events", body: String(repeating: " ", count: 16 * 1024 * 1024 + 1), 413, "at most 16777216"),
        Case(.post, "/v1/incidents", body: open, 201),
        Case(.post, "/v1/incidents", body: open, headers: ["Content-Type": "text/plain"], 415, "application/json"),
        Case(.post, "/v1/incidents", body: String(repeating: " ", count: 64 * 1024 + 1), 413, "at most 65536"),
        Case(.post, "/v1/incidents", body: open, headers: ["Idempotency-Key": "has space"], 400, "Idempotency-Key"),
        Case(.post, "/v1/incidents", body: open, headers: ["Idempotency-Key": String(repeating: "k", count: 256)], 400, "Idempotency-Key"),
        Case(.post, "/v1/incidents", body: open, headers: ["X-Cordon-Actor": ""], 400, "X-Cordon-Actor"),
        Case(.get, "/v1/incidents", 200),
        Case(.get, "/v1/incidents?limit=0", 400, "limit"),
        Case(.get, "/v1/incidents/\(seeded.id)", 200),
        Case(.get, "/v1/incidents/inc-unknown", 404, "inc-unknown"),
        Case(.get, "/v1/incidents/bad%20id", 400, "Path parameter id"),
        Case(.get, "/v1/incidents/..", 400, "Path parameter id"),
        Case(.post, "/v1/incidents/\(seeded.id)/actions", body: #"{"action":"contain"}"#, 202),
        Case(.post, "/v1/incidents/inc-unknown/actions", body: #"{"action":"contain"}"#, 404, "inc-unknown"),
        Case(.post, "/v1/incidents/\(seeded.id)/actions", body: #"{"action":"nuke"}"#, 400, "action"),
        Case(.delete, "/v1/incidents/\(seeded.id)", 405),
        Case(.get, "/v1/nothing", 404),
    ])
    func route(_ test: Case) async throws {
        let operations = APIFixtures.FakeOperations()
        await operations.seed(Self.seeded)
        var headers: HTTPHeaders = ["Host": "cordon"]
        for field in test.headers { headers.add(field.name, field.value) }
        let response = await APIFixtures.send(APIFixtures.router(operations), test.method, test.target, body: test.body, headers: headers)
        #expect(response.status.code == test.status)
        if test.status >= 400 {
            let problem = try APIFixtures.problem(response)
            if let detail = test.detail { #expect(problem.detail.contains(detail), "\(problem.detail)") }
        } else {
            #expect(response.headers["Content-Type"] == "application/json")
        }
    }

    @Test func readyzIs503UntilTheServiceIsReady() async throws {
        let response = await APIFixtures.send(APIFixtures.router(APIFixtures.FakeOperations(), ready: false), .get, "/readyz")
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers["Retry-After"] == "5")
        #expect(try APIFixtures.object(response)["status"] as? String == "unavailable")
    }

    @Test func eventsArePassedThroughAndTheReceiptIsAnswered() async throws {
        let operations = APIFixtures.FakeOperations()
        let body = String(decoding: try APIFixtures.sampleEvent("guardduty/eventbridge_cloud_custodian/ec2-duty-event.json"), as: UTF8.self)
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/events", body: body)
        #expect(response.status == .accepted)
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"accepted":2,"duplicates":1,"incidents":[{"created":true,"id":"inc-20261129T150000Z-00000001"}]}"#)
        let ingested = await operations.ingested
        #expect(ingested.count == 1)
        #expect(ingested.first?.0 == .events)
        #expect(ingested.first?.1 == Data(body.utf8))
    }

    @Test func openingAnswers201WithLocationAndReplays200WithTheSameIncident() async throws {
        let operations = APIFixtures.FakeOperations()
        let router = APIFixtures.router(operations)
        let headers: HTTPHeaders = ["Host": "cordon", "Idempotency-Key": "\"ticket-42\"", "X-Cordon-Actor": "alice@example.com"]
        let body = #"{"target":{"ipAddress":"10.0.0.5"},"playbook":"forensics","reference":"SEC-42","mode":"awaitingApproval"}"#
        let first = await APIFixtures.send(router, .post, "/v1/incidents", body: body, headers: headers)
        let again = await APIFixtures.send(router, .post, "/v1/incidents", body: body, headers: headers)
        #expect(first.status == .created)
        #expect(again.status == .ok)
        #expect(first.body == again.body)
        let incident = try StoreJSON.decoder().decode(Incident.self, from: first.body)
        #expect(first.headers["Location"] == "/v1/incidents/\(incident.id)")
        #expect(again.headers["Location"] == "/v1/incidents/\(incident.id)")
        #expect(incident.target == .ipAddress("10.0.0.5"))
        #expect(incident.playbook == .forensics)
        #expect(incident.mode == .awaitingApproval)
        #expect(incident.idempotencyKey == "ticket-42")
        #expect(await operations.actors == ["alice@example.com", "alice@example.com"])
    }

    @Test func incidentsUseTheStoreEncoding() async throws {
        let response = await APIFixtures.send(APIFixtures.router(APIFixtures.FakeOperations()), .post, "/v1/incidents",
                                              body: #"{"target":{"accessKeyId":"AKIAEXAMPLE"},"account":"arn/with/slashes"}"#)
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains(#""createdAt":"2026-11-29T15:00:00.000Z""#))
        #expect(text.contains("arn/with/slashes"))
        #expect(text == String(decoding: try StoreJSON.encoder().encode(StoreJSON.decoder().decode(Incident.self, from: response.body)), as: UTF8.self))
    }

    @Test func actionsRunForTheActorAndConflictsAre409() async throws {
        let operations = APIFixtures.FakeOperations()
        await operations.seed(APIFixtures.incident(status: .closed))
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/incidents/\(APIFixtures.incident().id)/actions",
                                              body: #"{"action":"forensics"}"#)
        #expect(response.status == .conflict)
        #expect(try APIFixtures.problem(response).detail == "Incident \(APIFixtures.incident().id) is closed.")
    }

    @Test func listingPassesParametersAndAlwaysHasNextCursor() async throws {
        let operations = APIFixtures.FakeOperations()
        for index in 1...3 { await operations.seed(APIFixtures.incident("inc-\(index)", status: .contained)) }
        let router = APIFixtures.router(operations)
        let first = await APIFixtures.send(router, .get, "/v1/incidents?status=contained&limit=2")
        let firstPage = try APIFixtures.object(first)
        #expect((firstPage["items"] as? [Any])?.count == 2)
        #expect(firstPage["nextCursor"] as? String == "next-2")
        let last = try APIFixtures.object(await APIFixtures.send(router, .get, "/v1/incidents?cursor=next-2"))
        #expect(last["nextCursor"] is NSNull)
        let requests = await operations.pageRequests
        #expect(requests.map(\.0) == [.contained, nil])
        #expect(requests.map(\.1) == [2, 50])
        #expect(requests.map(\.2) == [nil, "next-2"])
    }
}
