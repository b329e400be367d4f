import Foundation

extension Date {
    /// The date's fields in UTC on the Gregorian calendar, for IDs and names that must not depend on the host's zone.
    func utcComponents(_ components: Set<Calendar.Component>) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar.dateComponents(components, from: self)
    }
}
