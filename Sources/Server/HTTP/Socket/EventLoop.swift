@preconcurrency import Glibc
import Dispatch
import Foundation

/// One serial queue's share of the server: accepts from the shared listener, reads and writes its
/// connections through Dispatch sources, and runs their timeouts. This file and `HTTPServer` are the
/// only places with file descriptors and Dispatch sources.
///
/// Every method runs on the loop's queue (enforced by `LoopConfined`); nothing here is shared.
final class EventLoop {
    private let listener: Int32
    private let configuration: HTTPConfiguration
    private let responder: any HTTPResponder
    private let logger: JSONLineLogger
    private let gauge: ConnectionGauge
    private let requestIDs: RequestIDSource
    private let onStopped: @Sendable () -> Void
    private var connections: [UInt64: SocketConnection] = [:]
    private var clock = SystemClock()
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var draining = false
    private var forceCloseDeadline: UInt64?
    private var acceptSource: (any DispatchSourceRead)?
    private var timer: (any DispatchSourceTimer)?
    private var confined: LoopConfined?
    private let refusalBytes: [UInt8]

    /// Makes a loop over the shared listener; `start` wires its sources.
    init(
        listener: Int32,
        configuration: HTTPConfiguration,
        responder: any HTTPResponder,
        logger: JSONLineLogger,
        gauge: ConnectionGauge,
        requestIDs: RequestIDSource,
        onStopped: @escaping @Sendable () -> Void
    ) {
        self.listener = listener
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        self.gauge = gauge
        self.requestIDs = requestIDs
        self.onStopped = onStopped
        var clock = SystemClock()
        refusalBytes = ResponseEncoder.encode(
            .problem(.serviceUnavailable, detail: "Too many connections; try again later."),
            requestVersion: .http11, isHead: false, keepAlive: false, requestID: "-", date: clock.now().httpDate
        )
    }

    /// Starts accepting and the timeout sweep; called once, on the loop's queue.
    func start(_ confined: LoopConfined) {
        self.confined = confined
        let accept = DispatchSource.makeReadSource(fileDescriptor: listener, queue: confined.queue)
        accept.setEventHandler { confined.access { $0.acceptConnections() } }
        accept.resume()
        acceptSource = accept
        // Timeouts are checked at a quarter of the shortest one, between 5 ms and 1 s.
        let shortest = [configuration.headerTimeout, configuration.bodyTimeout, configuration.idleTimeout, configuration.writeTimeout]
            .map(\.nanoseconds).min() ?? 1_000_000_000
        let interval = Int(min(max(shortest / 4, 5_000_000), 1_000_000_000))
        let sweep = DispatchSource.makeTimerSource(queue: confined.queue)
        sweep.schedule(deadline: .now() + .nanoseconds(interval), repeating: .nanoseconds(interval), leeway: .milliseconds(1))
        sweep.setEventHandler { confined.access { $0.sweepTimeouts() } }
        sweep.resume()
        timer = sweep
    }

    /// Stops accepting; idle connections close now, busy ones after their response, all by `deadline`.
    func beginShutdown(deadline: UInt64) {
        guard !draining else { return }
        draining = true
        forceCloseDeadline = deadline
        acceptSource?.cancel()
        acceptSource = nil
        for connection in Array(connections.values) where connections[connection.id] != nil {
            perform(connection.machine.beginShutdown(), on: connection)
        }
        stopIfDrained()
    }

    /// Feeds a responder task's answer back into its connection, if that connection still exists.
    func responded(connectionID: UInt64, _ response: HTTPResponse) {
        guard let connection = connections[connectionID] else { return }
        perform(connection.machine.responded(response, now: clock.now()), on: connection)
    }

