import FoundationEssentials

/// One HTTP/1.1 client connection: a TCP socket, with a TLS session over it for https.
///
/// `@unchecked Sendable`: a connection belongs to one exchange at a time; the pool hands it from one to the next
/// under its lock.
final class HTTPConnection: @unchecked Sendable {
    /// Where it goes.
    let key: ConnectionPool.Key
    /// When it was last returned to the pool.
    var idleSince: ContinuousClock.Instant = .now

    private let socket: TCPSocket
    private let tls: TLSSession?

    private init(key: ConnectionPool.Key, socket: TCPSocket, tls: TLSSession?) {
        self.key = key
        self.socket = socket
        self.tls = tls
    }

    /// Connects (through the key's proxy, if any: a CONNECT tunnel for https) and for https shakes hands, all
    /// within the deadline; `tlsContext` is asked only for https.
    static func open(_ key: ConnectionPool.Key, deadline: TransportDeadline, handle: ExchangeHandle,
                     tlsContext: () throws(AWSClientError) -> TLSContext) throws(AWSClientError) -> HTTPConnection {
        // The context first: an unusable AWS_CA_BUNDLE fails before any connection is made.
        let context = key.isTLS ? try tlsContext() : nil
        let socket = try TCPSocket.connect(host: key.proxy?.host ?? key.host, port: key.proxy?.port ?? key.port,
                                           deadline: deadline, handle: handle)
        do throws(AWSClientError) {
            if let proxy = key.proxy, key.isTLS {
                try HTTPConnection(key: key, socket: socket, tls: nil).openTunnel(through: proxy, deadline: deadline, handle: handle)
            }
            let tls = try context.map { context throws(AWSClientError) in
                try TLSSession(context: context, socket: socket, host: key.host, deadline: deadline, handle: handle)
            }
            return HTTPConnection(key: key, socket: socket, tls: tls)
        } catch {
            handle.detach()
            socket.close()
            throw error
        }
    }

    /// Asks the proxy for a tunnel to the key's origin (RFC 9110 section 9.3.6); any answer but a bodiless 2xx
    /// with nothing after it is an error.
    private func openTunnel(through proxy: ProxyConfiguration.Endpoint, deadline: TransportDeadline, handle: ExchangeHandle) throws(AWSClientError) {
        let authority = key.host.contains(":") ? "[\(key.host)]:\(key.port)" : "\(key.host):\(key.port)"
        try write(Array("CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n\r\n".utf8), deadline: deadline, handle: handle)
        var parser = HTTPResponseParser(requestMethod: "CONNECT")
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(AWSClientError) in try read(into: raw, deadline: deadline, handle: handle) }
            }.get()
            guard count > 0 else {
                _ = try parser.finish()
                throw .connectionFailed("proxy \(proxy.host):\(proxy.port) closed the CONNECT tunnel to \(authority)")
            }
            buffer.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            guard case .complete(let response, let reusable) = try parser.parse() else { continue }
            guard (200..<300).contains(response.status) else {
                throw .connectionFailed("proxy \(proxy.host):\(proxy.port) refused CONNECT to \(authority): HTTP \(response.status)")
            }
            guard reusable else { throw .connectionFailed("proxy \(proxy.host):\(proxy.port) sent an unusable CONNECT answer") }
            return
        }
    }

    /// The socket, for the exchange's cancellation to shut down.
    var descriptor: Int32 { socket.descriptor }

    /// Whether a pooled connection can no longer carry a request: its peer closed it, or sent bytes unasked.
    var isUnusable: Bool { socket.isReadableOrClosed }

    /// Writes all of `bytes` within the deadline.
    func write(_ bytes: [UInt8], deadline: TransportDeadline, handle: ExchangeHandle) throws(AWSClientError) {
        var offset = 0
        while offset < bytes.count {
            // Array's withUnsafeBytes rethrows untyped; a Result keeps the error's type.
            let step = bytes.withUnsafeBytes { raw in
                Result { () throws(AWSClientError) in
                    let rest = UnsafeRawBufferPointer(rebasing: raw[offset...])
                    if let tls { return try tls.send(rest) }
                    return try socket.send(rest)
                }
            }
            switch try step.get() {
            case .transferred(let count): offset += count
            case .wouldBlock(let events): try socket.wait(for: events, deadline: deadline, handle: handle, phase: "sending the request")
            }
        }
    }

    /// Reads some bytes into `buffer` within the deadline; 0 means the peer ended the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: TransportDeadline, handle: ExchangeHandle) throws(AWSClientError) -> Int {
        while true {
            let step = if let tls { try tls.receive(into: buffer) } else { try socket.receive(into: buffer) }
            switch step {
            case .transferred(let count): return count
            case .wouldBlock(let events): try socket.wait(for: events, deadline: deadline, handle: handle, phase: "waiting for the response")
            }
        }
    }

    /// Closes the socket; the TLS session goes with the object.
    func close() {
        socket.close()
    }
}
