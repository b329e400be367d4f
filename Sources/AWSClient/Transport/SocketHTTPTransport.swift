import Dispatch
import FoundationEssentials

/// The live transport: HTTP/1.1 over Glibc sockets, TLS from OpenSSL's libssl, keep-alive connections per origin.
///
/// Written for Cordon's memory budget: URLSession (FoundationNetworking) linked libcurl and some thirty shared
/// libraries, about 9 MiB of idle RSS (issue #2). Redirects are never followed (an AWS API never redirects a signed
/// call; following one would send it elsewhere): a 3xx is returned like any response. Every blocking step runs on
/// `TransportThreads` under one deadline for the whole exchange; a cancelled task is answered at once.
public final class SocketHTTPTransport: AWSHTTPTransport {
    private let pool: ConnectionPool
    private let threads: TransportThreads
    private let tls: LazyTLSContext
    private let limits: HTTPResponseParser.Limits
    /// The proxy settings, or why they are unusable (reported by every call, as a configuration error).
    private let proxies: Result<ProxyConfiguration, AWSClientError>

    /// Creates the transport. `environment` is the process environment Cordon passes around: `AWS_CA_BUNDLE`
    /// names a PEM file of extra trusted roots, and `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` choose proxies
    /// (the AWS SDKs' conventions; `ProxyConfiguration`). Idle connections are kept
    /// `idleTimeout` (below the idle timeouts of AWS endpoints and NAT gateways, so a kept connection is rarely
    /// found dead), at most `maxIdleConnectionsPerHost` per origin; at most `maxThreads` exchanges run at once.
    public init(environment: [String: String] = [:], maxIdleConnectionsPerHost: Int = 8,
                idleTimeout: Duration = .seconds(20), maxThreads: Int = 64) {
        pool = ConnectionPool(maxIdlePerKey: maxIdleConnectionsPerHost, idleTimeout: idleTimeout)
        threads = TransportThreads(maxThreads: maxThreads)
        tls = LazyTLSContext(caBundle: environment["AWS_CA_BUNDLE"].flatMap { $0.isEmpty ? nil : $0 })
        limits = HTTPResponseParser.Limits()
        proxies = Result { () throws(AWSClientError) in try ProxyConfiguration(environment: environment) }
    }

    /// Sends the request; the whole exchange (connect, TLS handshake, write, read) must finish within `timeout`.
    public func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        let deadline = TransportDeadline(after: timeout)
        let handle = ExchangeHandle()
        let key = try request.connectionKey(proxies: proxies.get())
        let bytes = try request.wireBytes(absoluteForm: key.proxy != nil && !key.isTLS)
        let origin = "\(request.method) \(key.scheme)://\(key.host):\(key.port)"
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                handle.start(continuation)
                // The backstop for what the worker cannot bound itself (getaddrinfo, a queue of busy threads).
                DispatchQueue.global().asyncAfter(deadline: .now() + Self.seconds(timeout)) {
                    handle.finish(.failure(AWSClientError.timedOut("\(origin): no complete answer within \(timeout)")))
                }
                threads.run { [self] in
                    guard !handle.isOver else { return }
                    handle.finish(Result { () throws(AWSClientError) in
                        do throws(AWSClientError) {
                            return try exchange(bytes, method: request.method, key: key, deadline: deadline, handle: handle)
                        } catch {
                            throw AWSClientError(kind: error.kind, code: error.code, message: "\(origin): \(error.message)")
                        }
                    }.mapError { $0 as any Error })
                }
            }
        } onCancel: {
            handle.finish(.failure(CancellationError()))
        }
    }

    /// One exchange on a pooled or new connection; the connection goes back to the pool only after a complete
    /// response that allows it, and is closed after anything else.
    private func exchange(_ bytes: [UInt8], method: String, key: ConnectionPool.Key, deadline: TransportDeadline,
                          handle: ExchangeHandle) throws(AWSClientError) -> AWSHTTPResponse {
        let connection = if let pooled = pool.take(key) {
            pooled
        } else {
            try HTTPConnection.open(key, deadline: deadline, handle: handle, tlsContext: { () throws(AWSClientError) in try tls.get() })
        }
        handle.attach(connection.descriptor)
        defer { handle.detach() }
        do throws(AWSClientError) {
            try connection.write(bytes, deadline: deadline, handle: handle)
            var parser = HTTPResponseParser(requestMethod: method, limits: limits)
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let count = try buffer.withUnsafeMutableBytes { raw in
                    Result { () throws(AWSClientError) in try connection.read(into: raw, deadline: deadline, handle: handle) }
                }.get()
                guard count > 0 else {
                    let response = try parser.finish()
                    handle.detach()
                    connection.close()
                    return response
                }
                buffer.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                if case .complete(let response, let reusable) = try parser.parse() {
                    handle.detach()
                    if reusable && !handle.isOver { pool.put(connection) } else { connection.close() }
                    return response
                }
            }
        } catch {
            handle.detach()
            connection.close()
            throw error
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
