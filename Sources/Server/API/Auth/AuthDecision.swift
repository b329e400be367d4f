/// What the authenticator decided from a request head.
enum AuthDecision: Sendable {
    /// Go on; the principal is nil on open and webhook-signed routes (no token was needed).
    case admitted(Principal?)
    /// Answer this 401, 403 or 429 without reading the body.
    case refused(AuthRefusal)
}
