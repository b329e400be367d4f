import Dispatch
import FoundationEssentials
@preconcurrency import Glibc
import Platform

/// The HTTP/1.1 server: a listening socket and epoll event loop threads (by default one per two cores).
///
/// `init` binds and listens (so `port` is known, also for port 0); `start` runs the loops;
/// `shutdown` stops accepting, lets in-flight requests finish within the grace period and closes idle
/// connections; `waitUntilStopped` returns when every loop has drained.
final class HTTPServer: Sendable {
    /// The bound port (the kernel's choice when the configuration asked for 0).
    let port: Int
    private let listener: Int32
    private let configuration: HTTPConfiguration
    private let responder: any HTTPResponder
    private let logger: JSONLineLogger
    private let inboxes: [EventLoopInbox]
    /// Each loop's epoll instance, made with the server so that a loop that cannot have one fails `init`.
    private let epolls: [Epoll]
    private let gauge: ConnectionGauge
    private let stopped: DispatchSemaphore

    /// The number of event loops running.
    var eventLoopCount: Int { inboxes.count }

    /// Half the cores, at least one. The loops only move bytes, parse and route; handlers, the journal and AWS
    /// calls run on Swift's cooperative pool, which has a thread per core already. One loop per core as well
    /// oversubscribed the cores: on 2 cores `/healthz`'s p99 was 1.6–2.8 times higher, while the API routes'
    /// throughput stayed within run-to-run noise in two runs of three (docs/PERFORMANCE.md, "Fourth pass").
    static func defaultEventLoopCount(cores: Int) -> Int {
        max(1, cores / 2)
    }

    /// Descriptors kept for everything but client connections: the journal, the store, the audit log, AWS calls,
    /// epoll and the loops' wake-ups.
    static let reservedDescriptors = 128

    /// The connection cap that fits the open-file limit, so that a connection beyond it is answered 503 rather
    /// than left unaccepted for want of a descriptor.
    static func connectionLimit(configured: Int, openFileLimit: Int) -> Int {
        min(configured, max(1, openFileLimit - reservedDescriptors))
    }

    /// Binds and listens on the configured address.
    init(configuration: HTTPConfiguration, responder: any HTTPResponder, logger: JSONLineLogger) throws(HTTPServerError) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        let openFiles = OpenFileLimit.current()
        let connectionLimit = Self.connectionLimit(configured: configuration.maxConnections, openFileLimit: openFiles)
        if connectionLimit < configuration.maxConnections {
            logger.warning("connection limit lowered to fit the open-file limit", [
                "configured": .int(configuration.maxConnections), "limit": .int(connectionLimit), "open_files": .int(openFiles),
            ])
        }
        gauge = ConnectionGauge(limit: connectionLimit)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: configuration.port)).bigEndian
        let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
        guard (0...65_535).contains(configuration.port), inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw HTTPServerError(operation: "address \(configuration.host):\(configuration.port)", errno: EINVAL)
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HTTPServerError(operation: "socket", errno: errno) }
        // Non-blocking, so a loop woken for a connection another loop already took gets EAGAIN.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 1024) == 0 else {
            let failure = HTTPServerError(operation: bound == 0 ? "listen" : "bind", errno: errno)
            close(descriptor)
            throw failure
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: actual.sin_port))
        listener = descriptor
        let count = configuration.eventLoopCount > 0
            ? configuration.eventLoopCount : Self.defaultEventLoopCount(cores: ProcessInfo.processInfo.activeProcessorCount)
        stopped = DispatchSemaphore(value: 0)
        do {
            inboxes = try (0..<max(1, count)).map { _ throws(HTTPServerError) in try EventLoopInbox() }
        } catch {
            close(descriptor)
            throw error
        }
        var epolls: [Epoll] = []
        do {
            for inbox in inboxes { epolls.append(try EventLoop.makeEpoll(listener: descriptor, inbox: inbox)) }
        } catch {
            for epoll in epolls { close(epoll.descriptor) }
            close(descriptor)
            throw error
        }
        self.epolls = epolls
    }

    /// Starts one thread per event loop. When a thread cannot be made, the loops already running are told to
    /// shut down and the error is thrown: connections dealt to a loop that never runs would hang.
    /// `waitUntilStopped` still returns once they have stopped.
    func start() throws(HTTPServerError) {
        // Writes use MSG_NOSIGNAL; ignoring SIGPIPE as well covers any other write path.
        signal(SIGPIPE, SIG_IGN)
        let distributor = ConnectionDistributor(loopCount: inboxes.count)
        for index in inboxes.indices {
            let started = DetachedThread.start(name: "http-loop") { [self] in
                EventLoop(
                    epoll: epolls[index], listener: listener, inboxes: inboxes, index: index, distributor: distributor,
                    configuration: configuration, responder: responder,
                    logger: logger, gauge: gauge, requestIDs: RequestIDSource()
                ).run()
                stopped.signal()
            }
            guard started else {
                // With default attributes, pthread_create(3) fails only with EAGAIN (a thread limit or no memory).
                let failure = HTTPServerError(operation: "pthread_create", errno: EAGAIN)
                // Those never started count as stopped; those running drain and stop.
                for _ in index..<inboxes.count { stopped.signal() }
                shutdown()
                throw failure
            }
        }
    }

    /// Stops accepting and drains: idle connections close now, busy ones after their response, and
    /// whatever is left when the grace period ends is closed.
    func shutdown() {
        let deadline = SystemClock.uptimeNanoseconds() &+ configuration.shutdownGracePeriod.nanoseconds
        for inbox in inboxes { inbox.post(.shutdown(deadline: deadline)) }
    }

    /// Blocks until every loop has stopped, then closes the listening socket and the loops' epoll instances.
    func waitUntilStopped() {
        for _ in inboxes { stopped.wait() }
        for epoll in epolls { close(epoll.descriptor) }
        close(listener)
    }

    /// The number of open connections, for logs and tests.
    var openConnections: Int { gauge.count }
}
