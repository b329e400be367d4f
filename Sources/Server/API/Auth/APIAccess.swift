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
}
