@preconcurrency import Glibc
import CEpoll
import FoundationEssentials

/// One thread's epoll loop: accepts from the shared listener, reads, writes, and runs timeouts for its
/// connections. This file, `Epoll` and `HTTPServer` are the only places with file descriptors.
///
/// Everything here runs on the loop's own thread; other threads reach it only through `EventLoopInbox`.
final class EventLoop {
    private static let listenerToken = UInt64.max
    private static let inboxToken = UInt64.max - 1
    /// How long accepting stops when the process is out of file descriptors.
    private static let acceptPauseNanoseconds: UInt64 = 100_000_000

    private let epoll: Epoll
    private let listener: Int32
    private let inbox: EventLoopInbox
    /// Every loop's inbox, this one's at `index`: where accepted connections are dealt.
    private let inboxes: [EventLoopInbox]
    private let index: Int
    private let distributor: ConnectionDistributor
    private let configuration: HTTPConfiguration
    private let responder: any HTTPResponder
    private let logger: JSONLineLogger
    private let gauge: ConnectionGauge
    private let requestIDs: RequestIDSource
    private var connections: [UInt64: SocketConnection] = [:]
    private var clock = SystemClock()
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var draining = false
    private var forceCloseDeadline: UInt64?
    private var nextSweep: UInt64 = 0
    /// Set while accepting is paused for want of file descriptors: when to watch the listener again.
    private var acceptResumesAt: UInt64?
    private let sweepInterval: UInt64
    private let refusalBytes: [UInt8]
    /// Access-log lines of this loop turn, written with one write(2) after it.
    private var accessLog = LogBatch()

    /// An epoll instance watching the shared listener and `inbox`, for one loop. Made before any loop thread
    /// starts, so that a failure (out of descriptors) stops the server from starting instead of leaving a loop
    /// that is dealt connections but never runs. The caller closes it after the loop has stopped.
    static func makeEpoll(listener: Int32, inbox: EventLoopInbox) throws(HTTPServerError) -> Epoll {
        let epoll = try Epoll()
        do {
            // EPOLLEXCLUSIVE: only one loop wakes per incoming connection.
            try epoll.add(listener, events: Epoll.readable | Epoll.exclusive, token: listenerToken)
            try epoll.add(inbox.wakeDescriptor, events: Epoll.readable, token: inboxToken)
        } catch {
            close(epoll.descriptor)
            throw error
        }
        return epoll
    }

    /// Makes a loop over the shared listener, watched by `epoll` (from `makeEpoll`); it runs when `run()` is
    /// called on its thread.
    init(
        epoll: Epoll,
        listener: Int32,
        inboxes: [EventLoopInbox],
        index: Int,
        distributor: ConnectionDistributor,
        configuration: HTTPConfiguration,
        responder: any HTTPResponder,
        logger: JSONLineLogger,
        gauge: ConnectionGauge,
        requestIDs: RequestIDSource
    ) {
        self.epoll = epoll
        self.listener = listener
        self.inboxes = inboxes
        self.index = index
        self.inbox = inboxes[index]
        self.distributor = distributor
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        self.gauge = gauge
        self.requestIDs = requestIDs
        // Timeouts are checked at a quarter of the shortest one, between 5 ms and 1 s.
        let shortest = [configuration.headerTimeout, configuration.bodyTimeout, configuration.idleTimeout, configuration.writeTimeout]
            .map(\.nanoseconds).min() ?? 1_000_000_000
        sweepInterval = min(max(shortest / 4, 5_000_000), 1_000_000_000)
        var clock = SystemClock()
        refusalBytes = ResponseEncoder.encode(
            .problem(.serviceUnavailable, detail: "Too many connections; try again later."),
            requestVersion: .http11, isHead: false, keepAlive: false, requestID: "-", date: clock.now().httpDate
        )
    }

    /// Runs until shutdown has drained every connection.
    func run() {
        let capacity = 256
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while !(draining && connections.isEmpty) {
            let timeout = acceptResumesAt == nil ? sweepInterval : min(sweepInterval, Self.acceptPauseNanoseconds)
            let count = epoll.wait(into: events, timeoutMilliseconds: Int32(timeout / 1_000_000))
            if count < 0 {
                if errno == EINTR { continue }
                logger.error("epoll_wait failed", ["errno": .int(Int(errno))])
                break
            }
            for index in 0..<Int(count) {
                let (flags, token) = (events[index].events, events[index].data.u64)
                switch token {
                case Self.listenerToken: acceptConnections()
                case Self.inboxToken: runJobs()
                default:
                    guard let connection = connections[token] else { continue }
                    if flags & Epoll.writable != 0 { flush(connection) }
                    if flags & (Epoll.readable | Epoll.hangUp | Epoll.error | Epoll.peerHalfClosed) != 0,
                       connections[token] != nil {
                        readAvailable(connection)
                    }
                }
            }
            flushAccessLog()
            let now = SystemClock.uptimeNanoseconds()
            if let resume = acceptResumesAt, now >= resume { resumeAccepting() }
            if now >= nextSweep {
                nextSweep = now + sweepInterval
                sweepTimeouts()
                flushAccessLog()
            }
        }
        for connection in Array(connections.values) { closeNow(connection) }
    }

