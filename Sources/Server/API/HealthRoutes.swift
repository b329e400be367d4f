/// `GET /healthz` (the process answers; no I/O, for liveness probes) and `GET /readyz` (the service says it can
/// take work, for readiness probes and load balancers).
struct HealthRoutes: Sendable {
    /// Asks the service whether it is ready (store recovered, workflows resumed).
    let isReady: @Sendable () async -> Bool

    /// Adds the two routes.
    func register(on router: inout Router) {
        let healthy = HTTPResponse.json(["status": "ok"])
        // Answered on the event loop: a liveness probe must not queue behind slow requests.
        router.onImmediate(.get, "/healthz") { _ in healthy }
        router.on(.get, "/readyz") { _ in
            guard await isReady() else {
                var response = HTTPResponse.json(["status": "starting"], status: .serviceUnavailable)
                response.headers.set("Retry-After", String(APIErrorMapping.retryAfterSeconds))
                return response
            }
            return .json(["status": "ready"])
        }
    }
}
