/// What the engine calls for each request. `Router` is the usual implementation.
///
/// The engine first calls `admit` with the head alone (before any body byte is read, so a refused
/// `Expect: 100-continue` request gets its final status instead of 100), then `respondImmediately`
/// on the event loop, and only if that returns nil does it start a task for `respond`.
protocol HTTPResponder: Sendable {
    /// Decides from the head alone whether to read the body (auth, per-route body limits, 404/405).
    func admit(_ head: HTTPRequestHead) -> HTTPAdmission
    /// A response computed synchronously without blocking, or nil to have `respond` called in a task.
    func respondImmediately(to request: HTTPRequest) -> HTTPResponse?
    /// The response to a complete request.
    func respond(to request: HTTPRequest) async -> HTTPResponse
    /// The pattern of the route this head matches, for the access log (it groups requests by endpoint, not by
    /// ID); nil when none matches.
    func route(for head: HTTPRequestHead) -> String?
    /// Told about each answered request on the event loop, after its response is queued (metrics); must not block.
    func didRespond(_ record: HTTPExchangeRecord)
}

extension HTTPResponder {
    /// Admits every request under the engine's own limits.
    func admit(_ head: HTTPRequestHead) -> HTTPAdmission { .proceed(maxBodyBytes: nil) }
    /// Never answers synchronously.
    func respondImmediately(to request: HTTPRequest) -> HTTPResponse? { nil }
    /// Ignores answered requests.
    func didRespond(_ record: HTTPExchangeRecord) {}
    /// Names no routes.
    func route(for head: HTTPRequestHead) -> String? { nil }
}
