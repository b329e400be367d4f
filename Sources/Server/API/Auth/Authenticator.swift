import AWSClient
import FoundationEssentials

/// Decides from a request head alone who is calling and whether they may: it runs in the engine's
/// pre-body admission hook, so a refused `Expect: 100-continue` upload gets its 401 without sending the body.
///
/// Tokens are looked up by the SHA-256 of the presented secret, compared in constant time with every
/// configured digest (no early exit, so timing tells nothing about which token came close).
struct Authenticator: Sendable {
    /// The challenge sent with every bearer 401 (RFC 6750 §3; RFC 9110 §11.6.1 requires one on a 401).
    static let realm = #"Bearer realm="cordon""#

    private let tokens: [AccessToken]
    private let table: PermissionTable
    private let rateLimiter: RateLimiter

    /// An authenticator over `tokens`, routes per `table`, limits enforced by `rateLimiter`.
    init(tokens: [AccessToken], table: PermissionTable = .cordon, rateLimiter: RateLimiter) {
        self.tokens = tokens
        self.table = table
        self.rateLimiter = rateLimiter
    }

    /// The decision for `head`: the principal, or the 401/403/429 to answer.
    func authenticate(_ head: HTTPRequestHead) -> AuthDecision {
        let requirement = table.requirement(head.method, path: head.path)
        let permission: Permission
        var credential: Substring?
        switch requirement {
        case .open:
            return .admitted(nil)
        case .webhookSignature:
            let missing = ["webhook-id", "webhook-timestamp", "webhook-signature"].filter { head.headers[$0] == nil }
            guard missing.isEmpty else {
                return .refused(AuthRefusal(
                    .unauthorized, "Missing Standard Webhooks header(s): \(missing.joined(separator: ", ")).",
                    headers: ["WWW-Authenticate": WebhookEndpoint.challenge]
                ))
            }
            return .admitted(nil)
        case .firehoseAccessKey:
            permission = .ingestEvents
            let keys = head.headers.values("X-Amz-Firehose-Access-Key")
            if keys.count == 1, head.headers["Authorization"] == nil { credential = Substring(keys[0]) }
        case .bearer(let needed):
            permission = needed
        }
        if credential == nil {
            switch Self.bearerToken(head.headers) {
            case .token(let token): credential = token
            case .refusal(let refusal): return .refused(refusal)
            }
        }
        guard let credential, let token = lookUp(credential) else {
            return .refused(Self.unauthorized("The token is not valid.", error: "invalid_token"))
        }
        guard token.role.grants(permission) else {
            let roles = Role.holding(permission).map(\.rawValue).joined(separator: " or ")
            return .refused(AuthRefusal(
                .forbidden, "\(head.method) \(head.path) needs the \(roles) role; token '\(token.name)' has the \(token.role.rawValue) role."
            ))
        }
        if let wait = rateLimiter.admit(token) {
            // RFC 9110 §10.2.3: delay-seconds is a whole number; round up so a prompt retry is not refused again.
            return .refused(AuthRefusal(
                .tooManyRequests, "Token '\(token.name)' is over its rate limit.", headers: ["Retry-After": String(Int(wait.rounded(.up)))]
            ))
        }
        return .admitted(Principal(name: token.name, role: token.role))
    }

    /// The principal of the bearer token in `headers`, for handlers that record who acted (the admission hook
    /// has already refused requests without a valid token, so this only looks the token up again).
    func principal(in headers: HTTPHeaders) -> Principal? {
        guard case .token(let secret) = Self.bearerToken(headers), let token = lookUp(secret) else { return nil }
        return Principal(name: token.name, role: token.role)
    }

    /// The token whose digest equals the SHA-256 of `secret`, comparing with every token in constant time.
    private func lookUp(_ secret: Substring) -> AccessToken? {
        let digest = SHA256(Data(secret.utf8)).digest
        var found: AccessToken?
        for token in tokens where ConstantTime.equals(token.digest, digest) {
            found = token
        }
        return found
    }

    /// What the Authorization field held.
    enum BearerCredential {
        /// A well-formed bearer token (not yet looked up).
        case token(Substring)
        /// The 401 for a missing, repeated or malformed field.
        case refusal(AuthRefusal)
    }

    /// The b64token of a single `Authorization: Bearer` field (RFC 6750 §2.1; the scheme is
    /// case-insensitive, RFC 9110 §11.1), or the 401 for a missing, repeated or malformed one.
    static func bearerToken(_ headers: HTTPHeaders) -> BearerCredential {
        let fields = headers.values("Authorization")
        guard let field = fields.first else {
            // RFC 6750 §3.1: a request without credentials gets the bare challenge, no error code.
            return .refusal(unauthorized("A bearer token is required.", error: nil))
        }
        let parts = field.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard fields.count == 1, parts.count == 2, HTTPHeaders.equalsIgnoringCase(String(parts[0]), "Bearer"),
              isB64Token(parts[1]) else {
            return .refusal(unauthorized("The Authorization field must be one 'Bearer <token>'.", error: "invalid_token"))
        }
        return .token(parts[1])
    }

    /// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    private static func isB64Token(_ text: Substring) -> Bool {
        let body = text.utf8.prefix { $0 != UInt8(ascii: "=") }
        guard !body.isEmpty, text.utf8.dropFirst(body.count).allSatisfy({ $0 == UInt8(ascii: "=") }) else { return false }
        return body.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                true
            default:
                false
            }
        }
    }

    private static func unauthorized(_ detail: String, error: String?) -> AuthRefusal {
        AuthRefusal(.unauthorized, detail, headers: ["WWW-Authenticate": error.map { #"\#(realm), error="\#($0)""# } ?? realm])
    }
}
