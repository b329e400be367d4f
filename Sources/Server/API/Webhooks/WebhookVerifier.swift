import AWSClient
import FoundationEssentials

/// Verifies Standard Webhooks deliveries (https://www.standardwebhooks.com, spec "Verifying webhooks"):
/// `webhook-signature` holds space-separated `v1,<base64>` HMAC-SHA256 signatures of
/// `<webhook-id>.<webhook-timestamp>.<raw body>`; the timestamp must be within five minutes of now.
///
/// Several secrets are accepted at once so a sender can rotate (Standard Webhooks "Secret rotation"); a
/// signature made with any configured secret passes, one made with a removed secret does not.
struct WebhookVerifier: Sendable {
    /// The allowed distance between the sender's timestamp and our clock, either way (spec: five minutes).
    static let tolerance: Double = 300
    /// The longest `webhook-id` accepted (the replay cache keeps ids, so they are bounded).
    static let maxIDLength = 256

    private let secrets: [WebhookSecret]
    private let clock: @Sendable () -> Double

    /// A verifier for `secrets`, reading wall-clock seconds since 1970 from `clock`.
    init(secrets: [WebhookSecret], clock: @escaping @Sendable () -> Double) {
        self.secrets = secrets
        self.clock = clock
    }

    /// Checks one delivery's headers and raw body (the bytes as sent: a re-serialized body fails).
    func verify(headers: HTTPHeaders, body: Data) -> WebhookVerification {
        guard let id = headers["webhook-id"], !id.isEmpty, id.utf8.count <= Self.maxIDLength,
              !id.utf8.contains(where: { $0 < 0x21 || $0 > 0x7E }) else {
            return .rejected("webhook-id must be 1-\(Self.maxIDLength) visible ASCII characters")
        }
        guard let stamp = headers["webhook-timestamp"], !stamp.isEmpty, stamp.utf8.count <= 12,
              stamp.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let seconds = Double(stamp) else {
            return .rejected("webhook-timestamp must be whole seconds since 1970")
        }
        guard abs(clock() - seconds) <= Self.tolerance else {
            return .rejected("webhook-timestamp is more than \(Int(Self.tolerance)) seconds from the server's clock")
        }
        let candidates = (headers["webhook-signature"] ?? "").split(separator: " ").compactMap { entry -> Data? in
            // Other versions (e.g. v1a, asymmetric) are skipped, as the spec says verifiers should.
            guard entry.hasPrefix("v1,") else { return nil }
            return Data(base64Encoded: String(entry.dropFirst(3)))
        }
        guard !candidates.isEmpty else { return .rejected("webhook-signature holds no v1 signature") }
        var signed = Data("\(id).\(stamp).".utf8)
        signed.append(body)
        var matched = false
        // Every pair is compared (no early exit) so timing does not reveal which secret or signature came close.
        for secret in secrets {
            let expected = HMACSHA256(key: secret.key, message: signed)
            for candidate in candidates where expected.matches(candidate) { matched = true }
        }
        return matched ? .verified(id: id) : .rejected("no webhook-signature matches a configured secret")
    }
}
