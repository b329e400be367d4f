/// The pre-body decision on a request head.
enum HTTPAdmission: Sendable {
    /// Read the body, capped at `maxBodyBytes` if given (never above the engine's own limit).
    case proceed(maxBodyBytes: Int?)
    /// Answer this response without reading the body; the connection then closes if a body was announced.
    case refuse(HTTPResponse)
}
