import FoundationEssentials
import Glibc

/// A fast path for the one timestamp shape the store writes, `YYYY-MM-DDTHH:MM:SS.sssZ` (RFC 3339 section 5.6,
/// UTC, milliseconds): Foundation's `ISO8601FormatStyle` costs about a fifth of the time of decoding a stored
/// document, and startup decodes every document. Anything else (offsets, other years) returns nil here and goes
/// to the general parser.
enum ISO8601Timestamp {
    /// `date` as `YYYY-MM-DDTHH:MM:SS.sssZ`, to the nearest millisecond (nearest, not down: a date made from
    /// whole milliseconds is often a hair below them in binary); nil outside years 1 to 9999.
    static func format(_ date: Date) -> String? {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.magnitude < 3e14 else { return nil }
        let total = Int64(milliseconds)
        let (days, millisecondOfDay) = floorDivide(total, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        guard (1...9999).contains(year) else { return nil }
        var text = ""
        text.reserveCapacity(24)
        append(year, digits: 4, to: &text)
        text += "-"
        append(month, digits: 2, to: &text)
        text += "-"
        append(day, digits: 2, to: &text)
        text += "T"
        append(millisecondOfDay / 3_600_000, digits: 2, to: &text)
        text += ":"
        append(millisecondOfDay / 60_000 % 60, digits: 2, to: &text)
        text += ":"
        append(millisecondOfDay / 1000 % 60, digits: 2, to: &text)
        text += "."
        append(millisecondOfDay % 1000, digits: 3, to: &text)
        text += "Z"
        return text
    }

    /// The date in `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.fffZ` (1 to 9 fraction digits), or nil.
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count >= 20, bytes[bytes.count - 1] == UInt8(ascii: "Z"),
                bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
                bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                let year = number(bytes, 0..<4), let month = number(bytes, 5..<7), let day = number(bytes, 8..<10),
                let hour = number(bytes, 11..<13), let minute = number(bytes, 14..<16),
                let second = number(bytes, 17..<19),
                (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
                hour < 24, minute < 60, second < 60
            else { return nil }
            var fraction = 0.0
            if bytes.count > 20 {
                let digits = 20..<(bytes.count - 1)
                guard bytes[19] == UInt8(ascii: "."), (1...9).contains(digits.count),
                    let value = number(bytes, digits)
                else { return nil }
                fraction = Double(value) / pow(10, Double(digits.count))
            } else if bytes[19] != UInt8(ascii: "Z") {
                return nil
            }
            let days = daysFromCivil(year: year, month: month, day: day)
            let seconds = Double(days * 86_400 + Int64(hour * 3600 + minute * 60 + second))
            return Date(timeIntervalSince1970: seconds + fraction)
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date
    /// Algorithms", days_from_civil).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysFromCivil` (civil_from_days in the same paper).
    private static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int) {
        let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
        return (quotient, Int(value - quotient * divisor))
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - Int(UInt8(ascii: "0"))
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func append(_ value: some BinaryInteger, digits: Int, to text: inout String) {
        let decimal = String(value)
        text += String(repeating: "0", count: max(0, digits - decimal.count)) + decimal
    }
}
