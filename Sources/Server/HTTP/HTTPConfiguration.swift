/// Every limit and timeout of the engine in one value, with defaults safe for an internet-facing service.
struct HTTPConfiguration: Equatable, Sendable {
    /// The address to listen on (an IPv4 literal or `localhost`).
    var host: String = "127.0.0.1"
    /// The TCP port; 0 asks the kernel for a free one (see `HTTPServer.port`).
    var port: Int = 8080
    /// Event-loop threads; 0 means half the cores, at least one (see `HTTPServer.defaultEventLoopCount`).
    var eventLoopCount: Int = 0
    /// Longest request target accepted; longer gets 414 (RFC 9112 §3).
    var maxTargetBytes: Int = 8 * 1024
    /// Largest header section (request line excluded) accepted; larger gets 431 (RFC 6585 §5).
    var maxHeaderBytes: Int = 16 * 1024
    /// Most header field lines accepted; more gets 431.
    var maxHeaderCount: Int = 100
    /// Largest body accepted as sent on the wire; larger gets 413 before it is read (RFC 9110 §15.5.14).
    var maxBodyBytes: Int = 8 * 1024 * 1024
    /// Largest body after gzip inflation; a zip bomb gets 413.
    var maxDecompressedBodyBytes: Int = 32 * 1024 * 1024
    /// Most simultaneous connections; one more is answered 503 and closed.
    var maxConnections: Int = 1024
    /// Time allowed from a request's first byte to the end of its head (slowloris); then 408.
    var headerTimeout: Duration = .seconds(10)
    /// Time allowed to receive a whole body once its head is read; then 408.
    var bodyTimeout: Duration = .seconds(30)
    /// How long a keep-alive connection may sit between requests before it is closed. Longer than the 60 s idle
    /// timeout of AWS load balancers, so that the balancer closes an idle connection first: a request it sends as
    /// Cordon closes the connection would fail (a 502 at the balancer).
    var idleTimeout: Duration = .seconds(75)
    /// How long a response write may make no progress before the connection is dropped.
    var writeTimeout: Duration = .seconds(30)
    /// How long shutdown waits for in-flight requests before closing what is left.
    var shutdownGracePeriod: Duration = .seconds(10)

    /// The defaults.
    init() {}
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `UInt64.max`.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
