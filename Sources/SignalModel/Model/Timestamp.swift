/// A moment in local time as written in a case (`2026-11-21T23:40:00+01:00`).
///
/// Kept as the wall-clock fields of its own offset: office hours are a local-time question, and the
/// library must not consult the machine's clock or time zone.
public struct Timestamp: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The local year.
    public var year: Int
    /// The local month, 1–12.
    public var month: Int
    /// The local day of the month.
    public var day: Int
    /// The local hour, 0–23.
    public var hour: Int
    /// The local minute.
    public var minute: Int
    /// The local second.
    public var second: Int
    /// Offset from UTC in minutes.
    public var offsetMinutes: Int
    /// The original text, echoed back unchanged.
    public var text: String

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)`.
    public init?(iso8601 text: String) {
        let parsed =
            text.utf8.withContiguousStorageIfAvailable { Timestamp(iso8601: $0, text: text) }
            ?? Array(text.utf8).withUnsafeBufferPointer { Timestamp(iso8601: $0, text: text) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// `init(iso8601:)` of the text these bytes spell; `text` is that text (made when nil, only
    /// once the bytes parsed).
    init?(iso8601 scalars: UnsafeBufferPointer<UInt8>, text: String? = nil) {
        @inline(__always)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= scalars.count else { return nil }
            var value = 0
            var index = start
            while index < start + count {
                let digit = scalars[index] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
                index += 1
            }
            return value
        }
        @inline(__always)
        func byte(_ index: Int) -> UInt8? { index < scalars.count ? scalars[index] : nil }
        guard let year = number(0, 4), byte(4) == UInt8(ascii: "-"), let month = number(5, 2),
            byte(7) == UInt8(ascii: "-"), let day = number(8, 2),
            byte(10) == UInt8(ascii: "T") || byte(10) == UInt8(ascii: " "),
            let hour = number(11, 2), byte(13) == UInt8(ascii: ":"), let minute = number(14, 2)
        else { return nil }
        var index = 16
        var second = 0
        if byte(index) == UInt8(ascii: ":") {
            guard let value = number(index + 1, 2) else { return nil }
            second = value
            index += 3
            if byte(index) == UInt8(ascii: ".") {
                index += 1
                let start = index
                while let next = byte(index), next >= 48, next <= 57 { index += 1 }
                guard index > start else { return nil }
            }
        }
        var offset = 0
        switch byte(index) {
        case UInt8(ascii: "Z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = byte(index) == UInt8(ascii: "-") ? -1 : 1
            guard let offsetHours = number(index + 1, 2), byte(index + 3) == UInt8(ascii: ":"),
                let offsetMinutes = number(index + 4, 2), offsetHours <= 14, offsetMinutes < 60
            else { return nil }
            offset = sign * (offsetHours * 60 + offsetMinutes)
            index += 6
        default:
            return nil
        }
        guard index == scalars.count, (1...12).contains(month), hour < 24, minute < 60, second < 61,
            (1...Timestamp.daysIn(month: month, year: year)).contains(day), year >= 1900
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.offsetMinutes = offset
        self.text = text ?? String(decoding: scalars, as: UTF8.self)
    }

    public var description: String { text }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO weekday of the local date: 1 = Monday … 7 = Sunday.
    public var weekday: Int { Self.weekday(year: year, month: month, day: day) }

    /// ISO weekday of a date: 1 = Monday … 7 = Sunday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        weekday(days: Timestamp.days(year: year, month: month, day: day))
    }

    /// Minutes since local midnight.
    public var minuteOfDay: Int { hour * 60 + minute }
}

extension Timestamp {
    /// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01 (civil_from_days).
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    /// Minutes since 1970-01-01T00:00Z of this instant.
    public var utcMinutes: Int {
        Self.days(year: year, month: month, day: day) * 1440 + hour * 60 + minute - offsetMinutes
    }

    /// Minutes since 1970 (UTC) at which Dutch summer time starts (last Sunday of March, 01:00 UTC)
    /// and ends (last Sunday of October, 01:00 UTC) in a year: the EU rule since 1996.
    static func summerTime(year: Int) -> Range<Int> {
        func lastSunday(_ month: Int) -> Int {
            let last = days(year: year, month: month, day: 31)
            let weekday = Timestamp.weekday(year: year, month: month, day: 31)  // 7 = Sunday
            return (last - weekday % 7) * 1440 + 60
        }
        return lastSunday(3)..<lastSunday(10)
    }

    /// The same instant in Dutch local time (Europe/Amsterdam: CET, UTC+1; CEST, UTC+2 from the last
    /// Sunday of March to the last Sunday of October, switching at 01:00 UTC). Office hours and
    /// public holidays are Dutch, so they are decided on this, whatever offset the timestamp has.
    public var inAmsterdam: Timestamp {
        let local = amsterdamClock
        var result = self
        result.year = local.year
        result.month = local.month
        result.day = local.day
        result.hour = local.minuteOfDay / 60
        result.minute = local.minuteOfDay % 60
        result.offsetMinutes = local.offset
        return result
    }

    /// The Dutch local date, minute of the day and offset of this instant: `inAmsterdam`'s fields,
    /// without copying the timestamp's text (office hours ask this for every case of a batch).
    var amsterdamClock: (year: Int, month: Int, day: Int, minuteOfDay: Int, offset: Int, days: Int) {
        let ownDays = Self.days(year: year, month: month, day: day)
        let utc = ownDays * 1440 + hour * 60 + minute - offsetMinutes
        // The UTC year is the written one unless the date is near New Year (an offset is at most
        // 14 hours), so the calendar is asked only then.
        let utcYear = (2...11).contains(month) ? year : Self.civil(days: Self.floorDivide(utc, 1440)).year
        let offset = AmsterdamYears.shared.summerTime(year: utcYear).contains(utc) ? 120 : 60
        let local = utc + offset
        let dayCount = Self.floorDivide(local, 1440)
        // The same local date as written unless the offset moved it past midnight (or the written
        // date is not a calendar date, which only a hand-made value can be).
        let written = dayCount == ownDays && (1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year)
        let date = written ? (year: year, month: month, day: day) : Self.civil(days: dayCount)
        return (date.year, date.month, date.day, local - dayCount * 1440, offset, dayCount)
    }

    /// ISO weekday of a day count since 1970-01-01: 1 = Monday … 7 = Sunday.
    static func weekday(days: Int) -> Int {
        // 1970-01-01 was a Thursday.
        ((days % 7) + 7 + 3) % 7 + 1
    }
}
