import SignalKnowledge
import Testing

@testable import SignalModel



/// The open questions ("check next") of a case with these answers, in the order listed.
private func checkNext(
    role: Role, offence: String?, age: Int? = 15, answers: [String: Answer] = [:]
) -> [String] {
    let context = CaseContext(age: age, role: role, offence: offence, acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes)
    return engine.assessment(of: Case(context: context, answers: answers.mapValues { CaseAnswer($0) })).openQuestions.map(\.indicator.id)
}

private let theft = ["shoplifting", "pickpocketing", "burglary", "begging"]
private let scene = ["instigation.adult_instructs_at_scene", "proceeds.goods_not_fitting_age", "arrest_behaviour.coached_story"]
private let moneyItems = [
    "money_mule.account_used_by_others", "money_mule.blocked_account", "recruitment.quick_money_offer", "coercion.id_taken",
]

@Suite("'Check next' fitted to the offence, the role and the age band (catalogue ask clauses)")
struct CheckNextTests {
    /// The engine's rows against `Indicator.isCheckNext` (the one definition) for every role, age
    /// band and offence (none, each catalogue offence, one it does not know), with no answer yes,
    /// every answer `yes` alone (all catalogue ids when `every`, else those the clauses name), and
    /// all of them yes.
    static func rowsAgree(every: Bool) -> Int {
        let catalog = knowledge.catalog
        let table = CheckNextTable(catalog)
        let named = Set(catalog.indicators.flatMap { $0.ask.flatMap { $0.anyYes ?? [] } })
        let singles = every ? catalog.indicators.map(\.id) : catalog.indicators.map(\.id).filter(named.contains)
        var mismatches = 0
        for offence in [nil, "not_an_offence"] + catalog.offences.map(\.id) {
            for role in Role.allCases {
                for ageBand in AgeBand.allCases {
                    let row = table.row(offence: offence, role: role, ageBand: ageBand)
                    let yesSets: [Set<String>] = [[], Set(catalog.indicators.map(\.id))] + singles.map { [$0] }
                    for (index, indicator) in catalog.indicators.enumerated() {
                        for yes in yesSets {
                            let expected = indicator.isCheckNext(offence: offence, role: role, ageBand: ageBand, in: catalog, isYes: yes.contains)
                            if row.applies(index, isYes: { yes.contains(catalog.indicators[$0].id) }) != expected {
                                mismatches += 1
                                if mismatches <= 5 { Issue.record("\(indicator.id) \(offence ?? "-") \(role) \(ageBand) \(yes.sorted())") }
                            }
                        }
                    }
                    // The table keeps the row it built.
                    #expect(table.row(offence: offence, role: role, ageBand: ageBand) === row)
                }
            }
        }
        return mismatches
    }

    @Test("the engine's 'check next' rows are Indicator.isCheckNext, for every role, age band and offence")
    func rowsAreTheDefinition() {
        #expect(Self.rowsAgree(every: false) == 0)
    }

