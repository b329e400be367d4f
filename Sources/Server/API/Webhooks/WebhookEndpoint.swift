/// `POST /v1/webhooks/events`: verifies the Standard Webhooks signature over the body, answers a redelivered
/// `webhook-id` without processing it again, and hands everything else to the `/v1/events` handler.
struct WebhookEndpoint: Sendable {
    /// The challenge on a 401 (RFC 9110 §11.6.1 requires one); no IANA scheme exists for Standard Webhooks.
    static let challenge = #"StandardWebhooks realm="cordon""#

    private let verifier: WebhookVerifier
    private let replays: WebhookReplayCache
    private let ingest: Router.Handler

    /// An endpoint checking with `verifier`, remembering ids in `replays`, and ingesting through `ingest`.
    init(verifier: WebhookVerifier, replays: WebhookReplayCache, ingest: @escaping Router.Handler) {
        self.verifier = verifier
        self.replays = replays
        self.ingest = ingest
    }

    /// The response to one delivery.
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch verifier.verify(headers: request.headers, body: request.body) {
        case .rejected(let reason):
            var response = HTTPResponse.problem(.unauthorized, detail: "The webhook signature does not verify: \(reason).")
            response.headers.set("WWW-Authenticate", Self.challenge)
            return response
        case .verified(let id):
            guard replays.claim(id) else {
                // Standard Webhooks senders retry with the same id until they see a 2xx: acknowledge, do nothing.
                return .json(["webhookId": id, "status": "duplicate"], sortedKeys: true)
            }
            let response = await ingest(request)
            // Only a delivery that was taken in counts as seen; after a failure the sender's retry must be processed.
            if !(200..<300).contains(response.status.code) { replays.release(id) }
            return response
        }
    }
}