    private func acceptConnections() {
        guard let confined else { return }
        while !draining {
            let descriptor = accept(listener, nil, nil)
            if descriptor < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
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
            var one: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let machine = HTTPConnectionMachine(
                configuration: configuration, responder: responder,
                makeRequestID: { [requestIDs] in requestIDs.next() }, now: SystemClock.uptimeNanoseconds()
            )
            let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: confined.queue)
            let connection = SocketConnection(descriptor: descriptor, id: id, machine: machine, readSource: source)
            source.setEventHandler { confined.access { $0.readAvailable(id) } }
            source.setCancelHandler { confined.access { $0.cancelled(id) } }
            connections[id] = connection
            source.resume()
        }
    }

    private func readAvailable(_ id: UInt64) {
        guard let connection = connections[id] else { return }
        let received = readBuffer.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
        if received > 0 {
            if connection.lingerDeadline != nil { return }
            let actions = readBuffer.withUnsafeBytes { buffer in
                connection.machine.received(UnsafeRawBufferPointer(rebasing: buffer[0..<received]), now: clock.now())
            }
            perform(actions, on: connection)
        } else if received == 0 {
            if connection.lingerDeadline != nil { return closeNow(connection) }
            perform(connection.machine.peerClosed(), on: connection)
        } else if errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK {
            closeNow(connection)
        }
    }

    private func perform(_ actions: [HTTPConnectionMachine.Action], on connection: SocketConnection) {
        for action in actions {
            switch action {
            case .write(let bytes):
                enqueue(bytes, on: connection)
            case .respond(let bytes, let record):
                enqueue(bytes, on: connection)
                logger.info("request", [
                    "request_id": .string(record.requestID), "method": .string(record.method), "path": .string(record.path),
                    "status": .int(record.status), "duration_ms": .double(Double(record.durationNanoseconds) / 1_000_000),
                ])
            case .handle(let request):
                guard let confined else { continue }
                let id = connection.id
                Task { [responder] in
                    let response = await responder.respond(to: request)
                    confined.submit { $0.responded(connectionID: id, response) }
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
            connection.writeStalledSince = connection.writeStalledSince ?? SystemClock.uptimeNanoseconds()
        }
    }

    private func flush(_ id: UInt64) {
        guard let connection = connections[id] else { return }
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

    /// Matches the sources to what the connection needs: reading unless the machine is full or closed
    /// (lingering connections keep reading to drain), a write source only while output is pending.
    private func updateInterest(_ connection: SocketConnection) {
        let wantsRead = connection.machine.wantsInput || connection.lingerDeadline != nil
        if wantsRead && connection.readSuspended {
            connection.readSource.resume()
            connection.readSuspended = false
        } else if !wantsRead && !connection.readSuspended {
            connection.readSource.suspend()
            connection.readSuspended = true
        }
        if connection.hasPendingOutput, connection.writeSource == nil, let confined {
            let id = connection.id
            let source = DispatchSource.makeWriteSource(fileDescriptor: connection.descriptor, queue: confined.queue)
            source.setEventHandler { confined.access { $0.flush(id) } }
            source.setCancelHandler { confined.access { $0.cancelled(id) } }
            connection.writeSource = source
            connection.outstandingCancels += 1
            source.resume()
        } else if !connection.hasPendingOutput, let source = connection.writeSource {
            connection.writeSource = nil
            source.cancel()
        }
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
        connection.writeSource?.cancel()
        connection.writeSource = nil
        // A suspended source must be resumed before it is released; cancel handlers then run in turn.
        if connection.readSuspended { connection.readSource.resume() }
        connection.outstandingCancels += 1
        connection.readSource.cancel()
        closing[connection.id] = connection
        stopIfDrained()
    }

    /// Connections whose sources are being cancelled; their descriptor closes when the last handler ran.
    private var closing: [UInt64: SocketConnection] = [:]

    private func cancelled(_ id: UInt64) {
        guard let connection = closing[id] ?? connections[id] else { return }
        connection.outstandingCancels -= 1
        guard connection.outstandingCancels == 0, closing.removeValue(forKey: id) != nil else { return }
        close(connection.descriptor)
        gauge.release()
        stopIfDrained()
    }

    private func stopIfDrained() {
        guard draining, connections.isEmpty, closing.isEmpty, let timer else { return }
        timer.cancel()
        self.timer = nil
        confined = nil
        onStopped()
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
            } else if let deadline = connection.machine.deadline, now.uptimeNanoseconds >= deadline {
                perform(connection.machine.tick(now: now), on: connection)
            }
        }
    }
}
