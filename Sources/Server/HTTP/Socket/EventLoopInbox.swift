@preconcurrency import Glibc
import Synchronization

/// The one way into an event loop from other threads: jobs queued under a mutex, plus a pipe whose
/// read end sits in the loop's epoll set to wake it.
final class EventLoopInbox: Sendable {
    /// Work for the loop.
    enum Job: Sendable {
        /// A responder task finished for the connection with this id.
        case responded(connectionID: UInt64, HTTPResponse)
        /// Stop accepting and drain; force-close what is left at `deadline` (monotonic nanoseconds).
        case shutdown(deadline: UInt64)
        /// A connection another loop accepted (already counted in the gauge as `connectionID`), for this loop to serve.
        case adopt(descriptor: Int32, connectionID: UInt64)
    }

    /// The pipe end the loop watches.
    let wakeDescriptor: Int32
    private let signalDescriptor: Int32
    /// Jobs, and whether a wake-up byte is already in the pipe (one is enough).
    private let state = Mutex<(jobs: [Job], woken: Bool)>(([], false))

    /// Makes an inbox with its own non-blocking pipe.
    init() throws(HTTPServerError) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw HTTPServerError(operation: "pipe", errno: errno) }
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        wakeDescriptor = ends[0]
        signalDescriptor = ends[1]
    }

    deinit {
        close(wakeDescriptor)
        close(signalDescriptor)
    }

    /// Queues a job and wakes the loop.
    func post(_ job: Job) {
        let mustWake = state.withLock { state in
            state.jobs.append(job)
            defer { state.woken = true }
            return !state.woken
        }
        guard mustWake else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(signalDescriptor, &byte, 1)
    }

    /// Takes every queued job and empties the pipe.
    func drain() -> [Job] {
        var scratch = [UInt8](repeating: 0, count: 64)
        while scratch.withUnsafeMutableBytes({ Glibc.read(wakeDescriptor, $0.baseAddress, $0.count) }) > 0 {}
        return state.withLock { state in
            defer {
                state.jobs.removeAll(keepingCapacity: true)
                state.woken = false
            }
            return state.jobs
        }
    }
}
