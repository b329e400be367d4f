extension CordonAPI {
    /// The API as the service runs it: every route of `router()`, plus (with secrets) `POST /v1/webhooks/events`,
    /// guarded by `access` (authentication before the body, `GET /metrics`, request metrics).
    func router(access: APIAccess) -> Router {
        var api = self
        let authenticator = access.authenticator
        api.principal = { headers in authenticator.principal(in: headers) }
        api.metrics = access.metrics
        var router = api.router()
        if !access.webhookSecrets.isEmpty {
            let wallClock = now
            let seconds: @Sendable () -> Double = { wallClock().timeIntervalSince1970 }
            let endpoint = WebhookEndpoint(
                verifier: WebhookVerifier(secrets: access.webhookSecrets, clock: seconds),
                replays: WebhookReplayCache(capacity: APIAccess.webhookReplayCapacity, clock: seconds),
                ingest: EventRoutes(operations: operations, now: now, logger: logger, metrics: access.metrics,
                                    formatLabel: "webhook").ingest
            )
            router.on(.post, "/v1/webhooks/events") { request in await endpoint.respond(to: request) }
        }
        access.guard(&router, now: now)
        return router
    }
}