    private func flushAccessLog() {
        logger.write(accessLog)
        accessLog.removeAll()
    }

    private func acceptConnections() {
        while !draining {
            let descriptor = accept(listener, nil, nil)
            if descriptor < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM { return pauseAccepting(errno) }
                if errno != EAGAIN && errno != EWOULDBLOCK {
                    logger.warning("accept failed", ["errno": .int(Int(errno))])
                }
                return
            }
            guard let id = gauge.acquire() else {
                // A clean refusal beyond the cap: 503 and close, instead of a reset or a silent queue.
                refusalBytes.withUnsafeBytes { _ = send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                shutdown(descriptor, Int32(SHUT_WR))
                close(descriptor)
                logger.warning("connection refused: limit reached", ["limit": .int(gauge.limit)])
                continue
            }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let target = distributor.nextLoop()
            if target == index {
                serve(descriptor, id: id)
            } else {
                inboxes[target].post(.adopt(descriptor: descriptor, connectionID: id))
            }
        }
    }

    /// Stops watching the listener for a moment. The connection that could not be accepted keeps the
    /// (level-triggered) listener readable, so retrying at once would spin and flood the log; meanwhile the
    /// kernel queues new connections in the backlog, and the open ones are served as before.
    private func pauseAccepting(_ error: Int32) {
        epoll.remove(listener)
        acceptResumesAt = SystemClock.uptimeNanoseconds() + Self.acceptPauseNanoseconds
        logger.warning("accept paused: out of file descriptors", [
            "errno": .int(Int(error)), "pause_ms": .int(Int(Self.acceptPauseNanoseconds / 1_000_000)),
            "open_connections": .int(connections.count),
        ])
    }

    private func resumeAccepting() {
        acceptResumesAt = nil
        guard !draining else { return }
        do {
            try epoll.add(listener, events: Epoll.readable | Epoll.exclusive, token: Self.listenerToken)
        } catch {
            logger.warning("could not watch the listener again", ["error": .string(error.description)])
            acceptResumesAt = SystemClock.uptimeNanoseconds() + Self.acceptPauseNanoseconds
        }
    }

    /// Watches an accepted connection and starts its state machine.
    private func serve(_ descriptor: Int32, id: UInt64) {
        guard !draining else {
            // Dealt here as this loop began to drain: no request was read, so closing loses nothing.
            close(descriptor)
            gauge.release()
            return
        }
        let events = Epoll.readable | Epoll.peerHalfClosed
        do {
            try epoll.add(descriptor, events: events, token: id)
        } catch {
            logger.warning("could not watch a connection", ["error": .string(error.description)])
            close(descriptor)
            gauge.release()
            return
        }
        let machine = HTTPConnectionMachine(
            configuration: configuration, responder: responder,
            makeRequestID: { [requestIDs] in requestIDs.next() }, now: SystemClock.uptimeNanoseconds()
        )
        connections[id] = SocketConnection(descriptor: descriptor, id: id, machine: machine, registeredEvents: events)
    }

    private func runJobs() {
        for job in inbox.drain() {
            switch job {
            case .responded(let id, let response):
                guard let connection = connections[id] else { continue }
                perform(connection.machine.responded(response, now: clock.now()), on: connection)
            case .adopt(let descriptor, let id):
                serve(descriptor, id: id)
            case .shutdown(let deadline):
                guard !draining else { continue }
                draining = true
                forceCloseDeadline = deadline
                epoll.remove(listener)
                for connection in Array(connections.values) where connections[connection.id] != nil {
                    perform(connection.machine.beginShutdown(), on: connection)
                }
            }
        }
    }

