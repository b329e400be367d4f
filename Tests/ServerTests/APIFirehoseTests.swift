import Domain
import Foundation
import Testing
@testable import Server

/// `POST /v1/firehose` answers in Firehose's contract: JSON `{requestId, timestamp, errorMessage?}` on every status.
@Suite struct APIFirehoseTests {
    static let body = #"{"requestId":"body-id","timestamp":1578090901599,"records":[{"data":"e30="}]}"#
    static let headers: HTTPHeaders = ["Host": "cordon", "Content-Type": "application/json", "X-Amz-Firehose-Request-Id": "header-id"]

    /// Checks the reply's shape and returns its members.
    func reply(_ response: HTTPResponse, requestID: String) throws -> [String: Any] {
        #expect(response.headers["Content-Type"] == "application/json")
        let reply = try APIFixtures.object(response)
        #expect(reply["requestId"] as? String == requestID)
        // Firehose treats a string timestamp as a failure: it must be a JSON number, in epoch milliseconds.
        #expect((reply["timestamp"] as? NSNumber)?.int64Value == 1_795_964_400_000)
        #expect(!(reply["timestamp"] is String))
        return reply
    }

    @Test func successEchoesTheHeaderRequestID() async throws {
        let operations = APIFixtures.FakeOperations()
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/firehose", body: Self.body, headers: Self.headers)
        #expect(response.status == .ok)
        #expect(try reply(response, requestID: "header-id")["errorMessage"] == nil)
        #expect(await operations.ingested.first?.0 == .firehose)
    }

    @Test func successWithoutTheHeaderEchoesTheBodyRequestID() async throws {
        let operations = APIFixtures.FakeOperations()
        await operations.answer(IngestReceipt(accepted: 0, duplicates: 0, incidents: [], firehoseRequestId: "body-id"))
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/firehose", body: Self.body)
        #expect(response.status == .ok)
        _ = try reply(response, requestID: "body-id")
    }

    @Test(arguments: [
        (DomainError(.invalidInput, "records[0].data: not valid base64"), 400),
        (DomainError(.unknownEventShape, "records[0].data: no known shape"), 422),
        (DomainError(.storageFailure, "EIO"), 503),
    ])
    func failuresCarryAnErrorMessage(error: DomainError, status: Int) async throws {
        let operations = APIFixtures.FakeOperations()
        await operations.fail(with: error)
        let withHeader = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/firehose", body: Self.body, headers: Self.headers)
        #expect(withHeader.status.code == status)
        #expect((try reply(withHeader, requestID: "header-id")["errorMessage"] as? String)?.contains(error.message) == true)
        let withoutHeader = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/firehose", body: Self.body)
        _ = try reply(withoutHeader, requestID: "body-id")
    }

    @Test(arguments: [
        (["Content-Length-Over": "yes"], 413),
        (["Content-Type": "text/csv"], 415),
    ] as [([String: String], Int)])
    func refusalsBeforeTheBodyAreInFirehoseShape(headers extra: [String: String], status: Int) async throws {
        var headers = Self.headers
        if let type = extra["Content-Type"] { headers.set("Content-Type", type) }
        let body = extra["Content-Length-Over"] == nil ? Self.body : String(repeating: " ", count: FirehoseRoutes.maxBodyBytes + 1)
        let response = await APIFixtures.send(APIFixtures.router(APIFixtures.FakeOperations()), .post, "/v1/firehose", body: body, headers: headers)
        #expect(response.status.code == status)
        #expect(try reply(response, requestID: "header-id")["errorMessage"] is String)
    }
}
