/// How a route authenticates its caller.
enum RouteRequirement: Sendable, Equatable {
    /// No credential (`/healthz`, `/readyz`): probes from orchestrators carry none.
    case open
    /// `Authorization: Bearer <token>` whose role holds this permission.
    case bearer(Permission)
    /// Amazon Data Firehose's `X-Amz-Firehose-Access-Key` (or a bearer token) with `ingestEvents`: Firehose
    /// HTTP endpoint delivery cannot send an Authorization header, only this key (Firehose developer guide,
    /// "HTTP Endpoint Delivery Request and Response Specifications").
    case firehoseAccessKey
    /// A Standard Webhooks signature over the body, checked by `WebhookVerifier` once the body is read;
    /// before the body only the presence of the three headers is checked.
    case webhookSignature
}
