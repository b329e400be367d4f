import Domain
import Foundation
import Testing
@testable import Server

/// Every error a route can meet maps to one status, a useful detail and, for 503s, Retry-After.
@Suite struct APIErrorMappingTests {
    struct Unexpected: Error {}

    @Test(arguments: [
        (DomainError.Code.invalidInput, 400, nil as String?),
        (.unknownEventShape, 422, nil),
        (.notFound, 404, nil),
        (.conflict, 409, nil),
        (.storageFailure, 503, "5"),
        (.corruptStore, 500, nil),
        (.cloudFailure, 502, nil),
        (.cloudTransient, 503, "5"),
    ])
    func domainErrors(code: DomainError.Code, status: Int, retryAfter: String?) throws {
        let lines = APIFixtures.LogLines()
        let logger = JSONLineLogger(minimumLevel: .info, clock: { 0 }, sink: lines.append)
        let response = APIErrorMapping.problem(for: DomainError(code, "the disk /data is full"), requestID: "req-9", logger: logger)
        #expect(response.status.code == status)
        #expect(response.headers["Retry-After"] == retryAfter)
        #expect(try APIFixtures.problem(response).detail.contains("the disk /data is full"))
        // Server-side failures leave one line an operator can find by request id; client errors leave none.
        #expect(lines.all.count == (status >= 500 ? 1 : 0))
        if status >= 500 { #expect(lines.all.first?.contains(#""request_id":"req-9""#) == true) }
    }

    @Test func unknownErrorsAreAGeneric500AndOneLogLine() throws {
        let lines = APIFixtures.LogLines()
        let logger = JSONLineLogger(minimumLevel: .info, clock: { 0 }, sink: lines.append)
        let response = APIErrorMapping.problem(for: Unexpected(), requestID: "req-7", logger: logger)
        #expect(response.status == .internalServerError)
        let detail = try APIFixtures.problem(response).detail
        #expect(detail.contains("req-7"))
        #expect(!detail.contains("Unexpected"))
        #expect(lines.all.count == 1)
        #expect(lines.all.first?.contains("Unexpected") == true)
    }

    @Test(arguments: [
        (DomainError(.storageFailure, "ENOSPC"), 503),
        (DomainError(.unknownEventShape, "no shape"), 422),
    ])
    func routesAnswerTheMappedProblem(error: DomainError, status: Int) async throws {
        let operations = APIFixtures.FakeOperations()
        await operations.fail(with: error)
        let response = await APIFixtures.send(APIFixtures.router(operations), .post, "/v1/events", body: "{}")
        #expect(response.status.code == status)
        #expect(try APIFixtures.problem(response).detail.contains(error.message))
    }
}
