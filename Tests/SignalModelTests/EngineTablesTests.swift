import Testing

@testable import SignalModel

/// Issue 24 (`--jobs 1` throughput): the engine and the router read pinned copies of their tables,
/// match rules as intersections of per-bit sets, take the routed answers, the combination rules
/// and the offence slot from tables made once, list "check next" rank by rank instead of sorting,
/// and read office hours without copying the timestamp. Each is held here to the definition it
/// stands for, so a table that drifts from its source fails.
@Suite("Engine tables: pinned copies and shortcuts agree with their definitions")
struct EngineTablesTests {
    let compiled = engine.compiled

    @Test("the pinned per-indicator tables are the arrays they copy")
    func pinnedCopies() {
        let table = compiled.table
        #expect(table.count == compiled.indicators.count)
        #expect(table.words == Bits.words(compiled.indicators.count))
        for index in compiled.indicators.indices {
            #expect(table.flags[index] == compiled.flags[index])
            #expect(table.weights[index] == compiled.weights[index])
        }
        for word in 0..<(table.count * table.words) {
            #expect(table.partnerBits[word] == compiled.partnerBits[word])
            #expect(table.suspicionPartnerBits[word] == compiled.suspicionPartnerBits[word])
        }
        // Each indicator is in exactly the rank set of its `telling`.
        for index in compiled.indicators.indices {
            let ranks = (0..<table.tellingRanks).filter { rank in
                table.tellingBits[rank * table.words + (index >> 6)] >> UInt64(index & 63) & 1 != 0
            }
            #expect(ranks == [Int(compiled.telling[index])], "\(compiled.indicators[index].id)")
        }
        #expect(table.attentionAt == compiled.scoring.attentionAt && table.suspicionAt == compiled.scoring.suspicionAt)
        for number in compiled.combinations.indices {
            let (allYes, anyYes) = table.combination(number)
            #expect(Array(allYes) == compiled.combinations[number].allYes)
            #expect(Array(anyYes) == compiled.combinations[number].anyYes)
            #expect(compiled.combinationLevels[number] == compiled.combinations[number].rule.atLeast)
        }
    }

    @Test("each routed answer combination has the dictionary and the router bits of its states")
    func routedCombinations() {
        let ids = compiled.router.answerIDs
        #expect(!ids.isEmpty)
        var count = 1
        for _ in ids { count *= 3 }
        #expect(compiled.routedAnswerDictionaries.count == count)
        for index in 0..<count {
            var situation = RouteMask.base
            for (slot, id) in ids.enumerated() {
                let state = CompiledKnowledge.routedStates[CompiledKnowledge.routedDigit(index, slot)]
                #expect(CompiledKnowledge.routedDigit(of: state) == CompiledKnowledge.routedDigit(index, slot))
                if state != .unknown { situation.answers[id] = state }
            }
            #expect(compiled.routedAnswerDictionaries[index] == situation.answers)
            #expect(compiled.table.routedAnswerBits[index] == compiled.router.key(for: situation).answers)
        }
    }

    @Test("a row's offence facts: the router's slot and the combination rules that apply")
    func rowOffenceFacts() {
        let catalog = knowledge.catalog
        let offences: [String?] = [nil] + catalog.offences.map(\.id)
        for offence in offences {
            let row = compiled.checkNext.row(offence: offence, role: .police, ageBand: .minor)
            #expect(row.offenceKnown)
            #expect(row.routerSlot == compiled.router.offenceSlot(offence))
            let expected = compiled.combinations.indices.filter { compiled.combinations[$0].applies(to: offence) }
            #expect((0..<row.table.combinationCount).map { row.table.combinations[$0] } == expected, "\(offence ?? "none")")
        }
        let stranger = compiled.checkNext.row(offence: "no_such_offence", role: .police, ageBand: .minor)
        #expect(!stranger.offenceKnown)
    }

