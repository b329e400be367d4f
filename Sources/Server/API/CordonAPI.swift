import Domain
import FoundationEssentials

/// Cordon's HTTP API on the engine: builds the router from the domain port and a readiness check. This is the
/// seam the composition root uses; tests build it with a fake `IncidentOperations`.
struct CordonAPI: Sendable {
    /// The largest body any route accepts; the engine's own `maxBodyBytes` must be at least this.
    static let maxBodyBytes = max(EventRoutes.maxBodyBytes, FirehoseRoutes.maxBodyBytes, IncidentRoutes.maxBodyBytes)
    /// The cap for routes without a body policy (the GETs): a body there is read and ignored, so keep it small.
    static let defaultMaxBodyBytes = IncidentRoutes.maxBodyBytes

    /// The domain port (the live `IncidentService`, or a fake).
    let operations: any IncidentOperations
    /// Whether the service can take work, for `GET /readyz`.
    let isReady: @Sendable () async -> Bool
    /// The wall clock.
    let now: @Sendable () -> Date
    /// Where unexpected errors are logged (the engine writes the per-request access line).
    let logger: JSONLineLogger
    /// The authenticated principal (token name and role) for a request's headers; `router(access:)` sets it, so
    /// actions are recorded under the credential that made them and the role it holds.
    var principal: @Sendable (HTTPHeaders) -> Principal? = { _ in nil }
    /// Where the event routes count ingested events and refused documents; `router(access:)` sets it.
    var metrics: CordonMetrics?

    /// An API over `operations`.
    init(operations: any IncidentOperations, isReady: @escaping @Sendable () async -> Bool,
         now: @escaping @Sendable () -> Date = { Date() }, logger: JSONLineLogger) {
        self.operations = operations
        self.isReady = isReady
        self.now = now
        self.logger = logger
    }

    /// The router with every route and the pre-body hook that applies each route's body policy.
    func router() -> Router {
        var router = Router()
        HealthRoutes(isReady: isReady).register(on: &router)
        EventRoutes(operations: operations, now: now, logger: logger, metrics: metrics).register(on: &router)
        FirehoseRoutes(operations: operations, now: now, logger: logger, metrics: metrics).register(on: &router)
        IncidentRoutes(operations: operations, logger: logger, principal: principal).register(on: &router)
        SafetyRoutes(operations: operations, logger: logger, principal: principal).register(on: &router)
        let policies = [EventRoutes.bodyPolicy, FirehoseRoutes.bodyPolicy(now: now)] + IncidentRoutes.bodyPolicies
            + SafetyRoutes.bodyPolicies
        router.admission = { head, _ in
            guard let policy = policies.first(where: { $0.applies(to: head) }) else {
                return .proceed(maxBodyBytes: Self.defaultMaxBodyBytes)
            }
            return policy.admit(head)
        }
        return router
    }
}
