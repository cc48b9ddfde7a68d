import Testing

@testable import SignalModel

/// Issue 20.8: office hours and holidays are Dutch. Every instant is read in Europe/Amsterdam (CET,
/// UTC+1; CEST, UTC+2 from the last Sunday of March to the last Sunday of October at 01:00 UTC)
/// before deciding, whatever offset the timestamp carries.
@Suite("Office hours in Europe/Amsterdam")
struct AmsterdamTimeTests {
    static func hours(_ text: String) -> TriState {
        engine.officeHours(at: Timestamp(iso8601: text)!)
    }

    @Test("the issue's instants", arguments: [
        // 09:30 CET on a Monday, written in UTC.
        ("2026-12-07T08:30:00+00:00", TriState.yes),
        // 09:30 CEST, the Monday after the March switch (29 March 2026).
        ("2026-03-30T07:30:00+00:00", .yes),
        // 08:30 CET, the Friday before the switch.
        ("2026-03-27T07:30:00+00:00", .no),
        // October switch (25 October 2026): Friday before, 09:30 CEST = 07:30 UTC.
        ("2026-10-23T07:30:00+00:00", .yes),
        // Friday before, 08:30 CEST = 06:30 UTC: not yet open.
        ("2026-10-23T06:30:00+00:00", .no),
        // Monday after, 07:30 UTC = 08:30 CET: not yet open.
        ("2026-10-26T07:30:00+00:00", .no),
        // Monday after, 08:30 UTC = 09:30 CET.
        ("2026-10-26T08:30:00+00:00", .yes),
        // 16:30 UTC on a December Monday is 17:30 in NL: closed.
        ("2026-12-07T16:30:00Z", .no),
        // Written in another offset: 03:30-05:00 is 09:30 CET.
        ("2026-12-07T03:30:00-05:00", .yes),
        // Already in NL time: unchanged.
        ("2026-12-07T09:30:00+01:00", .yes),
        // 23:30 UTC on Friday 4 December is Saturday 00:30 in NL.
        ("2026-12-04T23:30:00Z", .no),
    ])
    func instants(text: String, expected: TriState) {
        #expect(Self.hours(text) == expected, "\(text)")
    }

    @Test("both switch nights: the local clock jumps at 01:00 UTC")
    func switchNights() {
        // 29 March 2026: 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST.
        let before = Timestamp(iso8601: "2026-03-29T00:59:00Z")!.inAmsterdam
        let after = Timestamp(iso8601: "2026-03-29T01:00:00Z")!.inAmsterdam
        #expect(before.hour == 1 && before.minute == 59 && before.offsetMinutes == 60)
        #expect(after.hour == 3 && after.minute == 0 && after.offsetMinutes == 120)
        // 25 October 2026: 00:59 UTC is 02:59 CEST, 01:00 UTC is 02:00 CET.
        let lastSummer = Timestamp(iso8601: "2026-10-25T00:59:00Z")!.inAmsterdam
        let firstWinter = Timestamp(iso8601: "2026-10-25T01:00:00Z")!.inAmsterdam
        #expect(lastSummer.hour == 2 && lastSummer.minute == 59 && lastSummer.offsetMinutes == 120)
        #expect(firstWinter.hour == 2 && firstWinter.minute == 0 && firstWinter.offsetMinutes == 60)
        #expect(firstWinter.day == 25 && firstWinter.month == 10)
    }

    @Test("holidays are read on the Dutch date: 31 December 23:30 UTC is New Year's Day in NL")
    func holidayOnDutchDate() {
        let instant = Timestamp(iso8601: "2026-12-31T23:30:00Z")!
        #expect(instant.publicHoliday == nil)
        #expect(instant.inAmsterdam.publicHoliday != nil)
        // King's Day 2027 (27 April, a Tuesday) at 10:00 CEST, written in UTC: closed.
        #expect(Self.hours("2027-04-27T08:00:00Z") == .no)
        #expect(Self.hours("2027-04-28T08:00:00Z") == .yes)
    }

    @Test("the last Sundays of March and October, across years")
    func lastSundays() {
        // Known EU switch dates.
        let march = [2024: 31, 2025: 30, 2026: 29, 2027: 28, 2028: 26]
        let october = [2024: 27, 2025: 26, 2026: 25, 2027: 31, 2028: 29]
        for (year, day) in march {
            let range = Timestamp.summerTime(year: year)
            #expect(range.lowerBound == Timestamp.days(year: year, month: 3, day: day) * 1440 + 60, "\(year)")
            #expect(range.upperBound == Timestamp.days(year: year, month: 10, day: october[year]!) * 1440 + 60, "\(year)")
        }
    }
}
