@preconcurrency import Glibc

/// epoll(7), looked up with dlsym because Swift's Glibc module does not import <sys/epoll.h> and
/// this package adds no C targets. The constants and the event layout are the kernel ABI's
/// (include/uapi/linux/eventpoll.h): `struct epoll_event` is packed on x86_64 (12 bytes) and
/// naturally aligned elsewhere (16 bytes).
struct Epoll {
    /// EPOLLIN: readable.
    static let readable: UInt32 = 0x001
    /// EPOLLOUT: writable.
    static let writable: UInt32 = 0x004
    /// EPOLLERR: error condition.
    static let error: UInt32 = 0x008
    /// EPOLLHUP: hang-up.
    static let hangUp: UInt32 = 0x010
    /// EPOLLRDHUP: the peer shut down its writing half.
    static let peerHalfClosed: UInt32 = 0x2000
    /// EPOLLEXCLUSIVE: wake only one of the epoll sets sharing this descriptor.
    static let exclusive: UInt32 = 1 << 28

    #if arch(x86_64)
    /// Bytes per `struct epoll_event`.
    static let eventStride = 12
    private static let dataOffset = 4
    #else
    /// Bytes per `struct epoll_event`.
    static let eventStride = 16
    private static let dataOffset = 8
    #endif

    private typealias CreateFunction = @convention(c) (Int32) -> Int32
    private typealias ControlFunction = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias WaitFunction = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

    private let control: ControlFunction
    private let wait: WaitFunction
    /// The epoll instance.
    let descriptor: Int32

    /// Creates an epoll instance (close-on-exec).
    init() throws(HTTPServerError) {
        guard let create = dlsym(nil, "epoll_create1"), let control = dlsym(nil, "epoll_ctl"),
              let wait = dlsym(nil, "epoll_wait") else {
            throw HTTPServerError(operation: "dlsym epoll", errno: ENOSYS)
        }
        self.control = unsafeBitCast(control, to: ControlFunction.self)
        self.wait = unsafeBitCast(wait, to: WaitFunction.self)
        // EPOLL_CLOEXEC == O_CLOEXEC.
        descriptor = unsafeBitCast(create, to: CreateFunction.self)(Int32(O_CLOEXEC))
        guard descriptor >= 0 else { throw HTTPServerError(operation: "epoll_create1", errno: errno) }
    }

    /// EPOLL_CTL_ADD.
    func add(_ target: Int32, events: UInt32, token: UInt64) throws(HTTPServerError) {
        guard change(1, target, events: events, token: token) == 0 else { throw HTTPServerError(operation: "epoll_ctl", errno: errno) }
    }

    /// EPOLL_CTL_MOD.
    func modify(_ target: Int32, events: UInt32, token: UInt64) {
        _ = change(3, target, events: events, token: token)
    }

    /// EPOLL_CTL_DEL.
    func remove(_ target: Int32) {
        _ = change(2, target, events: 0, token: 0)
    }

    private func change(_ operation: Int32, _ target: Int32, events: UInt32, token: UInt64) -> Int32 {
        var event = [UInt8](repeating: 0, count: Self.eventStride)
        return event.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: token, toByteOffset: Self.dataOffset, as: UInt64.self)
            return control(descriptor, operation, target, raw.baseAddress)
        }
    }

    /// Waits up to `timeoutMilliseconds`, filling `buffer` (a multiple of `eventStride` bytes); returns the count or -1.
    func wait(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int32) -> Int32 {
        wait(descriptor, buffer.baseAddress, Int32(buffer.count / Self.eventStride), timeoutMilliseconds)
    }

    /// The events and token of the `index`th filled event.
    static func event(at index: Int, in buffer: UnsafeRawBufferPointer) -> (events: UInt32, token: UInt64) {
        let base = index * eventStride
        return (buffer.loadUnaligned(fromByteOffset: base, as: UInt32.self),
                buffer.loadUnaligned(fromByteOffset: base + dataOffset, as: UInt64.self))
    }
}
