import FoundationEssentials
import Platform

/// A Standard Webhooks signing secret: `whsec_` followed by the base64 of the key bytes
/// (Standard Webhooks spec, "Signature scheme": the prefix is dropped and the rest base64-decoded).
struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    /// The HMAC key.
    let key: Data

    /// Never the key: a configuration printed in a log must not leak it.
    var description: String { "whsec_(\(key.count) bytes, redacted)" }

    /// Parses `whsec_<base64>`; `source` names the setting in the error.
    init(_ text: String, source: String) throws(ConfigurationError) {
        let prefix = "whsec_"
        guard text.hasPrefix(prefix), let key = Data(base64Encoded: String(text.dropFirst(prefix.count))),
              key.count >= 16 else {
            throw ConfigurationError(description: "\(source): a webhook secret must be 'whsec_' and the base64 of at least 16 random bytes")
        }
        self.key = key
    }

    /// Parses a comma-separated list (`CORDON_WEBHOOK_SECRETS`): the current secret first, then the one being
    /// retired during a rotation.
    static func list(_ text: String, source: String) throws(ConfigurationError) -> [WebhookSecret] {
        let parts = text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw ConfigurationError(description: "\(source): lists no secret") }
        var secrets: [WebhookSecret] = []
        for part in parts { secrets.append(try WebhookSecret(part, source: source)) }
        return secrets
    }
}
