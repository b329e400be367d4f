import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The live transport: HTTPS through one shared URLSession (connection reuse), no redirects followed.
///
/// The session is made on the first call, not at start-up: making it initialises libcurl (`curl_global_init`),
/// which initialises its TLS and SSH back ends and touches megabytes of libcrypto, gnutls and p11-kit pages that a
/// service which has not yet made an AWS call does not need (docs/PERFORMANCE.md, "HTTP engine").
public final class URLSessionTransport: AWSHTTPTransport {
    /// The code of a transport error caused by a timeout (costs more retry quota).
    public static let timedOutCode = "TimedOut"
    /// The code of any other transport failure: refused, reset, DNS, TLS, lost connection.
    public static let connectionFailedCode = "ConnectionFailed"

    private let session: LazySession

    /// Creates the transport; `connectTimeout` also bounds any silence while waiting for bytes.
    public init(connectTimeout: Duration = .seconds(10)) {
        session = LazySession {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = Self.seconds(connectTimeout)
            configuration.httpShouldSetCookies = false
            configuration.httpCookieAcceptPolicy = .never
            configuration.urlCache = nil
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            return URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
        }
    }

    deinit {
        session.made?.finishTasksAndInvalidate()
    }

    /// Sends the request; the whole exchange must finish within `timeout`.
    public func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        let session = session.get()
        do {
            // The total deadline: URLSession's own timeouts are idle timeouts, so race the exchange
            // against a sleep and cancel whichever loses.
            return try await withThrowingTaskGroup(of: AWSHTTPResponse.self) { group in
                group.addTask {
                    var urlRequest = URLRequest(url: request.url)
                    urlRequest.httpMethod = request.method
                    urlRequest.httpBody = request.body
                    urlRequest.timeoutInterval = Self.seconds(timeout)
                    for header in request.headers {
                        urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
                    }
                    let (data, response) = try await Self.exchange(urlRequest, on: session)
                    guard let http = response as? HTTPURLResponse else {
                        throw AWSClientError(kind: .transport, code: Self.connectionFailedCode, message: "not an HTTP response")
                    }
                    var headers: [String: String] = [:]
                    for (name, value) in http.allHeaderFields {
                        headers["\(name)"] = "\(value)"
                    }
                    return AWSHTTPResponse(status: http.statusCode, headers: headers, body: data)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw URLError(.timedOut)
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else {
                    throw URLError(.unknown)
                }
                return first
            }
        } catch let error as AWSClientError {
            throw error
        } catch let error as URLError {
            let code = error.code == .timedOut ? Self.timedOutCode : Self.connectionFailedCode
            throw AWSClientError(kind: .transport, code: code,
                                 message: "\(request.method) \(request.url.host ?? ""): \(error.localizedDescription) (URLError \(error.code.rawValue))")
        } catch {
            throw AWSClientError(kind: .transport, code: Self.connectionFailedCode, message: "\(error)")
        }
    }

    /// One exchange through a data task. Not `URLSession.data(for:)`: on Linux its cancellation handler calls
    /// `URLSessionTask.cancel()`, which waits on the session's queue while holding the Swift task's status lock,
    /// and that queue may at the same moment be resuming this task's continuation, which needs the same lock: a
    /// cancelled call (a lost timeout race, a failed sibling) then deadlocked every later request. Here the
    /// cancel is handed to another queue, so nothing waits while the lock is held.
    private static func exchange(_ urlRequest: URLRequest, on session: URLSession) async throws -> (Data, URLResponse) {
        let handle = DataTaskHandle()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let response {
                        continuation.resume(returning: (data ?? Data(), response))
                    } else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                    }
                }
                handle.start(task)
            }
        } onCancel: {
            handle.cancel()
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Refuses every redirect: an AWS API never redirects a signed call, and following one would send the
/// signed request somewhere else. A stateless delegate object, so sharing it across threads is safe.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// The data task of one exchange, so a cancellation that arrives before or after it starts cancels it.
/// `@unchecked Sendable`: its mutable fields are only touched under `lock`.
private final class DataTaskHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func start(_ task: URLSessionDataTask) {
        lock.lock()
        self.task = task
        let cancelled = cancelled
        lock.unlock()
        task.resume()
        if cancelled { Self.cancelLater(task) }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        let task = task
        lock.unlock()
        if let task { Self.cancelLater(task) }
    }

    /// `URLSessionTask.cancel()` waits on the session's queue; never from a cancellation handler's thread.
    private static func cancelLater(_ task: URLSessionDataTask) {
        DispatchQueue.global().async { task.cancel() }
    }
}

/// The transport's one URLSession, made by the first caller that needs it.
/// `@unchecked Sendable`: `session` is only read or written under `lock`, and `make` is immutable.
private final class LazySession: @unchecked Sendable {
    private let lock = NSLock()
    private let make: @Sendable () -> URLSession
    private var session: URLSession?

    init(make: @escaping @Sendable () -> URLSession) { self.make = make }

    /// The session, made now if this is the first call.
    func get() -> URLSession {
        lock.lock()
        defer { lock.unlock() }
        if let session { return session }
        let made = make()
        session = made
        return made
    }

    /// The session if one was made, without making it.
    var made: URLSession? {
        lock.lock()
        defer { lock.unlock() }
        return session
    }
}
