import FoundationEssentials
import Platform

/// A signing time in SigV4's two forms: `20150830T123600Z` (X-Amz-Date) and `20150830` (credential scope).
struct AMZDate: Sendable, Equatable {
    /// The ISO 8601 basic timestamp in UTC, e.g. "20150830T123600Z".
    let timestamp: String
    /// The date part of the timestamp, e.g. "20150830".
    let day: String

    /// Formats `date` in UTC without a formatter or calendar, so signing stays pure and cheap.
    init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil-from-days (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        day = year.zeroPadded(4) + month.zeroPadded(2) + dayOfMonth.zeroPadded(2)
        timestamp = day + "T" + (secondOfDay / 3_600).zeroPadded(2) + (secondOfDay % 3_600 / 60).zeroPadded(2)
            + (secondOfDay % 60).zeroPadded(2) + "Z"
    }
}
