import FoundationEssentials
import Platform

/// The threads blocking exchanges run on, so a poll(2), connect or getaddrinfo never holds one of Swift
/// concurrency's few cooperative threads.
///
/// At most `maxThreads` run at once (beyond that, exchanges queue, their deadlines running); threads start when
/// needed and end after a minute idle, so an idle service holds none. `@unchecked Sendable`: every mutable field is
/// only touched with `condition` locked.
final class TransportThreads: @unchecked Sendable {
    private let condition = PThreadCondition()
    private let maxThreads: Int
    private var jobs: [@Sendable () -> Void] = []
    private var threads = 0
    private var waiting = 0

    /// A pool of at most `maxThreads` threads.
    init(maxThreads: Int) {
        self.maxThreads = max(1, maxThreads)
    }

    /// Runs `job` on one of the threads.
    func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        if waiting >= jobs.count || threads >= maxThreads {
            condition.signal()
        } else {
            threads += 1
            if !DetachedThread.start(name: "aws-transport", { [self] in work() }) {
                // No thread to be had (the system's limit): the job waits for a running one, or its deadline.
                threads -= 1
            }
        }
        condition.unlock()
    }

    private func work() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            waiting += 1
            let signalled = condition.wait(timeout: .seconds(60))
            waiting -= 1
            if !signalled && jobs.isEmpty {
                threads -= 1
                condition.unlock()
                return
            }
        }
    }
}
