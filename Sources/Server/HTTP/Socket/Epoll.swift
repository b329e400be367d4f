@preconcurrency import Glibc
import CEpoll

/// epoll(7): one instance per event loop, level-triggered, with a 64-bit token per registered descriptor.
struct Epoll {
    /// EPOLLIN: readable.
    static let readable = UInt32(EPOLLIN.rawValue)
    /// EPOLLOUT: writable.
    static let writable = UInt32(EPOLLOUT.rawValue)
    /// EPOLLERR: error condition.
    static let error = UInt32(EPOLLERR.rawValue)
    /// EPOLLHUP: hang-up.
    static let hangUp = UInt32(EPOLLHUP.rawValue)
    /// EPOLLRDHUP: the peer shut down its writing half.
    static let peerHalfClosed = UInt32(EPOLLRDHUP.rawValue)
    /// EPOLLEXCLUSIVE: wake only one of the epoll sets sharing this descriptor (the shared listener).
    static let exclusive = UInt32(EPOLLEXCLUSIVE.rawValue)

    /// The epoll instance.
    let descriptor: Int32

    /// Creates an epoll instance (close-on-exec).
    init() throws(HTTPServerError) {
        descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else { throw HTTPServerError(operation: "epoll_create1", errno: errno) }
    }

    /// EPOLL_CTL_ADD.
    func add(_ target: Int32, events: UInt32, token: UInt64) throws(HTTPServerError) {
        guard change(EPOLL_CTL_ADD, target, events: events, token: token) == 0 else {
            throw HTTPServerError(operation: "epoll_ctl", errno: errno)
        }
    }

    /// EPOLL_CTL_MOD.
    func modify(_ target: Int32, events: UInt32, token: UInt64) {
        _ = change(EPOLL_CTL_MOD, target, events: events, token: token)
    }

    /// EPOLL_CTL_DEL.
    func remove(_ target: Int32) {
        _ = change(EPOLL_CTL_DEL, target, events: 0, token: 0)
    }

    private func change(_ operation: Int32, _ target: Int32, events: UInt32, token: UInt64) -> Int32 {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        return epoll_ctl(descriptor, operation, target, &event)
    }

    /// Waits up to `timeoutMilliseconds`, filling `buffer`; returns the count of events, or -1.
    func wait(into buffer: UnsafeMutableBufferPointer<epoll_event>, timeoutMilliseconds: Int32) -> Int32 {
        epoll_wait(descriptor, buffer.baseAddress, Int32(buffer.count), timeoutMilliseconds)
    }
}
