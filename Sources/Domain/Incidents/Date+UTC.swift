import FoundationEssentials

extension Date {
    /// The date's fields in UTC on the Gregorian calendar, for IDs and names that must not depend on the host's zone.
    public func utcComponents(_ components: Set<Calendar.Component>) -> DateComponents {
        Self.utcCalendar.dateComponents(components, from: self)
    }

    /// The time with these fields in UTC on the Gregorian calendar; nil when a field is out of its range (a
    /// 30 February or a minute 61 would otherwise roll over into the next month or hour).
    public init?(utcYear year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let fields = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = Self.utcCalendar.date(from: fields),
              date.utcComponents([.year, .month, .day, .hour, .minute, .second]) == fields
        else { return nil }
        self = date
    }

    private static var utcCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }
}