    private func readAvailable(_ connection: SocketConnection) {
        for _ in 0..<4 {
            let received = readBuffer.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                if connection.lingerDeadline != nil { continue }
                let actions = readBuffer.withUnsafeBytes { buffer in
                    connection.machine.received(UnsafeRawBufferPointer(rebasing: buffer[0..<received]), now: clock.now())
                }
                perform(actions, on: connection)
                guard connections[connection.id] != nil else { return }
                if received < readBuffer.count || !connection.machine.wantsInput { break }
            } else if received == 0 {
                if connection.lingerDeadline != nil { return closeNow(connection) }
                perform(connection.machine.peerClosed(), on: connection)
                // The peer sends nothing more: stop watching for input so EPOLLRDHUP does not spin.
                if connections[connection.id] != nil && connection.lingerDeadline == nil { stopReading(connection) }
                return
            } else {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                return closeNow(connection)
            }
        }
        updateInterest(connection)
    }

    private func perform(_ actions: [HTTPConnectionMachine.Action], on connection: SocketConnection) {
        for action in actions {
            switch action {
            case .write(let bytes):
                enqueue(bytes, on: connection)
            case .respond(let bytes, let record):
                enqueue(bytes, on: connection)
                logger.appendRequest(record, to: &accessLog)
                // Keep each write(2) under PIPE_BUF (4096) so that, when stderr is a pipe, the loops'
                // batches stay atomic and their lines never interleave.
                if accessLog.bytes.count > 3_584 { flushAccessLog() }
                responder.didRespond(record)
            case .handle(let request):
                let id = connection.id
                Task { [responder, inbox] in
                    let response = await responder.respond(to: request)
                    inbox.post(.responded(connectionID: id, response))
                }
            case .close:
                connection.closeAfterFlush = true
            }
        }
        guard connections[connection.id] != nil else { return }
        if connection.closeAfterFlush && !connection.hasPendingOutput {
            beginClose(connection)
        } else {
            updateInterest(connection)
        }
    }

    /// Sends at once when nothing is queued (the common case: no copy), queueing only what the socket refuses.
    private func enqueue(_ bytes: [UInt8], on connection: SocketConnection) {
        if connection.hasPendingOutput {
            connection.outbound.append(contentsOf: bytes)
            return
        }
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                send(connection.descriptor, buffer.baseAddress.map { $0 + sent }, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if result > 0 {
                sent += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        if sent < bytes.count {
            connection.outbound = Array(bytes[sent...])
            connection.outboundOffset = 0
            connection.writeStalledSince = SystemClock.uptimeNanoseconds()
        }
    }

    private func flush(_ connection: SocketConnection) {
        while connection.hasPendingOutput {
            let offset = connection.outboundOffset
            let result = connection.outbound.withUnsafeBytes { buffer in
                send(connection.descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if result > 0 {
                connection.outboundOffset += result
                connection.writeStalledSince = SystemClock.uptimeNanoseconds()
            } else if result < 0 && errno == EINTR {
                continue
            } else if result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                return closeNow(connection)
            }
        }
        if !connection.hasPendingOutput {
            connection.outbound.removeAll(keepingCapacity: true)
            connection.outboundOffset = 0
            connection.writeStalledSince = nil
            if connection.closeAfterFlush { return beginClose(connection) }
        }
        updateInterest(connection)
    }

    /// Watches for input unless the machine is full or closed (lingering connections keep reading to
    /// drain), and for writability only while output is pending.
    private func updateInterest(_ connection: SocketConnection) {
        var wanted: UInt32 = 0
        if connection.machine.wantsInput || connection.lingerDeadline != nil { wanted |= Epoll.readable | Epoll.peerHalfClosed }
        if connection.hasPendingOutput { wanted |= Epoll.writable }
        setInterest(connection, wanted)
    }

    private func stopReading(_ connection: SocketConnection) {
        setInterest(connection, connection.hasPendingOutput ? Epoll.writable : 0)
    }

    private func setInterest(_ connection: SocketConnection, _ wanted: UInt32) {
        guard wanted != connection.registeredEvents else { return }
        epoll.modify(connection.descriptor, events: wanted, token: connection.id)
        connection.registeredEvents = wanted
    }

    /// RFC 9112 §9.6: close the write side first and drain what the client still sends, so a response
    /// followed by unread request bytes is not destroyed by a TCP reset.
    private func beginClose(_ connection: SocketConnection) {
        guard connection.lingerDeadline == nil else { return }
        shutdown(connection.descriptor, Int32(SHUT_WR))
        connection.lingerDeadline = SystemClock.uptimeNanoseconds() + 2_000_000_000
        updateInterest(connection)
    }

    private func closeNow(_ connection: SocketConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        epoll.remove(connection.descriptor)
        close(connection.descriptor)
        gauge.release()
    }

    private func sweepTimeouts() {
        let now = clock.now()
        let forceClose = forceCloseDeadline.map { now.uptimeNanoseconds >= $0 } ?? false
        for connection in Array(connections.values) where connections[connection.id] != nil {
            if forceClose {
                closeNow(connection)
            } else if let linger = connection.lingerDeadline, now.uptimeNanoseconds >= linger {
                closeNow(connection)
            } else if let stalled = connection.writeStalledSince, connection.hasPendingOutput,
                      now.uptimeNanoseconds &- stalled >= configuration.writeTimeout.nanoseconds {
                logger.warning("write timed out", ["connection": .int(Int(truncatingIfNeeded: connection.id))])
                closeNow(connection)
            } else if !connection.hasPendingOutput, let deadline = connection.machine.deadline, now.uptimeNanoseconds >= deadline {
                // While a response is still going out the write timeout governs, not idle or read timeouts.
                perform(connection.machine.tick(now: now), on: connection)
            }
        }
    }
}
