import Dispatch

/// Hands an event loop to Dispatch handlers and tasks as a Sendable value.
///
/// `@unchecked` is sound because the wrapped loop is only ever touched on `queue`, a serial queue:
/// every handler and every completion is submitted to it, and `access` checks that it runs there.
final class LoopConfined: @unchecked Sendable {
    /// The serial queue that owns the loop.
    let queue: DispatchQueue
    private let loop: EventLoop

    /// Wraps a loop owned by `queue`.
    init(_ loop: EventLoop, queue: DispatchQueue) {
        self.loop = loop
        self.queue = queue
    }

    /// Runs `body` with the loop; the caller must already be on `queue`.
    func access(_ body: (EventLoop) -> Void) {
        dispatchPrecondition(condition: .onQueue(queue))
        body(loop)
    }

    /// Runs `body` with the loop on its queue, from any thread.
    func submit(_ body: @escaping @Sendable (EventLoop) -> Void) {
        queue.async { self.access(body) }
    }
}
