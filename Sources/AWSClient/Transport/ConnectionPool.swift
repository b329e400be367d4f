import FoundationEssentials
import Platform

/// Idle kept-alive connections, a few per scheme, host and port (RFC 9112 section 9.3).
///
/// A connection is taken most-recent first and discarded rather than reused when it has been idle too long (an
/// endpoint or a NAT may have dropped it silently) or its peer closed it or sent something unasked (poll with no
/// wait). `@unchecked Sendable`: `idle` is only read or written under `lock`.
final class ConnectionPool: @unchecked Sendable {
    /// Where a connection goes: connections are only shared between requests to the same origin by the same route.
    struct Key: Hashable, Sendable {
        /// "http" or "https".
        var scheme: String
        /// The host as the URL names it (an IPv6 address without brackets).
        var host: String
        /// The port, explicit or the scheme's default.
        var port: Int
        /// The proxy it goes through (a CONNECT tunnel for https), if any.
        var proxy: ProxyConfiguration.Endpoint?

        /// Whether connections to it are TLS.
        var isTLS: Bool { scheme == "https" }
    }

    private let lock = PThreadMutex()
    private let maxIdlePerKey: Int
    private let idleTimeout: Duration
    private var idle: [Key: [HTTPConnection]] = [:]

    /// A pool keeping at most `maxIdlePerKey` connections per origin, each for at most `idleTimeout`.
    init(maxIdlePerKey: Int, idleTimeout: Duration) {
        self.maxIdlePerKey = maxIdlePerKey
        self.idleTimeout = idleTimeout
    }

    /// A usable idle connection to `key`, if there is one.
    func take(_ key: Key, now: ContinuousClock.Instant = .now) -> HTTPConnection? {
        lock.lock()
        defer { lock.unlock() }
        expire(now: now)
        while let connection = idle[key]?.popLast() {
            if !connection.isUnusable { return connection }
            connection.close()
        }
        return nil
    }

    /// Keeps a connection that finished an exchange cleanly; closes it if the origin already has enough.
    func put(_ connection: HTTPConnection, now: ContinuousClock.Instant = .now) {
        lock.lock()
        defer { lock.unlock() }
        expire(now: now)
        connection.idleSince = now
        var list = idle[connection.key, default: []]
        guard list.count < maxIdlePerKey else {
            connection.close()
            return
        }
        list.append(connection)
        idle[connection.key] = list
    }

    private func expire(now: ContinuousClock.Instant) {
        for (key, list) in idle {
            let fresh = list.filter { $0.idleSince.duration(to: now) < idleTimeout }
            guard fresh.count < list.count else { continue }
            list.filter { $0.idleSince.duration(to: now) >= idleTimeout }.forEach { $0.close() }
            idle[key] = fresh.isEmpty ? nil : fresh
        }
    }
}
