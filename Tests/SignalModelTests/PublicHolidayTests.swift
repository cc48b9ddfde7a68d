import Testing

@testable import SignalModel

/// Office hours skip the Dutch national public holidays: on those days the RvdK is reached through the
/// crisis service. Dates checked against published calendars.
@Suite("Public holidays in office hours")
struct PublicHolidayTests {
    struct Year: Sendable, CustomStringConvertible {
        var year: Int
        var easterMonday: (Int, Int)
        var kingsDay: (Int, Int)
        var ascension: (Int, Int)
        var whitMonday: (Int, Int)
        var liberationDay: Bool
        var description: String { "\(year)" }
    }

    static let years: [Year] = [
        Year(year: 2014, easterMonday: (4, 21), kingsDay: (4, 26), ascension: (5, 29), whitMonday: (6, 9), liberationDay: false),
        Year(year: 2024, easterMonday: (4, 1), kingsDay: (4, 27), ascension: (5, 9), whitMonday: (5, 20), liberationDay: false),
        Year(year: 2025, easterMonday: (4, 21), kingsDay: (4, 26), ascension: (5, 29), whitMonday: (6, 9), liberationDay: true),
        Year(year: 2026, easterMonday: (4, 6), kingsDay: (4, 27), ascension: (5, 14), whitMonday: (5, 25), liberationDay: false),
        Year(year: 2027, easterMonday: (3, 29), kingsDay: (4, 27), ascension: (5, 6), whitMonday: (5, 17), liberationDay: false),
        Year(year: 2030, easterMonday: (4, 22), kingsDay: (4, 27), ascension: (5, 30), whitMonday: (6, 10), liberationDay: true),
        Year(year: 2038, easterMonday: (4, 26), kingsDay: (4, 27), ascension: (6, 3), whitMonday: (6, 14), liberationDay: false),
    ]

    static func on(_ year: Int, _ date: (Int, Int)) -> PublicHoliday? {
        PublicHoliday.on(year: year, month: date.0, day: date.1)
    }

    @Test("every holiday falls on its date, and the days around it are ordinary", arguments: years)
    func holidays(year: Year) {
        let y = year.year
        #expect(Self.on(y, (1, 1)) == .newYear)
        #expect(Self.on(y, year.easterMonday) == .easterMonday)
        #expect(Self.on(y, year.kingsDay) == .kingsDay)
        #expect(Self.on(y, year.ascension) == .ascension)
        #expect(Self.on(y, year.whitMonday) == .whitMonday)
        #expect(Self.on(y, (12, 25)) == .christmas)
        #expect(Self.on(y, (12, 26)) == .boxingDay)
        #expect(Self.on(y, (5, 5)) == (year.liberationDay ? .liberationDay : nil))
        // King's Day moves to the 26th only when the 27th is a Sunday.
        let otherKingsDay = year.kingsDay.1 == 27 ? (4, 26) : (4, 27)
        #expect(Self.on(y, otherKingsDay) != .kingsDay)
        // Good Friday (three days before Easter Monday) is not a national day off.
        let easter = PublicHoliday.easter(y, plus: 0)
        let goodFriday = easter.day > 2 ? (easter.month, easter.day - 2) : (easter.month - 1, easter.day + 29)
        #expect(Self.on(y, goodFriday) == nil, "Good Friday \(goodFriday)")
        #expect(Self.on(y, (12, 24)) == nil && Self.on(y, (1, 2)) == nil && Self.on(y, (12, 31)) == nil)
        // Exactly the expected number of holidays in the year.
        var count = 0
        for month in 1...12 {
            for day in 1...Timestamp.daysIn(month: month, year: y) where PublicHoliday.on(year: y, month: month, day: day) != nil {
                count += 1
            }
        }
        #expect(count == (year.liberationDay ? 8 : 7))
    }

    @Test("Easter Sunday by the algorithm, including the earliest and latest possible dates")
    func easter() {
        let known: [(Int, Int, Int)] = [
            (2008, 3, 23), (2011, 4, 24), (2016, 3, 27), (2019, 4, 21), (2024, 3, 31), (2025, 4, 20), (2026, 4, 5),
            (2038, 4, 25), (2285, 3, 22),
        ]
        for (year, month, day) in known {
            let computed = PublicHoliday.easter(year, plus: 0)
            #expect(computed.month == month && computed.day == day, "\(year): \(computed)")
        }
    }

    @Test("office hours: a weekday morning is open, the same hour on a holiday is not")
    func officeHours() throws {
        let hours = knowledge.routing.officeHours
        func at(_ text: String) throws -> Timestamp { try #require(Timestamp(iso8601: text)) }
        #expect(hours.contains(try at("2026-04-07T10:00:00+02:00")))  // Tuesday after Easter
        #expect(hours.contains(try at("2026-04-03T10:00:00+02:00")))  // Good Friday: a working day
        for holiday in [
            "2026-01-01T10:00:00+01:00", "2026-04-06T10:00:00+02:00", "2026-04-27T10:00:00+02:00",
            "2025-05-05T10:00:00+02:00", "2026-05-14T10:00:00+02:00", "2026-05-25T10:00:00+02:00",
            "2026-12-25T10:00:00+01:00", "2025-12-26T10:00:00+01:00",
        ] {
            #expect(!hours.contains(try at(holiday)), "\(holiday)")
        }
    }

    @Test("a child without a guardian on Easter Monday morning goes through the crisis service")
    func holidayRoute() throws {
        let easterMonday = Timestamp(iso8601: "2026-04-06T10:00:00+02:00")
        #expect(easterMonday != nil)
        let context = CaseContext(
            age: 14, role: .police, acuteDanger: .no, guardianPresent: .no, registeredInNL: .yes, assessedAt: easterMonday)
        let route = engine.assessment(of: Case(context: context)).route.flatMap(\.stepIDs)
        #expect(route.contains("crisis_service_rvdk") && !route.contains("guardian_rvdk_now"), "\(route)")
    }
}