    @Test("the router matches the rules and notes RouteCondition.matches does, and routes as rule-by-rule, for every situation and offence")
    func matcherIsMatches() {
        let table = knowledge.routing
        // A rule is for acute cases only when it allows no level but acute or no acute answer but yes
        // (the router's reading; FastPathTests.routeOrder holds it to every situation).
        let acuteOnly = table.rules.map { rule in
            let levels = rule.when.levels.map { Set($0).subtracting([.acute]).isEmpty } ?? false
            let acute = rule.when.acute.map { Set($0).subtracting([.yes]).isEmpty } ?? false
            return levels || acute
        }
        let offences: [String?] = [nil, "no_such_offence"] + RoutingTable.routedOffences(rules: table.rules, notes: table.notes)
        // Every situation with no offence; every offence slot with guardian yes and registered
        // equal to office hours; every routed answer state for police and care with a minor.
        var situations = RouteSituation.all(offences: [nil])
        situations += RouteSituation.all(offences: offences).filter { $0.guardian == .yes && $0.registered == $0.officeHours }
        situations += RouteSituation.all(offences: [nil], answers: table.routedAnswers).filter { situation in
            !situation.answers.isEmpty && (situation.role == .police || situation.role == .care) && situation.ageBand == .minor
                && situation.guardian != .unknown && situation.registered == .yes && situation.officeHours == .yes
        }
        #expect(situations.count > 10_000)
        let steps = table.rules.flatMap(\.steps)
        for situation in situations {
            // The route the old way: the matching rules' steps in table order, each id once (its
            // first), then a stable sort by urgency; with the acute-only rules likewise.
            for rules in [Router.Rules.all, .acuteOnly] {
                var expected: [Int] = []
                var start = 0
                for (index, rule) in table.rules.enumerated() {
                    defer { start += rule.steps.count }
                    guard rule.when.matches(situation) else { continue }
                    if case .acuteOnly = rules, !acuteOnly[index] { continue }
                    for step in start..<(start + rule.steps.count) where !expected.contains(where: { steps[$0].id == steps[step].id }) {
                        expected.append(step)
                    }
                }
                expected = expected.enumerated().sorted { (left: (offset: Int, element: Int), right: (offset: Int, element: Int)) in
                    (steps[left.element].urgency.rank, left.offset) < (steps[right.element].urgency.rank, right.offset)
                }.map(\.element)
                var route: [Int] = []
                table.router.route(for: situation, rules: rules, into: &route)
                if route != expected { Issue.record("route \(rules) in \(situation): \(route) != \(expected)") }
            }
            for (index, rule) in table.rules.enumerated() where table.router.ruleMatches(index, situation) != rule.when.matches(situation) {
                Issue.record("rule \(rule.id) in \(situation)")
            }
            for (index, note) in table.notes.enumerated() where table.router.noteMatches(index, situation) != note.when.matches(situation) {
                Issue.record("note \(note.id) in \(situation)")
            }
        }
    }

    /// The old order of "check next": a stable insertion sort by `telling`.
    private func sortedByTelling(_ open: [Evaluation.Open]) -> [Evaluation.Open] {
        var open = open
        var index = 1
        while index < open.count {
            let moving = open[index]
            var slot = index
            while slot > 0 && compiled.telling[open[slot - 1].index] > compiled.telling[moving.index] {
                open[slot] = open[slot - 1]
                slot -= 1
            }
            open[slot] = moving
            index += 1
        }
        return open
    }

    @Test("for generated cases the engine's shortcuts give what the definitions give")
    func evaluationAgrees() {
        let catalog = knowledge.catalog
        var reused = Evaluation()
        for input in generatedCases(count: 400, seed: 24) {
            let answers = input.answers.compactMap { id, answer in catalog.order(of: id).map { (index: $0, answer: answer) } }
            let time = Timestamp(iso8601: "2026-04-06T10:00:00+02:00")
            engine.evaluate(context: input.context, override: input.override, answers: answers, at: time, into: &reused)
            let fresh = engine.assessment(of: input, at: time).evaluation
            // A reused evaluation holds nothing of the case before.
            #expect(reused == fresh)
            let situation = reused.situation
            // Routed answers, office hours, route and notes as the slow paths give them.
            #expect(situation.answers == compiled.routedAnswerStates { input.answers[catalog.indicators[$0].id]?.answer })
            #expect(situation.officeHours == engine.officeHours(at: input.context.assessedAt ?? time))
            var route: [Int] = []
            compiled.router.route(for: situation, into: &route)
            #expect(reused.route == route)
            var notes: [Int] = []
            compiled.router.notes(for: situation, into: &notes)
            #expect(reused.notes == notes)
            // "Check next" in the order of the old sort: listed in catalogue order, then sorted.
            let open = reused.unknowns.sorted { $0.index < $1.index }
            #expect(reused.unknowns == sortedByTelling(open))
            // Combination rules by ids, as the catalogue states them.
            let fired = compiled.combinations.indices.filter { number in
                compiled.combinations[number].rule.when.holds(offence: input.context.offence) { input.answers[$0]?.answer == .yes }
            }
            #expect(reused.combinations == fired, "\(input.context.offence ?? "no offence")")
        }
    }

