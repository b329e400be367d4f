/// `GET /healthz` (the process answers; no I/O, for liveness probes) and `GET /readyz` (the service says it can
/// take work, for readiness probes and load balancers: the live service is ready while its data directory takes
/// writes, since an event it cannot make durable is refused anyway).
struct HealthRoutes: Sendable {
    /// Asks the service whether it is ready (store recovered and workflows resumed, data directory writable).
    let isReady: @Sendable () async -> Bool

    /// Adds the two routes.
    func register(on router: inout Router) {
        let healthy = HTTPResponse.json(["status": "ok"])
        // Answered on the event loop: a liveness probe must not queue behind slow requests.
        router.onImmediate(.get, "/healthz") { _ in healthy }
        router.on(.get, "/readyz") { _ in
            guard await isReady() else {
                var response = HTTPResponse.json(["status": "unavailable"], status: .serviceUnavailable)
                response.headers.set("Retry-After", String(APIErrorMapping.retryAfterSeconds))
                return response
            }
            return .json(["status": "ready"])
        }
    }
}
