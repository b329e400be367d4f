import FoundationEssentials

/// What production puts around the API routes: who may call them, the signed-webhook secrets, and the metrics
/// that `GET /metrics` serves.
struct APIAccess: Sendable {
    /// Decides every request from its head, before its body.
    let authenticator: Authenticator
    /// Secrets for `POST /v1/webhooks/events`, current first; empty leaves the route out.
    let webhookSecrets: [WebhookSecret]
    /// The metric families.
    let metrics: CordonMetrics

    /// The ids remembered against replays: deliveries in ten minutes this service is sized for.
    static let webhookReplayCapacity = 100_000

    /// Adds `GET /metrics` and request counting to `router`, and puts authentication in front of its pre-body
    /// hook: an unauthenticated upload is refused before its body is read; the route's body policy runs next.
    func `guard`(_ router: inout Router, now: @escaping @Sendable () -> Date) {
        let metrics = metrics
        router.onImmediate(.get, "/metrics") { _ in metrics.scrapeResponse() }
        router.observer = metrics.requestObserver
        let bodyAdmission = router.admission
        let webhookPolicy = BodyPolicy(.post, "/v1/webhooks/events", maxBytes: EventRoutes.maxBodyBytes, acceptsTextPlain: true)
        let firehose = FirehoseRoutes.bodyPolicy(now: now)
        let authenticator = authenticator
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
    }
}