    @Test("office hours read without copying the timestamp agree with the Amsterdam clock, around every switch and new year")
    func officeHoursAgree() {
        let hours = knowledge.routing.officeHours
        let odd = OfficeHours(weekdays: [0, 2, 7, 9, -1], opens: 0, closes: 24 * 60)
        var checked = 0
        for year in [2024, 2025, 2026, 2027, 2030] {
            for (month, days) in [(1, 1...3), (3, 22...31), (4, 1...30), (5, 1...31), (6, 1...15), (10, 20...31), (12, 24...31)] {
                for day in days {
                    for hour in stride(from: 0, to: 24, by: 3) {
                        for offset in ["Z", "+01:00", "+02:00", "-05:00", "+14:00", "-12:00"] {
                            let text = String(stamp: year, month, day, hour) + offset
                            guard let time = Timestamp(iso8601: text) else { continue }
                            let local = time.inAmsterdam
                            // `OfficeHours.contains` as it was: through the copied local timestamp.
                            func reference(_ hours: OfficeHours) -> Bool {
                                hours.weekdays.contains(local.weekday) && local.minuteOfDay >= hours.opens
                                    && local.minuteOfDay < hours.closes && local.publicHoliday == nil
                            }
                            #expect(hours.contains(time) == reference(hours), "\(text)")
                            #expect(odd.contains(time) == reference(odd), "\(text)")
                            let clock = time.amsterdamClock
                            #expect(clock.days == Timestamp.days(year: local.year, month: local.month, day: local.day))
                            #expect(Timestamp.weekday(days: clock.days) == local.weekday)
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 10_000)
    }

    @Test("the Amsterdam clock is the calendar's, for every offset and the hours around midnight and new year")
    func amsterdamClock() {
        for text in [
            "2026-12-31T23:30:00Z", "2027-01-01T00:30:00+14:00", "2026-12-31T13:00:00-12:00", "2026-01-01T00:10:00+01:00",
            "2026-03-29T00:59:00Z", "2026-03-29T01:00:00Z", "2026-10-25T00:59:00Z", "2026-10-25T01:00:00Z",
            "2026-02-28T23:30:00-01:00", "2028-02-28T23:30:00-01:00", "2026-07-20T12:06:00+01:00",
        ] {
            let time = Timestamp(iso8601: text)!
            let clock = time.amsterdamClock
            // The calendar's answer: UTC minutes, the offset in force, then the civil date.
            let utc = time.utcMinutes
            let offset = Timestamp.summerTime(year: Timestamp.civil(days: Timestamp.floorDivide(utc, 1440)).year).contains(utc) ? 120 : 60
            let dayCount = Timestamp.floorDivide(utc + offset, 1440)
            let date = Timestamp.civil(days: dayCount)
            #expect(clock.offset == offset, "\(text)")
            #expect(clock.days == dayCount, "\(text)")
            #expect(clock.year == date.year && clock.month == date.month && clock.day == date.day, "\(text)")
            #expect(clock.minuteOfDay == utc + offset - dayCount * 1440, "\(text)")
        }
    }

    @Test("every public holiday falls in January, March to June or December, in every year")
    func holidayMonths() {
        for year in 1900...2600 {
            for holiday in PublicHoliday.allCases {
                guard let date = holiday.date(in: year) else { continue }
                #expect([1, 3, 4, 5, 6, 12].contains(date.month), "\(holiday) \(year)")
                // Two holidays can share a date (Ascension on Liberation Day in 2005): one is found.
                #expect(PublicHoliday.on(year: year, month: date.month, day: date.day) != nil, "\(holiday) \(year)")
            }
        }
    }

    @Test("the year table holds each year's summer time and holidays, and answers like the definitions outside it")
    func amsterdamYears() {
        let years = AmsterdamYears.shared
        for year in (AmsterdamYears.first - 3)..<(AmsterdamYears.first + AmsterdamYears.count + 3) {
            #expect(years.summerTime(year: year) == Timestamp.summerTime(year: year), "\(year)")
        }
        for year in [1969, 1970, 2005, 2026, 2087, 2099, 2100, 2101] {
            for month in 1...12 {
                for day in 1...Timestamp.daysIn(month: month, year: year) {
                    let expected = PublicHoliday.allCases.contains { $0.date(in: year).map { $0 == (month, day) } ?? false }
                    #expect(years.isHoliday(year: year, month: month, day: day) == expected, "\(year)-\(month)-\(day)")
                }
            }
        }
    }

    @Test("a pinned table is a copy: it outlives the array it was made from")
    func pinning() {
        var pinning = Pinning()
        var values = [3, 1, 4, 1, 5]
        let pointer = pinning.pointer(values)
        values[0] = 9
        values.append(2)
        let empty = pinning.pointer([UInt64]())
        let owner = Pinned(pinning)
        #expect((0..<5).map { pointer[$0] } == [3, 1, 4, 1, 5])
        _ = empty
        withExtendedLifetime(owner) {}
    }
}

extension String {
    /// `YYYY-MM-DDTHH:00:00` for the tests above.
    fileprivate init(stamp year: Int, _ month: Int, _ day: Int, _ hour: Int) {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        self = "\(year)-\(two(month))-\(two(day))T\(two(hour)):00:00"
    }
}
