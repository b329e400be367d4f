import Dispatch
import FoundationEssentials
import Glibc
import Testing
@testable import Platform

/// The pthread lock and thread that stand in for Foundation's NSLock and Thread.
@Suite struct ConcurrencyPrimitivesTests {
    /// A counter only ever touched under its mutex; `@unchecked Sendable` for that reason.
    private final class GuardedCounter: @unchecked Sendable {
        let mutex = PThreadMutex()
        var value = 0
    }

    @Test func theMutexExcludesConcurrentIncrements() {
        let counter = GuardedCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<20_000 {
                counter.mutex.withLock { counter.value += 1 }
            }
        }
        #expect(counter.mutex.withLock { counter.value } == 160_000)
    }

    @Test func aDetachedThreadRunsItsBodyUnderItsName() {
        let done = DispatchSemaphore(value: 0)
        let seen = GuardedCounter()
        let names = LockedNames()
        let started = DetachedThread.start(name: "cordon-test-thread-long-name") {
            names.record(Self.currentThreadName())
            seen.mutex.withLock { seen.value = 1 }
            done.signal()
        }
        #expect(started)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(seen.mutex.withLock { seen.value } == 1)
        #expect(names.all == ["cordon-test-thr"])
    }

    /// Names recorded by other threads.
    private final class LockedNames: @unchecked Sendable {
        private let mutex = PThreadMutex()
        private var names: [String] = []
        func record(_ name: String) { mutex.withLock { names.append(name) } }
        var all: [String] { mutex.withLock { names } }
    }

    /// The calling thread's name as the kernel keeps it.
    private static func currentThreadName() -> String {
        let descriptor = open("/proc/thread-self/comm", O_RDONLY)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(descriptor, &buffer, buffer.count)
        return String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).trimmingWhitespace()
    }
}
