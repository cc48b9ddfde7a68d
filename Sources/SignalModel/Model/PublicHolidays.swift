/// Dutch national public holidays on which offices (the RvdK Adviesteam among them) are closed:
/// outside office hours, so the route goes through the crisis service. Good Friday is not a national
/// day off and is not listed; Easter Sunday and Whit Sunday fall on a Sunday anyway.
package enum PublicHoliday: String, Sendable, CaseIterable {
    case newYear
    case easterMonday
    case kingsDay
    case liberationDay
    case ascension
    case whitMonday
    case christmas
    case boxingDay

    /// The holiday on a local date, if any.
    package static func on(year: Int, month: Int, day: Int) -> PublicHoliday? {
        // Every holiday falls in January, March to June or December (Easter Monday is 23 March at
        // the earliest, Whit Monday 14 June at the latest; `PublicHolidayTests` checks this for
        // every year): other dates are no holiday without computing Easter.
        guard month == 1 || (3...6).contains(month) || month == 12 else { return nil }
        return ordered.first { $0.date(in: year).map { $0.month == month && $0.day == day } ?? false }
    }

    /// `allCases`, made once (the synthesized `allCases` builds its array at every use).
    private static let ordered = allCases

    /// The date of this holiday in a year; nil when it is not a day off that year (Liberation Day
    /// outside lustrum years).
    package func date(in year: Int) -> (month: Int, day: Int)? {
        switch self {
        case .newYear: return (1, 1)
        case .easterMonday: return Self.easter(year, plus: 1)
        case .kingsDay:
            // 27 April, or 26 April when the 27th is a Sunday.
            return Self.weekday(year, 4, 27) == 7 ? (4, 26) : (4, 27)
        case .liberationDay: return year % 5 == 0 ? (5, 5) : nil
        case .ascension: return Self.easter(year, plus: 39)
        case .whitMonday: return Self.easter(year, plus: 50)
        case .christmas: return (12, 25)
        case .boxingDay: return (12, 26)
        }
    }

    /// Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher) plus some days.
    static func easter(_ year: Int, plus days: Int) -> (month: Int, day: Int) {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        // Add days within March–June.
        var result = (month: month, day: day + days)
        while result.day > Timestamp.daysIn(month: result.month, year: year) {
            result.day -= Timestamp.daysIn(month: result.month, year: year)
            result.month += 1
        }
        return result
    }

    static func weekday(_ year: Int, _ month: Int, _ day: Int) -> Int {
        Timestamp.weekday(year: year, month: month, day: day)
    }
}

extension Timestamp {
    /// The Dutch public holiday on this local date, if any.
    package var publicHoliday: PublicHoliday? { PublicHoliday.on(year: year, month: month, day: day) }
}

/// Summer time and public holidays for the years a batch meets, made once from the definitions
/// (`Timestamp.summerTime(year:)`, `PublicHoliday.date(in:)`): office hours are asked for every
/// case, and working both out took most of the engine's time for office hours. Years outside the
/// table are worked out as before.
struct AmsterdamYears: Sendable {
    static let first = 1970
    static let count = 130
    /// Per year: the start and end of summer time (minutes since 1970, UTC).
    private let summer: PinnedPointer<Int>
    /// Per year, per holiday: `month * 32 + day`, or 0 when it is not a day off that year.
    private let holidays: PinnedPointer<Int>
    private static let perYear = PublicHoliday.allCases.count

    /// The table, made at its first use; it lives as long as the process.
    static let shared = AmsterdamYears()

    private init() {
        var summer: [Int] = []
        var holidays: [Int] = []
        for year in Self.first..<(Self.first + Self.count) {
            let range = Timestamp.summerTime(year: year)
            summer += [range.lowerBound, range.upperBound]
            for holiday in PublicHoliday.allCases {
                holidays.append(holiday.date(in: year).map { $0.month * 32 + $0.day } ?? 0)
            }
        }
        // Never freed: the table is a process-wide constant.
        var pinning = Pinning()
        self.summer = pinning.pointer(summer)
        self.holidays = pinning.pointer(holidays)
    }

    /// `Timestamp.summerTime(year:)`.
    func summerTime(year: Int) -> Range<Int> {
        let slot = year - Self.first
        guard slot >= 0 && slot < Self.count else { return Timestamp.summerTime(year: year) }
        return summer[2 * slot]..<summer[2 * slot + 1]
    }

    /// Whether a local date is a public holiday (`PublicHoliday.on` is not nil).
    func isHoliday(year: Int, month: Int, day: Int) -> Bool {
        let slot = year - Self.first
        guard slot >= 0 && slot < Self.count else { return PublicHoliday.on(year: year, month: month, day: day) != nil }
        let date = month * 32 + day
        for number in 0..<Self.perYear where holidays[slot * Self.perYear + number] == date { return true }
        return false
    }
}
