import Foundation
import Testing
@testable import Domain

/// Records requested sleeps and moves the test clock by them.
private actor SleepLog {
    private(set) var sleeps: [TimeInterval] = []
    func record(_ seconds: TimeInterval) { sleeps.append(seconds) }
}

@Suite struct WorkflowBudgetTests {
    @Test func theTokenBucketSpacesCallStartsAtTheConfiguredRate() async throws {
        let clock = TestClock()
        let log = SleepLog()
        let budget = CloudCallBudget(maxConcurrent: 10, perSecond: 2, clock: clock.read, sleep: { seconds in
            await log.record(seconds)
            clock.advance(by: seconds)
        })
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
        let budget = CloudCallBudget(maxConcurrent: 1, perSecond: 1, clock: clock.read, sleep: { seconds in
            await log.record(seconds)
            clock.advance(by: seconds)
        })
        for _ in 0..<3 {
            try await budget.acquire()
            await budget.release()
            clock.advance(by: 1)
        }
        #expect(await log.sleeps.isEmpty)
    }
}
