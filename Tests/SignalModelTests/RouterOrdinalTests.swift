import Testing

@testable import SignalModel

/// The ordinals the router's masks and the record writer's tables are indexed by are the positions
/// in `allCases` (the order `RouteMask.allow` numbers a condition's bits in), and the situation's
/// mask made from them is the one made by `allCases`.
struct RouterOrdinalTests {
    @Test func ordinalsArePositionsInAllCases() {
        for (index, value) in Role.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in AgeBand.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in Answer.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in Level.allCases.enumerated() { #expect(value.ordinal == index) }
        #expect(Role.count == Role.allCases.count && AgeBand.count == AgeBand.allCases.count)
        #expect(Answer.count == Answer.allCases.count && Level.count == Level.allCases.count)
    }

    @Test func situationMaskIsTheOneByAllCases() {
        var count = 0
        for role in Role.allCases {
            for ageBand in AgeBand.allCases {
                for level in Level.allCases {
                    for acute in Answer.allCases {
                        for guardian in Answer.allCases {
                            for registered in Answer.allCases {
                                for officeHours in Answer.allCases {
                                    let situation = RouteSituation(
                                        role: role, ageBand: ageBand, level: level, acute: acute, guardian: guardian,
                                        registered: registered, officeHours: officeHours)
                                    #expect(RouteMask.of(situation) == RouteMask.byAllCases(situation))
                                    count += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(count == 7 * 4 * 4 * 81)
    }
}
