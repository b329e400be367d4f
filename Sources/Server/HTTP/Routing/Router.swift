/// Routes requests by method and path pattern to handlers; unknown paths get 404 and known paths with
/// another method get 405 with `Allow` (RFC 9110 §15.5.6), both decided before the body is read.
struct Router: HTTPResponder {
    /// An asynchronous handler.
    typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse
    /// A handler that answers at once on the event loop; it must not block.
    typealias ImmediateHandler = @Sendable (HTTPRequest) -> HTTPResponse
    /// The pre-body hook for matched routes: sees the head and the bound path parameters.
    typealias Admission = @Sendable (HTTPRequestHead, [String: String]) -> HTTPAdmission
    /// Told about each answered request (its record names the matched route pattern, or "-").
    typealias Observer = @Sendable (HTTPExchangeRecord) -> Void

    private enum Handling: Sendable {
        case immediate(ImmediateHandler)
        case asynchronous(Handler)
    }

    private struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let handling: Handling
    }

    /// The result of looking a request up.
    enum Resolution {
        /// A route matched, with its bound parameters.
        case matched(pattern: RoutePattern, parameters: [String: String])
        /// The path exists, but not for this method; these methods are allowed.
        case methodNotAllowed(allowed: [HTTPMethod])
        /// No route has this path.
        case notFound
    }

    private var routes: [Route] = []
    /// `scan`'s answers for the literal patterns' own paths, rebuilt as routes are added: a request is looked up
    /// three times (admission, handler, access log), and most are on such a path.
    private var literalPaths = LiteralPathIndex<(Route, [String: String])?>([], scan: { _, _ in nil })
    /// Called for every request that matched a route, before its body is read.
    var admission: Admission?
    /// Called for every answered request, e.g. to count requests by route pattern rather than raw path.
    var observer: Observer?

    /// An empty router.
    init() {}

    /// Adds an asynchronous handler for `method` on `pattern`.
    mutating func on(_ method: HTTPMethod, _ pattern: String, handler: @escaping Handler) {
        routes.append(Route(method: method, pattern: RoutePattern(pattern), handling: .asynchronous(handler)))
        indexLiteralPaths()
    }

    /// Adds a handler answered synchronously on the event loop (no task hop); it must not block.
    mutating func onImmediate(_ method: HTTPMethod, _ pattern: String, handler: @escaping ImmediateHandler) {
        routes.append(Route(method: method, pattern: RoutePattern(pattern), handling: .immediate(handler)))
        indexLiteralPaths()
    }

    /// Looks up the route for a method and percent-encoded path.
    func resolve(_ method: HTTPMethod, path: String) -> Resolution {
        switch find(method, path: path) {
        case .some(let (route, parameters)): .matched(pattern: route.pattern, parameters: parameters)
        case .none: unmatched(path: path)
        }
    }

    func admit(_ head: HTTPRequestHead) -> HTTPAdmission {
        guard let (_, parameters) = find(head.method, path: head.path) else {
            return .refuse(response(for: unmatched(path: head.path), method: head.method, path: head.path))
        }
        return admission?(head, parameters) ?? .proceed(maxBodyBytes: nil)
    }

    func respondImmediately(to request: HTTPRequest) -> HTTPResponse? {
        guard let (route, parameters) = find(request.method, path: request.path) else {
            return response(for: unmatched(path: request.path), method: request.method, path: request.path)
        }
        guard case .immediate(let handler) = route.handling else { return nil }
        var request = request
        request.pathParameters = parameters
        return handler(request)
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        guard let (route, parameters) = find(request.method, path: request.path) else {
            return response(for: unmatched(path: request.path), method: request.method, path: request.path)
        }
        var request = request
        request.pathParameters = parameters
        switch route.handling {
        case .immediate(let handler): return handler(request)
        case .asynchronous(let handler): return await handler(request)
        }
    }

    func route(for head: HTTPRequestHead) -> String? {
        find(head.method, path: head.path)?.0.pattern.description
    }

    func didRespond(_ record: HTTPExchangeRecord) {
        observer?(record)
    }

    private func find(_ method: HTTPMethod, path: String) -> (Route, [String: String])? {
        if let known = literalPaths.answer(method, path: path) { return known }
        return scan(method, path: path)
    }

    private mutating func indexLiteralPaths() {
        let router = self
        literalPaths = LiteralPathIndex(routes.map { ($0.method, $0.pattern) }) { router.scan($0, path: $1) }
    }

    /// RFC 9110 §9.3.2: HEAD is answered like GET when no HEAD route exists; the engine drops the body.
    private func scan(_ method: HTTPMethod, path: String) -> (Route, [String: String])? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var getFallback: (Route, [String: String])?
        for route in routes {
            guard route.method == method || (method == .head && route.method == .get),
                  let parameters = route.pattern.match(segments) else { continue }
            if route.method == method { return (route, parameters) }
            if getFallback == nil { getFallback = (route, parameters) }
        }
        return getFallback
    }

    private func unmatched(path: String) -> Resolution {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [HTTPMethod] = []
        for route in routes where route.pattern.match(segments) != nil && !allowed.contains(route.method) {
            allowed.append(route.method)
            if route.method == .get && !allowed.contains(.head) { allowed.append(.head) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    private func response(for resolution: Resolution, method: HTTPMethod, path: String) -> HTTPResponse {
        switch resolution {
        case .methodNotAllowed(let allowed):
            var response = HTTPResponse.problem(.methodNotAllowed, detail: "\(method) is not allowed on \(path).")
            response.headers.set("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return response
        case .notFound, .matched:
            return .problem(.notFound, detail: "No resource at \(path).")
        }
    }
}
