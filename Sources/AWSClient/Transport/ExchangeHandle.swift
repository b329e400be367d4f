import FoundationEssentials
@preconcurrency import Glibc
import Platform

/// One `send`'s rendezvous between the awaiting task and the worker thread doing the blocking exchange.
///
/// Whoever comes first resumes the task: the worker with its result, a cancellation, or the deadline's backstop
/// timer (which covers a wait the worker cannot bound, such as getaddrinfo). A cancellation or the timer also shuts
/// down the socket the worker is using, which wakes its poll(2) at once; the worker then finds the exchange over
/// and discards the connection. `@unchecked Sendable`: every mutable field is only touched under `lock`, and the
/// socket is shut down (never closed) under it, so a descriptor number reused elsewhere is never touched.
final class ExchangeHandle: @unchecked Sendable {
    private let lock = PThreadMutex()
    private var continuation: CheckedContinuation<AWSHTTPResponse, any Error>?
    private var outcome: Result<AWSHTTPResponse, any Error>?
    private var socket: Int32?

    /// Installs the awaiting task's continuation; resumes it at once if the exchange already ended (a task
    /// cancelled before it began).
    func start(_ continuation: CheckedContinuation<AWSHTTPResponse, any Error>) {
        lock.lock()
        if let outcome {
            lock.unlock()
            continuation.resume(with: outcome)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    /// Whether the task has been answered (cancelled or timed out): the worker should stop.
    var isOver: Bool {
        lock.lock()
        defer { lock.unlock() }
        return outcome != nil
    }

    /// The socket a cancellation must shut down while the worker uses it.
    func attach(_ descriptor: Int32) {
        lock.lock()
        socket = descriptor
        let over = outcome != nil
        lock.unlock()
        // Cancelled before the socket existed: stop the worker's first wait at once.
        if over { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    /// The worker is done with the socket (it will pool or close it): a late cancellation must not touch it.
    func detach() {
        lock.lock()
        socket = nil
        lock.unlock()
    }

    /// Answers the task, unless something else already did; a failure shuts down the socket in use.
    func finish(_ result: Result<AWSHTTPResponse, any Error>) {
        lock.lock()
        guard outcome == nil else {
            lock.unlock()
            return
        }
        outcome = result
        let waiting = continuation
        continuation = nil
        if let socket, case .failure = result { _ = shutdown(socket, Int32(SHUT_RDWR)) }
        lock.unlock()
        waiting?.resume(with: result)
    }
}
