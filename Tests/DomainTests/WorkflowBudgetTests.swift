import Foundation
import Testing
@testable import Domain

/// Records the sleeps a budget asks for.
private actor SleepLog {
    private(set) var sleeps: [TimeInterval] = []
    func record(_ seconds: TimeInterval) { sleeps.append(seconds) }
}

@Suite struct WorkflowBudgetTests {
    /// A budget whose sleeps are logged and move the clock instead of waiting.
    private func makeBudget(maxConcurrent: Int, perSecond: Double, clock: TestClock, log: SleepLog) -> CloudCallBudget {
        CloudCallBudget(maxConcurrent: maxConcurrent, perSecond: perSecond, clock: clock.read, sleep: { seconds in
            await log.record(seconds)
            clock.advance(by: seconds)
        })
    }

    @Test func theTokenBucketSpacesCallStartsAtTheConfiguredRate() async throws {
        let clock = TestClock()
        let log = SleepLog()
        let budget = makeBudget(maxConcurrent: 10, perSecond: 2, clock: clock, log: log)
        for _ in 0..<5 {
            try await budget.acquire()
            await budget.release()
        }
        // A burst of two (one second's worth), then one start per half second.
        #expect(await log.sleeps == [0.5, 0.5, 0.5])
    }

    @Test func aBudgetRefillsWithTimeWithoutSleeping() async throws {
        let clock = TestClock()
        let log = SleepLog()
        let budget = makeBudget(maxConcurrent: 1, perSecond: 1, clock: clock, log: log)
        for _ in 0..<3 {
            try await budget.acquire()
            await budget.release()
            clock.advance(by: 1)
        }
        #expect(await log.sleeps.isEmpty)
    }
}
