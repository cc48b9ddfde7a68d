import Testing

@testable import SignalModel

let allSituations = knowledge.routing.situations

@Suite("Routing table")
struct RoutingTests {
    /// Every value of every dimension the condition allows (absent = all).
    static func values<T: CaseIterable & Equatable>(_ allowed: [T]?) -> [T] { allowed ?? Array(T.allCases) }

    @Test("every routing rule fires in some situation, and not when any constrained dimension leaves its values", .enabled(if: Exhaustive.on, Exhaustive.skipReason), arguments: knowledge.routing.rules.map(\.id))
    func ruleIsExercised(id: String) throws {
        let rule = try #require(knowledge.routing.rules.first { $0.id == id })
        let matching = allSituations.filter { rule.when.matches($0) }
        #expect(!matching.isEmpty, "rule \(id) never fires")
        // Each fires-situation puts every step of the rule into the route.
        for situation in matching.prefix(50) {
            let route = knowledge.routing.route(for: situation).flatMap(\.stepIDs)
            for step in rule.steps { #expect(route.contains(step.id), "rule \(id) step \(step.id) missing") }
        }
        // Moving one constrained dimension outside the rule's values stops it from matching.
        guard let base = matching.first else { return }
        func check<T: CaseIterable & Equatable>(_ allowed: [T]?, _ keyPath: WritableKeyPath<RouteSituation, T>) {
            guard let allowed else { return }
            for value in T.allCases where !allowed.contains(value) {
                var moved = base
                moved[keyPath: keyPath] = value
                #expect(!rule.when.matches(moved), "rule \(id) matches \(value) outside its condition")
            }
        }
        check(rule.when.roles, \.role)
        check(rule.when.ageBands, \.ageBand)
        check(rule.when.levels, \.level)
        check(rule.when.acute, \.acute)
        check(rule.when.guardian, \.guardian)
        check(rule.when.registered, \.registered)
        check(rule.when.officeHours, \.officeHours)
    }

    @Test("the route is never empty, whatever the situation", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func neverEmpty() {
        for situation in allSituations {
            #expect(!knowledge.routing.route(for: situation).isEmpty, "empty route for \(situation)")
        }
    }

    @Test("when acute, the first step is the police emergency number", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func acuteFirst() {
        for situation in allSituations where situation.acute == .yes || situation.level == .acute {
            // A school or care reader with someone unverified at the door: the police with the 112 rule (REVIEW5 M2).
            let holder = [Role.education, .care].contains(situation.role) && situation.ageBand != .adult
                && situation.answer("collection.unverified_claimant") == .yes && situation.acute == .yes
            #expect(knowledge.routing.route(for: situation).first?.party == (holder ? "police_collector" : "police_emergency"), "\(situation)")
        }
    }

    @Test("steps are ordered by urgency")
    func urgencyOrder() {
        for situation in allSituations.prefix(2000) {
            let urgencies = knowledge.routing.route(for: situation).map(\.urgency)
            #expect(urgencies == urgencies.sorted(), "\(situation)")
        }
    }

    @Test("adults get the out-of-scope adult route and nothing meant for minors", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func adults() {
        let adultRules = Set(
            knowledge.routing.rules.filter { $0.when.ageBands == [.adult] }.map(\.id))
        #expect(!adultRules.isEmpty)
        for situation in allSituations where situation.ageBand == .adult {
            for rule in knowledge.routing.matchingRules(for: situation) {
                let forAdults = rule.when.ageBands?.contains(.adult) ?? true
                #expect(forAdults, "rule \(rule.id) fires for an adult")
                let minorBands = rule.when.ageBands.map { Set($0).isDisjoint(with: [.under12, .minor]) } ?? true
                #expect(minorBands || adultRules.contains(rule.id), "rule \(rule.id) mixes adults and minors")
            }
        }
    }

    @Test("minors with signals get the non-punishment note; under-12s the not-prosecutable note", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func legalNotes() {
        for situation in allSituations where situation.ageBand != .adult && situation.level >= .attention {
            let notes = knowledge.routing.notes(for: situation).map(\.id)
            #expect(notes.contains { $0.contains("non_punishment") }, "\(situation)")
        }
        for situation in allSituations where situation.ageBand == .under12 {
            let notes = knowledge.routing.notes(for: situation).map(\.id)
            #expect(notes.contains { $0.contains("under12") || $0.contains("under_12") }, "\(situation): \(notes)")
        }
    }

    @Test("every party in the table is a contact that can be reached")
    func partiesReachable() {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        for rule in knowledge.routing.rules {
            for step in rule.steps {
                let contact = knowledge.contacts.contact(step.party)
                #expect(contact != nil, "\(step.party)")
                _ = renderer.reach(step.party, region: nil)
            }
        }
        for contact in knowledge.contacts.contacts {
            if let via = contact.via { #expect(knowledge.contacts.contact(via) != nil, "\(contact.id) via \(via)") }
        }
    }
}
