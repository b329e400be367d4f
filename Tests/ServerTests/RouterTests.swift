import Foundation
import Testing
@testable import Server

@Suite struct RouterTests {
    static let router: Router = {
        var router = Router()
        router.onImmediate(.get, "/incidents/{id}") { request in .json(["id": request.pathParameters["id"] ?? ""]) }
        router.onImmediate(.post, "/incidents/{id}/actions/{action}") { request in
            .json([request.pathParameters["id"] ?? "", request.pathParameters["action"] ?? ""])
        }
        router.on(.put, "/incidents/{id}") { _ in HTTPResponse(status: .noContent) }
        return router
    }()

    static func request(_ method: HTTPMethod, _ path: String) -> HTTPRequest {
        let head = HTTPRequestHead(method: method, target: path, path: path, query: nil, version: .http11, headers: ["Host": "x"], framing: .none)
        return HTTPRequest(head: head, body: Data(), requestID: "r")
    }

    @Test(arguments: [
        (HTTPMethod.get, "/incidents/i-1", 200, nil as String?),
        (.head, "/incidents/i-1", 200, nil),
        (.post, "/incidents/i-1/actions/isolate", 200, nil),
        (.delete, "/incidents/i-1", 405, "GET, HEAD, PUT"),
        (.get, "/incidents", 404, nil),
        (.get, "/incidents/i-1/extra", 404, nil),
    ])
    func resolution(method: HTTPMethod, path: String, status: Int, allow: String?) {
        let response = Self.router.respondImmediately(to: Self.request(method, path))
        #expect(response?.status.code == status)
        #expect(response?.headers["Allow"] == allow)
    }

    @Test func parametersArePercentDecoded() {
        let response = Self.router.respondImmediately(to: Self.request(.post, "/incidents/a%2Fb/actions/re%20lease"))
        #expect(response?.body == Data(#"["a/b","re lease"]"#.utf8))
    }

    @Test func asyncRoutesAreNotAnsweredImmediately() async {
        #expect(Self.router.respondImmediately(to: Self.request(.put, "/incidents/i-1")) == nil)
        #expect(await Self.router.respond(to: Self.request(.put, "/incidents/i-1")).status == .noContent)
    }

    @Test func admissionRefusesUnknownPathsBeforeTheBody() {
        guard case .refuse(let response) = Self.router.admit(Self.request(.post, "/nope").head) else {
            Issue.record("admitted an unknown path")
            return
        }
        #expect(response.status == .notFound)
    }

    /// Literal paths are answered from a table built at registration; it must say what matching in order says.
    static let shadowing: Router = {
        var router = Router()
        router.onImmediate(.get, "/things/{id}") { request in .json(["param": request.pathParameters["id"] ?? ""]) }
        router.onImmediate(.get, "/things/special") { _ in .json(["literal": "special"]) }
        router.onImmediate(.post, "/things/special") { _ in .json(["literal": "post"]) }
        router.onImmediate(.get, "/healthz") { _ in .json(["status": "ok"]) }
        return router
    }()

    @Test(arguments: [
        (HTTPMethod.get, "/things/special", 200, #"{"param":"special"}"# as String?, "/things/{id}" as String?),
        (.head, "/things/special", 200, #"{"param":"special"}"#, "/things/{id}"),
        (.post, "/things/special", 200, #"{"literal":"post"}"#, "/things/special"),
        (.get, "/healthz", 200, #"{"status":"ok"}"#, "/healthz"),
        (.get, "//healthz/", 200, #"{"status":"ok"}"#, "/healthz"),
        (.put, "/healthz", 405, nil, nil),
        (.get, "/healthz/x", 404, nil, nil),
    ])
    func literalPathsMatchAsAScanWould(method: HTTPMethod, path: String, status: Int, body: String?, route: String?) {
        let response = Self.shadowing.respondImmediately(to: Self.request(method, path))
        #expect(response?.status.code == status)
        if let body { #expect(response?.body == Data(body.utf8)) }
        #expect(Self.shadowing.route(for: Self.request(method, path).head) == route)
    }

    @Test(arguments: [
        (HTTPMethod.get, "/open", RouteRequirement.open),
        (.head, "/open", .open),
        (.get, "/items/fixed", .bearer(.readIncidents)),
        (.post, "/open", .bearer(.administer)),
        (.get, "/unlisted", .bearer(.administer)),
    ])
    func permissionTableLiteralPathsMatchAsAScanWould(method: HTTPMethod, path: String, requirement: RouteRequirement) {
        let table = PermissionTable([
            (.get, "/open", .open),
            (.get, "/items/{id}", .bearer(.readIncidents)),
            (.get, "/items/fixed", .bearer(.administer)),
        ])
        #expect(table.requirement(method, path: path) == requirement)
    }
}
