import Domain
import Testing
@testable import Server

/// `GET /v1/incidents` query parameters: defaults, bounds, and a 400 naming the bad one.
@Suite struct APIIncidentListQueryTests {
    @Test func defaults() throws {
        let query = try IncidentListQuery([])
        #expect(query.status == nil)
        #expect(query.limit == 50)
        #expect(query.cursor == nil)
    }

    @Test func readsEveryParameter() throws {
        let query = try IncidentListQuery([("status", "failed"), ("limit", "500"), ("cursor", "abc")])
        #expect(query.status == .failed)
        #expect(query.limit == 500)
        #expect(query.cursor == "abc")
    }

    @Test(arguments: [
        ([("limit", "501")], "limit"),
        ([("limit", "-1")], "limit"),
        ([("limit", "ten")], "limit"),
        ([("status", "Open")], "status"),
        ([("cursor", "")], "cursor"),
        ([("cursor", "a b")], "cursor"),
        ([("sort", "asc")], "sort"),
        ([("limit", "5"), ("limit", "6")], "limit"),
    ])
    func rejects(items: [(String, String)], parameter: String) {
        #expect {
            _ = try IncidentListQuery(items.map { (name: $0.0, value: $0.1) })
        } throws: { error in
            (error as? HTTPError)?.status == .badRequest && (error as? HTTPError)?.detail.contains("parameter \(parameter)") == true
        }
    }
}