    @Test("… with every catalogue answer yes alone", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func rowsAreTheDefinitionForEveryAnswer() {
        #expect(Self.rowsAgree(every: true) == 0)
    }

    @Test("a money mule at ZSM: the money-mule questions, no scene, loot or collection questions")
    func moneyMule() {
        let open = checkNext(role: .zsm, offence: "money_mule")
        for id in moneyItems + ["proceeds.handed_over", "disclosure.made_to_do_it"] { #expect(open.contains(id), "\(id)") }
        for id in scene + ["collection.unverified_claimant", "identity.doubtful"] { #expect(!open.contains(id), "\(id)") }
        #expect(open.count <= 8)
    }

    @Test("drug running: travel arranged, sent elsewhere, work phone, debt; nothing about loot or the scene")
    func drugRunning() {
        let open = checkNext(role: .police, offence: "drug_running")
        for id in ["residence.travel_arranged_by_others", "residence.sent_to_other_places", "daily_life.work_phone", "coercion.debt_bondage"] {
            #expect(open.contains(id), "\(id)")
        }
        for id in scene + moneyItems { #expect(!open.contains(id), "\(id)") }
        // Smuggling: the journey, not the dealing line.
        let smuggling = checkNext(role: .police, offence: "drug_smuggling")
        #expect(smuggling.contains("residence.travel_arranged_by_others"))
        #expect(!smuggling.contains("residence.sent_to_other_places") && !smuggling.contains("daily_life.work_phone"))
    }

    @Test("theft: directed at the scene, loot, quota, collection", arguments: theft)
    func theftOffences(offence: String) {
        let open = checkNext(role: .police, offence: offence)
        for id in scene + ["proceeds.daily_quota", "collection.unverified_claimant", "proceeds.handed_over"] {
            #expect(open.contains(id), "\(offence): \(id)")
        }
        for id in moneyItems + ["residence.travel_arranged_by_others", "daily_life.work_phone"] { #expect(!open.contains(id), "\(offence): \(id)") }
    }

    @Test("roles away from the arrest get no arrest-behaviour or scene questions, whatever the offence")
    func awayFromArrest() {
        for role in [Role.education, .care, .municipality] {
            for offence in knowledge.catalog.offences.map(\.id) + [nil] {
                let open = checkNext(role: role, offence: offence)
                #expect(!open.contains { $0.hasPrefix("arrest_behaviour.") }, "\(role) \(offence ?? "-")")
                for id in scene { #expect(!open.contains(id), "\(role) \(offence ?? "-"): \(id)") }
            }
        }
        #expect(checkNext(role: .education, offence: nil).contains("daily_life.school_absence"))
        #expect(checkNext(role: .care, offence: nil).contains("daily_life.missing_episodes"))
    }

    @Test("an unknown offence (none, or 'other') keeps a broad list across the families")
    func unknownOffence() {
        let open = checkNext(role: .police, offence: nil)
        #expect(open == checkNext(role: .police, offence: "other"))
        let families = Set(open.compactMap { knowledge.catalog.indicator($0)?.family })
        #expect(families.isSuperset(of: ["instigation", "proceeds", "collection", "identity", "disclosure"]))
        #expect(open.count >= 5 && open.count <= 8)
    }

    @Test("an unknown age adds the identity check; a yes opens its follow-ups (claimant here now, threats)")
    func ageBandAndFollowUps() {
        #expect(!checkNext(role: .police, offence: "drug_running").contains("identity.doubtful"))
        #expect(checkNext(role: .police, offence: "drug_running", age: nil).contains("identity.doubtful"))
        let claimant = checkNext(role: .police, offence: "shoplifting", answers: ["collection.unverified_claimant": .yes])
        #expect(claimant.first == "collection.claimant_at_station_now", "the acute follow-up is the most telling")
        #expect(!checkNext(role: .police, offence: "shoplifting").contains("collection.claimant_at_station_now"))
        let instructed = checkNext(role: .police, offence: "drug_running", answers: ["disclosure.made_to_do_it": .yes])
        #expect(instructed.contains("coercion.threats_violence") && instructed.contains("coercion.danger_now"))
        #expect(instructed.first == "coercion.danger_now")
    }

    @Test("most telling first: acute, then decisive, then by weight; an answered 'don't know' is always listed")
    func order() {
        for role in Role.allCases {
            for offence in knowledge.catalog.offences.map(\.id) + [nil] {
                let open = checkNext(role: role, offence: offence, answers: ["instigation.remote_instructions": .unknown])
                #expect(open.contains("instigation.remote_instructions"))
                let ranks = open.compactMap { knowledge.catalog.indicator($0) }.map { indicator in
                    indicator.kind == .acute ? 0 : indicator.kind == .hard ? 1 : 5 - indicator.weight
                }
                #expect(ranks == ranks.sorted(), "\(role) \(offence ?? "-")")
            }
        }
    }

    @Test("every item listed to check next is on that offence and role's checklist (or is an acute follow-up)")
    func withinTheChecklist() {
        for role in Role.allCases {
            for offence in knowledge.catalog.offences.map(\.id) + [nil] {
                let listed = Set(InterviewPlan.checklist(catalog: knowledge.catalog, offence: offence, role: role).flatMap(\.items).map(\.id))
                for age in [9, 15, nil] {
                    for id in checkNext(role: role, offence: offence, age: age) {
                        #expect(listed.contains(id) || knowledge.catalog.indicator(id)?.kind == .acute, "\(role) \(offence ?? "-"): \(id)")
                    }
                }
            }
        }
    }

    @Test("the offence fit is data: the checklist follows Indicator.offences and roles; the newest indicators are on it")
    func fitIsData() throws {
        var catalog = knowledge.catalog
        let index = try #require(catalog.order(of: "instigation.remote_instructions"))
        #expect(InterviewPlan.checklist(catalog: catalog, offence: "money_mule", role: .police).flatMap(\.items).contains { $0.id == "instigation.remote_instructions" })
        catalog.indicators[index].offences = ["shoplifting"]
        let items = { (offence: String?, role: Role) in
            Set(InterviewPlan.checklist(catalog: catalog, offence: offence, role: role).flatMap(\.items).map(\.id))
        }
        #expect(!items("money_mule", .police).contains("instigation.remote_instructions"))
        #expect(items("shoplifting", .police).contains("instigation.remote_instructions"))
        #expect(items(nil, .police).contains("instigation.remote_instructions"), "an unknown offence does not narrow")
        #expect(items("money_mule", .education).contains("instigation.remote_instructions"), "a teacher sees the whole picture")
        catalog.indicators[index].roles = [.zsm]
        #expect(!items(nil, .police).contains("instigation.remote_instructions"))
        for role in Role.allCases {
            for offence in ["shoplifting", "drug_running", "money_mule", nil] {
                let bundled = Set(InterviewPlan.checklist(catalog: knowledge.catalog, offence: offence, role: role).flatMap(\.items).map(\.id))
                #expect(bundled.contains("coercion.sexual_exploitation") && bundled.contains("instigation.offends_when_ill"))
            }
        }
    }

    @Test("the catalogue reader refuses an unknown offence or an ask outside the fit, with the location")
    func decoderChecks() throws {
        let text = try #require(knowledge.files["catalog.json"])
        func refused(_ from: String, _ to: String) -> String? {
            let changed = text.replacingFirst(from, with: to)
            #expect(changed != text, "\(from) not found")
            do {
                _ = try Knowledge.decodeCatalog(files: ["catalog.json": changed])
                return nil
            } catch {
                return error.message(knowledge.texts, .en)
            }
        }
        let unknown = refused(#""offences": [\#n        "money_mule","#, #""offences": [\#n        "money_mules","#)
        #expect(unknown?.contains("money_mules") == true && unknown?.contains("catalog.json:") == true, "\(unknown ?? "accepted")")
        let outside = refused(#""offence": [\#n            "katvanger",\#n            "fraud"\#n          ]"#, #""offence": [\#n            "katvanger",\#n            "shoplifting"\#n          ]"#)
        #expect(outside?.contains("shoplifting") == true, "\(outside ?? "accepted")")
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

@Suite("Scenarios pin 'check next'")
struct ScenarioCheckNextTests {
    @Test("the money-mule scenario's expected 'check next' shows the fit, and check holds it exactly")
    func moneyMuleScenario() throws {
        let scenario = try #require(ScenarioFixtures.bundled.first { $0.id == "money_mule_bank_card" })
        let expected = try #require(scenario.expected.checkNext)
        for id in ["proceeds.handed_over", "disclosure.made_to_do_it"] { #expect(expected.contains(id)) }
        for id in scene + ["collection.unverified_claimant", "identity.doubtful"] { #expect(!expected.contains(id), "\(id)") }
        #expect(ScenarioCheck.run(scenario, engine: engine).passed)
        #expect(ScenarioFixtures.bundled.filter { $0.expected.checkNext != nil }.count >= 4)

        // A wrong list fails, and the failure prints both lists.
        var wrong = scenario
        wrong.expected.checkNext = ["instigation.adult_instructs_at_scene"] + expected
        let result = ScenarioCheck.run(wrong, engine: engine)
        #expect(!result.passed && result.routeDifference.isEmpty)
        let text = ScenarioRenderer(knowledge: knowledge, language: .en).check(.checked(result), file: "mule.json")
        #expect(text.contains("check next: the list differs"))
        #expect(text.contains("expected: instigation.adult_instructs_at_scene, proceeds.handed_over"))
        #expect(text.contains("engine: proceeds.handed_over"))
    }

    @Test("a scenario's checkNext naming an unknown indicator is refused with its path")
    func unknownID() throws {
        let text = try #require(knowledge.files["scenarios/money_mule_bank_card.json"])
        let changed = text.replacingFirst("\"checkNext\": [\n      \"proceeds.handed_over\"", with: "\"checkNext\": [\n      \"proceeds.handed_overr\"")
        #expect(changed != text)
        #expect(throws: SignalError.self) { try Scenario.decode(Array(changed.utf8), knowledge: knowledge) }
        do {
            _ = try Scenario.decode(Array(changed.utf8), knowledge: knowledge)
        } catch {
            let message = error.message(knowledge.texts, .en)
            #expect(message.contains("proceeds.handed_overr") && message.contains("checkNext"), "\(message)")
        }
    }
}

/// Issue 23: what the interview knows about the catalogue beyond its items is catalogue data
/// (`interview` and `open` in catalog.json, `gateSources` in routing.json), read and checked with
/// the location like the rest.
@Suite("Interview facts come from the catalogue and routing data")
struct InterviewFactsTests {
    @Test("the bundled catalogue and routing table say what the interview used to have in code")
    func bundled() {
        let facts = knowledge.catalog.interview
        #expect(facts.rolesAwayFromArrest == [.education, .care, .municipality])
        #expect(knowledge.catalog.offences.filter(\.open).map(\.id) == ["recruiting_others", "other"])
        #expect(facts.deepeningFamilies == ["instigation", "proceeds", "disclosure", "recruitment", "money_mule"])
        #expect(facts.deepeningQuestions == ["coercion.threats_violence", "coercion.debt_bondage"])
        #expect(facts.acuteFollowUps.map(\.ask) == ["collection.claimant_at_station_now", "coercion.danger_now"])
        #expect(facts.acuteFollowUps.map(\.afterYes) == [["collection"], ["coercion", "disclosure.made_to_do_it"]])
        #expect(facts.dangerNow == "coercion.danger_now")
        #expect(facts.onlyWithoutCustodialParent == ["context.asylum_unaccompanied"])
        #expect(knowledge.routing.gateSources == [
            .age: "zorgmelding_under12", .acuteDanger: "call_112", .guardianPresent: "guardian_rvdk_now",
            .registeredInNL: "identity_investigation", .offence: "zsm_consider_exploitation",
        ])
        #expect(Knowledge.bundled.catalog.interview == facts && Knowledge.bundled.routing.gateSources == knowledge.routing.gateSources)
    }

    @Test("a role taken out of rolesAwayFromArrest narrows its checklist to the offence")
    func awayIsData() {
        var catalog = knowledge.catalog
        let wide = InterviewPlan.checklist(catalog: catalog, offence: "money_mule", role: .education).flatMap(\.items).count
        catalog.interview.rolesAwayFromArrest = []
        let narrow = InterviewPlan.checklist(catalog: catalog, offence: "money_mule", role: .education).flatMap(\.items).count
        #expect(narrow < wide)
    }

    private func refused(_ file: String, _ original: String, _ replacement: String) throws -> SignalError? {
        let text = try #require(knowledge.files[file])
        #expect(text.contains(original), "\(original)")
        let changed = Array(text.replacingOccurrences(of: original, with: replacement).utf8)
        do throws(SignalError) {
            if file == "catalog.json" {
                _ = try Catalog.decode(changed)
            } else {
                _ = try RoutingTable.decode(changed, contacts: knowledge.contacts)
            }
            return nil
        } catch {
            return error
        }
    }

    @Test("the readers refuse an unknown or wrong id in these facts, with the JSON path")
    func refusedWithPath() throws {
        let cases: [(String, String, String, String)] = [
            ("catalog.json", #""rolesAwayFromArrest": ["education""#, #""rolesAwayFromArrest": ["teacher""#, "$.interview.rolesAwayFromArrest[0]"),
            ("catalog.json", #""deepeningFamilies": ["instigation""#, #""deepeningFamilies": ["instigations""#, "$.interview.deepeningFamilies[0]"),
            ("catalog.json", #""deepeningQuestions": ["coercion.threats_violence""#, #""deepeningQuestions": ["coercion.danger_now""#, "$.interview.deepeningQuestions[0]"),
            ("catalog.json", #"{"ask": "collection.claimant_at_station_now""#, #"{"ask": "collection.unverified_claimant""#, "$.interview.acuteFollowUps[0].ask"),
            ("catalog.json", #""afterYes": ["collection"]"#, #""afterYes": ["colection"]"#, "$.interview.acuteFollowUps[0].afterYes[0]"),
            ("catalog.json", #""dangerNow": "coercion.danger_now""#, #""dangerNow": "coercion.danger_now_x""#, "$.interview.dangerNow"),
            ("catalog.json", #""onlyWithoutCustodialParent": ["context.asylum_unaccompanied"]"#, #""onlyWithoutCustodialParent": ["context.asylum"]"#, "$.interview.onlyWithoutCustodialParent[0]"),
            ("catalog.json", #""open": true"#, #""open": "yes""#, "$.offences[12].open"),
            ("routing.json", #""age": "zorgmelding_under12""#, #""age": "zorgmelding_under_12""#, "$.gateSources.age"),
            ("routing.json", #""age": "zorgmelding_under12""#, #""leeftijd": "zorgmelding_under12""#, "$.gateSources.leeftijd"),
        ]
        for (file, original, replacement, path) in cases {
            let error = try refused(file, original, replacement)
            #expect(error?.location.path?.description == path, "\(replacement): \(String(describing: error?.kind))")
            #expect(error?.location.position != nil, "\(replacement): no line")
        }
    }
}
