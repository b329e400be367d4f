extension CordonAPI {
    /// The API as the service runs it: every route of `router()`, plus `GET /metrics` and (with secrets)
    /// `POST /v1/webhooks/events`, behind the authenticator. Authentication runs first in the pre-body hook,
    /// so an unauthenticated upload is refused before its body is read; the route's body policy runs next.
    func router(access: APIAccess) -> Router {
        var router = router()
        let metrics = access.metrics
        router.onImmediate(.get, "/metrics") { _ in metrics.scrapeResponse() }
        let webhookPolicy = BodyPolicy(.post, "/v1/webhooks/events", maxBytes: EventRoutes.maxBodyBytes, acceptsTextPlain: true)
        if !access.webhookSecrets.isEmpty {
            let wallClock = now
            let seconds: @Sendable () -> Double = { wallClock().timeIntervalSince1970 }
            let endpoint = WebhookEndpoint(
                verifier: WebhookVerifier(secrets: access.webhookSecrets, clock: seconds),
                replays: WebhookReplayCache(capacity: APIAccess.webhookReplayCapacity, clock: seconds),
                ingest: EventRoutes(operations: operations, now: now, logger: logger).ingest
            )
            router.on(.post, "/v1/webhooks/events") { request in await endpoint.respond(to: request) }
        }
        let bodyAdmission = router.admission
        let firehose = FirehoseRoutes.bodyPolicy(now: now)
        let authenticator = access.authenticator
        router.admission = { head, parameters in
            switch authenticator.authenticate(head) {
            case .refused(let refusal):
                // Firehose treats any body but its own JSON reply as a malformed response; keep its contract.
                guard firehose.applies(to: head) else { return .refuse(refusal.problem) }
                return .refuse(refusal.rendered { status, detail in firehose.refusal(head, status, detail) })
            case .admitted:
                if webhookPolicy.applies(to: head) { return webhookPolicy.admit(head) }
                return bodyAdmission?(head, parameters) ?? .proceed(maxBodyBytes: nil)
            }
        }
        return router
    }
}
