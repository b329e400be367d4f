/// What checking a signed webhook delivery came to.
enum WebhookVerification: Sendable, Equatable {
    /// The signature is valid and the timestamp inside the window; `id` is the sender's `webhook-id`.
    case verified(id: String)
    /// Refused (answered 401); the reason is for the problem detail and the log.
    case rejected(String)
}
