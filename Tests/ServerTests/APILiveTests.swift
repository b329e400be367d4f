import Domain
import Foundation
import Testing
@testable import Server

/// The API on a live socket (port 0), through the engine: body limits from the pre-body hook, gzip, 202s.
@Suite struct APILiveTests {
    /// Starts the engine with the API over `operations`, with the engine cap the composition root sets.
    func withAPI(_ operations: APIFixtures.FakeOperations, logger: JSONLineLogger = HTTPFixtures.silentLogger,
                 _ body: @escaping @Sendable (HTTPServer) throws -> Void) async throws {
        let configuration = HTTPFixtures.liveConfiguration {
            $0.maxBodyBytes = CordonAPI.maxBodyBytes
            $0.maxDecompressedBodyBytes = 2 * CordonAPI.maxBodyBytes
        }
        let api = CordonAPI(operations: operations, isReady: { true }, now: { APIFixtures.now }, logger: logger)
        let router = api.router()
        try await APIFixtures.offThePool { try HTTPFixtures.withServer(configuration, responder: router, logger: logger, body) }
    }

    @Test func eventsAreAcceptedWith202() async throws {
        let operations = APIFixtures.FakeOperations()
        let event = try APIFixtures.sampleEvent("guardduty/eventbridge_cloud_custodian/ec2-duty-event.json")
        let gzipped = HTTPFixtures.gzip(event)
        try await withAPI(operations) { server in
            let client = try RawClient(port: server.port)
            client.send("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: \(gzipped.count)\r\n\r\n")
            client.send(Array(gzipped))
            let response = try client.readResponse()
            #expect(response.status == 202)
            #expect(response.headers["content-type"] == "application/json")
            #expect(String(decoding: response.body, as: UTF8.self).hasPrefix(#"{"accepted":2,"duplicates":1,"#))
        }
        // The engine inflated the gzip body; the domain sees the event as written.
        #expect(await operations.ingested.first?.1 == event)
    }

    @Test func anOversizedCommandWithExpectContinueGets413WithoutTheBody() async throws {
        try await withAPI(APIFixtures.FakeOperations()) { server in
            let client = try RawClient(port: server.port)
            client.send("POST /v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 70000\r\nExpect: 100-continue\r\n\r\n")
            // No body byte is sent: the answer must be the final 413, not 100 Continue.
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.headers["content-type"] == "application/problem+json")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func aSmallCommandWithExpectContinueGets100ThenIsOpened() async throws {
        let body = #"{"target":{"instanceId":"i-0abc"}}"#
        try await withAPI(APIFixtures.FakeOperations()) { server in
            let client = try RawClient(port: server.port)
            client.send("POST /v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            client.send(body)
            let response = try client.readResponse()
            #expect(response.status == 201)
            #expect(response.headers["location"]?.hasPrefix("/v1/incidents/inc-") == true)
        }
    }

    @Test func eachRequestLogsOneLineWithItsRoute() async throws {
        let lines = APIFixtures.LogLines()
        let logger = JSONLineLogger(minimumLevel: .info, clock: { 0 }, sink: lines.append)
        try await withAPI(APIFixtures.FakeOperations(), logger: logger) { server in
            let client = try RawClient(port: server.port)
            client.send("GET /v1/incidents/inc-missing HTTP/1.1\r\nHost: x\r\nX-Request-Id: trace-77\r\n\r\n")
            #expect(try client.readResponse().status == 404)
        }
        let requests = lines.all.joined().split(separator: "\n").filter { $0.contains(#""msg":"request""#) }
        #expect(requests.count == 1)
        let line = try #require(requests.first)
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(fields["request_id"] as? String == "trace-77")
        #expect(fields["method"] as? String == "GET")
        #expect(fields["route"] as? String == "/v1/incidents/{id}")
        #expect(fields["status"] as? Int == 404)
        #expect(fields["duration_ms"] is Double)
    }
}
