import Glibc

/// A named, detached POSIX thread, for loops that block (epoll, blocking I/O) and must not hold a thread of the
/// Swift concurrency pool. Not Foundation's `Thread`: it links all of Foundation into the binary
/// (docs/PERFORMANCE.md, "Idle memory").
public enum DetachedThread {
    /// Starts `body` on a new thread named `name` (the kernel keeps its first 15 bytes, shown by `top -H`);
    /// false when the system refused a thread (pthread_create(3): EAGAIN at the thread limit).
    @discardableResult
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        let context = Unmanaged.passRetained(ThreadContext(name: name, body: body))
        var thread = pthread_t()
        guard pthread_create(&thread, nil, runThread, context.toOpaque()) == 0 else {
            context.release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}

/// What a new thread runs, handed to it through pthread_create's one pointer argument.
private final class ThreadContext: Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }

    /// Names the calling thread through proc(5)'s `/proc/thread-self/comm`: pthread_setname_np is not in Swift's
    /// Glibc module, and prctl(2) is variadic. A name is only a debugging aid, so a failure is ignored.
    func nameCurrentThread() {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
}

/// The new thread's entry point: takes back the context `start` retained, then runs it.
private func runThread(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let raw else { return nil }
    let context = Unmanaged<ThreadContext>.fromOpaque(raw).takeRetainedValue()
    context.nameCurrentThread()
    context.body()
    return nil
}
