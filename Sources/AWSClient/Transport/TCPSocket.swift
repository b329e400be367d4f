@preconcurrency import Glibc
import FoundationEssentials

/// A non-blocking TCP client socket whose every wait is bounded by the exchange's deadline.
///
/// `@unchecked Sendable`: a socket belongs to one exchange at a time; the connection pool hands it from one to the
/// next under its lock, and the descriptor is only closed by `close()` from its owner.
final class TCPSocket: @unchecked Sendable {
    /// The descriptor; -1 once closed.
    private(set) var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close()
    }

    /// Resolves `host` (IPv4 and IPv6, getaddrinfo(3)) and connects to the first address that accepts, with
    /// TCP_NODELAY (requests are written whole; Nagle would only delay them).
    static func connect(host: String, port: Int, deadline: TransportDeadline, handle: ExchangeHandle) throws(AWSClientError) -> TCPSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        // No AI_ADDRCONFIG: glibc ignores loopback when applying it, so "localhost" would not resolve in a container
        // with only a loopback interface; an address family with no route just fails fast and the next is tried.
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .connectionFailed("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var lastError = AWSClientError.connectionFailed("no address for \(host)")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry?.pointee {
            entry = address.ai_next
            do throws(AWSClientError) {
                return try connect(to: address, deadline: deadline, handle: handle)
            } catch where error.code == AWSClientError.connectionFailedCode && !handle.isOver {
                lastError = .connectionFailed("connecting to \(host) port \(port): \(error.message)")
            }
        }
        throw lastError
    }

    private static func connect(to address: addrinfo, deadline: TransportDeadline, handle: ExchangeHandle) throws(AWSClientError) -> TCPSocket {
        let descriptor = socket(address.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .connectionFailed("socket: \(Self.errnoText())") }
        let socket = TCPSocket(descriptor: descriptor)
        handle.attach(descriptor)
        do throws(AWSClientError) {
            var one: Int32 = 1
            _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else { throw .connectionFailed(Self.errnoText()) }
                try socket.wait(for: Int16(POLLOUT), deadline: deadline, handle: handle, phase: "connecting")
                var failure: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length) == 0 else {
                    throw .connectionFailed(Self.errnoText())
                }
                guard failure == 0 else { throw .connectionFailed(String(cString: strerror(failure))) }
            }
            return socket
        } catch {
            // Detached before the close, so a late cancellation cannot shut down a reused descriptor number.
            handle.detach()
            socket.close()
            throw error
        }
    }

    /// Waits until the socket is ready for `events` (POLLIN or POLLOUT), within the deadline.
    func wait(for events: Int16, deadline: TransportDeadline, handle: ExchangeHandle, phase: String) throws(AWSClientError) {
        while true {
            if handle.isOver { throw .connectionFailed("cancelled while \(phase)") }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, try deadline.pollMilliseconds(while: phase))
            if ready > 0 || (ready < 0 && errno != EINTR) {
                // Readiness, an error or a hang-up: the next call on the socket says which.
                if handle.isOver { throw .connectionFailed("cancelled while \(phase)") }
                return
            }
        }
    }

    /// What one read or write did.
    enum Step {
        /// This many bytes moved; 0 on a read means the peer ended the stream.
        case transferred(Int)
        /// Nothing moved: wait for these poll(2) events, then try again.
        case wouldBlock(Int16)
    }

    /// Writes some of `bytes`.
    func send(_ bytes: UnsafeRawBufferPointer) throws(AWSClientError) -> Step {
        let sent = Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if sent >= 0 { return .transferred(sent) }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wouldBlock(Int16(POLLOUT)) }
        throw .connectionFailed("sending: \(Self.errnoText())")
    }

    /// Reads into `buffer`.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(AWSClientError) -> Step {
        let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
        if count >= 0 { return .transferred(count) }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wouldBlock(Int16(POLLIN)) }
        throw .connectionFailed("receiving: \(Self.errnoText())")
    }

    /// Whether an idle connection has been closed by its peer or has bytes nobody asked for (either way it can
    /// carry no request): poll(2) with no wait.
    var isReadableOrClosed: Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) != 0
    }

    /// Closes the descriptor (once).
    func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
