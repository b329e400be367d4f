import FoundationEssentials
import Testing
@testable import Domain

/// Dates from UTC calendar fields (`Date+UTC`), as the HTTP Date header parser builds them.
@Suite struct DateUTCTests {
    @Test(arguments: [
        (2026, 2, 28, 23, 59, 59, true),
        (2024, 2, 29, 0, 0, 0, true),
        (2026, 2, 29, 0, 0, 0, false),
        (2026, 11, 31, 0, 0, 0, false),
        (2026, 13, 1, 0, 0, 0, false),
        (2026, 1, 1, 24, 0, 0, false),
        (2026, 1, 1, 0, 60, 0, false),
        (2026, 1, 1, 0, 0, 60, false),
    ])
    func utcFieldsOutOfRangeMakeNoDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, valid: Bool) {
        let date = Date(utcYear: year, month: month, day: day, hour: hour, minute: minute, second: second)
        #expect((date != nil) == valid)
        if let date {
            let fields = date.utcComponents([.year, .month, .day, .hour, .minute, .second])
            #expect([fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second] == [year, month, day, hour, minute, second])
        }
    }
}
