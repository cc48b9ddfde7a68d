import Foundation
import Testing

@testable import SignalModel

/// Combination rules (issue 13): weak signals that, together with the offence, are decisive. Each
/// rule is cited, its examples run here, and it lifts the level without changing the score.
@Suite("Combination rules")
struct CombinationTests {
    static let context = CaseContext(
        age: 15, role: .police, offence: "drug_running", acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes)

    /// Every catalogue question answered no, then these answers on top (so nothing else is open).
    static func allNo(_ answers: [String: Answer]) -> [String: CaseAnswer] {
        var result = Dictionary(uniqueKeysWithValues: knowledge.catalog.indicators.map { ($0.id, CaseAnswer(.no)) })
        for (id, answer) in answers { result[id] = CaseAnswer(answer) }
        return result
    }

    @Test("each example gives exactly its level and fires exactly its combinations", arguments: knowledge.catalog.combinations)
    func examples(combination: Combination) {
        #expect(combination.examples.contains { $0.combinations.contains(combination.id) }, "\(combination.id): no example where it fires")
        #expect(combination.examples.contains { !$0.combinations.contains(combination.id) }, "\(combination.id): no near miss")
        for (number, example) in combination.examples.enumerated() {
            let input = Case(context: example.context, answers: example.answers.mapValues { CaseAnswer($0) })
            let assessment = engine.assessment(of: input)
            #expect(Set(assessment.combinations.map(\.id)) == example.combinations, "\(combination.id) example \(number + 1): combinations")
            #expect(assessment.level == example.level, "\(combination.id) example \(number + 1): level")
        }
    }

    @Test("the seed-supported patterns are there: a drug offence with a child sent elsewhere, a courier whose travel others arranged")
    func patterns() throws {
        let line = try #require(knowledge.catalog.combination("dealing_line"))
        #expect(line.when.anyYes == ["residence.sent_to_other_places"])
        #expect(Set(line.when.offences ?? []) == ["drug_running", "drug_dealing"])
        #expect(line.citations.contains { $0.source.hasPrefix("001_") && $0.lines == 304...304 })
        let courier = try #require(knowledge.catalog.combination("courier_travel_arranged"))
        #expect(courier.when.anyYes == ["residence.travel_arranged_by_others"])
        #expect(courier.citations.contains { $0.source.hasPrefix("000_") && $0.lines == 1227...1227 })
        // 000 L1227 is one officer's view ("Een medewerker van de KMar meent"), not the KMar's.
        #expect(courier.rationale.nl.contains("medewerker van de KMar") && !courier.rationale.nl.contains("volgens de KMar"))
        #expect(courier.rationale.en.contains("KMar officer") && !courier.rationale.en.contains("According to the KMar"))
        for rule in knowledge.catalog.combinations {
            #expect(rule.atLeast == .suspicion)
            #expect(!rule.citations.isEmpty)
        }
    }

    @Test("citations support the rule: no recruitment-in-a-club line (000 L2382) for travel arranged by others")
    func courierCitations() throws {
        let courier = try #require(knowledge.catalog.combination("courier_travel_arranged"))
        let travel = try #require(knowledge.catalog.indicator("residence.travel_arranged_by_others"))
        // 000 L2382: a boy in a club offers her money to smuggle; she travelled herself. Recruitment,
        // not "someone else arranged the journey".
        for citations in [courier.citations, travel.citations] {
            #expect(!citations.contains { $0.source.hasPrefix("000_") && $0.lines.contains(2382) })
            #expect(citations.contains { $0.source.hasPrefix("002_") && $0.lines == 253...254 })
        }
        // The KMar line is quoted with its framing: one officer's view.
        #expect(courier.citations.contains { $0.lines == 1227...1227 && $0.quote.hasPrefix("Een medewerker van de KMar meent") })
        #expect(!travel.rationale.nl.contains("vrijwel altijd") && !travel.rationale.en.contains("almost always"))
    }

    @Test("the dealing line says county lines is the UK's name and cites the Dutch finding separately")
    func dealingLineHonest() throws {
        let line = try #require(knowledge.catalog.combination("dealing_line"))
        // 001 L304 is about the United Kingdom; the rationale must say so, not present it as Dutch fact.
        #expect(line.rationale.nl.contains("In het Verenigd Koninkrijk heet"))
        #expect(line.rationale.en.contains("In the United Kingdom this pattern is called"))
        // Offences are not scored (issue 20): the offence is not called a signal, and the threshold
        // is marked as Signaal's choice.
        #expect(!line.rationale.nl.contains("zwak signaal") && !line.rationale.en.contains("weak signal"))
        #expect(line.rationale.nl.contains("niet uit de bronnen") && line.rationale.en.contains("not from the sources"))
        // Dutch forced running and dealing of drugs: 001 L368 (police unit Amsterdam).
        #expect(line.citations.contains { $0.source.hasPrefix("001_") && $0.lines == 368...368 && $0.quote.contains("koerieren en dealen van drugs") })
        #expect(!line.name.nl.contains("Dealerslijn") && !line.name.en.contains("Dealing line"))
    }

    @Test("a combination is a signal to act on, not a finding: every rationale says so, in Dutch and English", arguments: knowledge.catalog.combinations)
    func noVerdict(rule: Combination) {
        #expect(rule.rationale.nl.contains("een signaal om op te handelen, geen vaststelling"), "\(rule.id)")
        #expect(rule.rationale.en.contains("a signal to act on, not a finding"), "\(rule.id)")
        for text in [rule.rationale.nl, rule.rationale.en, rule.name.nl, rule.name.en] {
            #expect(!text.contains("doorslaggevend") && !text.lowercased().contains("decisive"), "\(rule.id): \(text)")
        }
    }

    @Test("signaal indicators shows a combination's condition by offence names and questions; ids only in JSON")
    func conditionsInWords() throws {
        for language in Language.allCases {
            let renderer = CatalogRenderer(knowledge: knowledge, language: language)
            let text = renderer.text()
            let markdown = renderer.markdown()
            for rule in knowledge.catalog.combinations {
                let condition = renderer.conditionDescription(rule)
                for offence in rule.when.offences ?? [] {
                    #expect(condition.contains(try #require(knowledge.catalog.offence(offence)).name[language]))
                    #expect(!condition.contains(offence), "\(rule.id): raw offence id \(offence)")
                }
                for id in rule.when.allYes + rule.when.anyYes {
                    #expect(condition.contains("«" + (try #require(knowledge.catalog.indicator(id))).question[language] + "»"))
                    #expect(!condition.contains(id), "\(rule.id): raw indicator id \(id)")
                }
                #expect(text.contains("    " + condition + "\n"))
                // A name may hold a comma, so offences stand apart by " / "; one question is not "one of".
                let offences = (rule.when.offences ?? []).compactMap { knowledge.catalog.offence($0)?.name[language] }
                #expect(condition.contains(offences.joined(separator: " / ")))
                if rule.when.anyYes.count == 1 {
                    #expect(condition.hasSuffix(knowledge.texts.text("catalog.combination.one_yes", language, ["list": ""]) + "«" + knowledge.catalog.indicator(rule.when.anyYes[0])!.question[language] + "»"))
                }
                #expect(markdown.contains(condition))
            }
            // The whole page: no offence id appears in an 'ask', 'fits' or condition line.
            for line in (text + markdown).split(separator: "\n") where line.contains(" + ") || line.contains(": ") {
                // Skipped: headings and the terminal's id lines, the offence glossary ("- `id`: name"), the table.
                guard !line.hasPrefix("### ") && !line.hasPrefix("  ") && !line.hasPrefix("- `") && !line.hasPrefix("|") else { continue }
                for offence in knowledge.catalog.offences where offence.id.contains("_") {
                    #expect(!line.contains(offence.id), "\(language): \(line)")
                }
            }
            // Age bands in words too ("voor leeftijd onbekend", not "unknown" in Dutch).
            for band in AgeBand.allCases {
                #expect(knowledge.texts.strings["catalog.age_band." + band.rawValue] != nil, "\(band)")
            }
            if language == .nl { #expect(!markdown.contains("leeftijdsgroep unknown") && markdown.contains("voor leeftijd onbekend")) }
            let json = renderer.json().serialized(pretty: false)
            #expect(json.contains("\"drug_running\"") && json.contains("\"residence.sent_to_other_places\""))
        }
    }

    @Test("alone each signal is attention; with the offence the rule makes it suspicion, the score unchanged")
    func liftsTheLevelNotTheScore() {
        let sent = "residence.sent_to_other_places"
        let weight = knowledge.catalog.indicator(sent)!.weight
        #expect(weight < knowledge.catalog.scoring.suspicionAt)
        let withOffence = engine.assessment(of: Case(context: Self.context, answers: Self.allNo([sent: .yes])))
        #expect(withOffence.score == weight)
        #expect(withOffence.level == .suspicion)
        #expect(withOffence.levelIfOpenConfirmed == .suspicion)
        #expect(withOffence.combinations.map(\.id) == ["dealing_line"])
        // The route follows the lifted level.
        #expect(withOffence.situation.level == .suspicion)

        var other = Self.context
        other.offence = "shoplifting"
        let withoutOffence = engine.assessment(of: Case(context: other, answers: Self.allNo([sent: .yes])))
        #expect(withoutOffence.score == weight)
        #expect(withoutOffence.level == .attention)
        #expect(withoutOffence.combinations.isEmpty)
        other.offence = nil
        #expect(engine.assessment(of: Case(context: other, answers: Self.allNo([sent: .yes]))).combinations.isEmpty)
    }

    @Test("levelIfOpenConfirmed: an open pattern indicator counts as confirmed, a no does not")
    func ifConfirmed() {
        let sent = "residence.sent_to_other_places"
        let open = engine.assessment(of: Case(context: Self.context, answers: Self.allNo([sent: .unknown])))
        #expect(open.level == .none)
        #expect(open.combinations.isEmpty)
        #expect(open.levelIfOpenConfirmed == .suspicion)
        let no = engine.assessment(of: Case(context: Self.context, answers: Self.allNo([:])))
        #expect(no.levelIfOpenConfirmed == .none)
        // A weak yes elsewhere plus the open pattern indicator: attention now, suspicion if confirmed.
        let weak = engine.assessment(of: Case(context: Self.context, answers: Self.allNo([sent: .unknown, "daily_life.school_absence": .yes])))
        #expect(weak.level == .attention)
        #expect(weak.levelIfOpenConfirmed == .suspicion)
    }

    @Test("acute stays acute; a decisive signal stays suspicion; the rule never lowers a level")
    func neverLowers() {
        var danger = Self.context
        danger.acuteDanger = .yes
        let acute = engine.assessment(of: Case(context: danger, answers: Self.allNo(["residence.sent_to_other_places": .yes])))
        #expect(acute.level == .acute)
        #expect(acute.combinations.map(\.id) == ["dealing_line"])
        for input in generatedCases(count: 300, seed: 13) {
            let assessment = engine.assessment(of: input)
            let hard = assessment.signals.contains { $0.indicator.kind == .hard }
            let acute = assessment.signals.contains { $0.indicator.kind == .acute } || input.context.acuteDanger == .yes
            // Identity and residence without a partner yes lift the level to attention at most.
            let capped = assessment.signals.filter { signal in
                !signal.indicator.suspicionOnlyWith.isEmpty
                    && !assessment.signals.contains { signal.indicator.isSuspicionPartner($0.indicator) }
            }.map(\.indicator.weight).reduce(0, +)
            let scoring = knowledge.catalog.scoring
            var plain = scoring.level(score: assessment.score - capped, hard: hard, acute: acute)
            if capped > 0 { plain = max(plain, min(.attention, scoring.level(score: assessment.score, hard: hard, acute: acute))) }
            #expect(assessment.level >= plain)
            let lifted = assessment.combinations.map(\.atLeast).max() ?? .none
            #expect(assessment.level == max(plain, lifted))
        }
    }

    @Test("profiles are never inputs: the rules name only scored exploitation features and offences")
    func noProfiles() {
        for rule in knowledge.catalog.combinations {
            for id in rule.when.indicators {
                let indicator = knowledge.catalog.indicator(id)
                #expect(indicator?.isScored == true, "\(rule.id): \(id)")
                #expect(indicator?.countsOnlyWith.isEmpty == true, "\(rule.id): \(id)")
                #expect(!ProfileAttributes.isProfileAttribute(id))
            }
        }
    }

    @Test("text, JSON and the report say which combination fired and why, in Dutch and English")
    func rendered() throws {
        let input = Case(
            reference: "TEST-1", context: Self.context,
            answers: ["residence.sent_to_other_places": CaseAnswer(.yes), "residence.travel_arranged_by_others": CaseAnswer(.yes)])
        let assessment = engine.assessment(of: input)
        #expect(assessment.combinations.map(\.id) == ["dealing_line", "courier_travel_arranged"])
        for language in Language.allCases {
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            let text = renderer.text(assessment)
            for rule in assessment.combinations {
                #expect(text.contains(rule.name[language]))
                #expect(text.contains(rule.rationale[language]))
            }
            #expect(text.contains(knowledge.texts.text("render.combinations", language, ["count": "2"])))
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(renderer.json(assessment).utf8)) as? [String: Any])
            let fired = try #require(json["combinations"] as? [[String: Any]])
            #expect(fired.map { $0["id"] as? String } == ["dealing_line", "courier_travel_arranged"])
            #expect(fired.first?["signals"] as? [String] == ["residence.sent_to_other_places"])
            #expect(fired.first?["offence"] as? String == "drug_running")
            #expect(fired.first?["atLeast"] as? String == "suspicion")
            #expect((fired.first?["citations"] as? [Any])?.isEmpty == false)
            let report = ReportRenderer(knowledge: knowledge, language: language).markdown(assessment, case: input)
            #expect(report.contains("## " + knowledge.texts.text("report.combinations_heading", language)))
            #expect(report.contains(assessment.combinations[1].name[language]))
        }
        // None fired: an empty array, no heading.
        let quiet = engine.assessment(of: Case(context: Self.context, answers: [:]))
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .en)
        #expect(renderer.json(quiet, pretty: false).contains(#""combinations":[]"#))
        #expect(!renderer.text(quiet).contains(knowledge.texts.text("render.combinations", .en, ["count": "0"])))
    }

    /// The bundled catalogue with the first combination's `when` replaced.
    static func decode(replacing old: String, with new: String) throws -> Result<Catalog, SignalError> {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Resources/catalog.json"), encoding: .utf8)
        #expect(text.contains(old), "fixture text not found: \(old)")
        let changed = text.replacingOccurrences(of: old, with: new)
        do throws(SignalError) {
            return .success(try Catalog.decode(Array(changed.utf8)))
        } catch {
            return .failure(error)
        }
    }

    @Test("a bad combination is refused with the place it is wrong", arguments: [
        // unknown indicator id, with a suggestion
        ("\"residence.sent_to_other_places\"\n        ]\n      },\n      \"atLeast\"", "\"residence.sent_to_other_place\"\n        ]\n      },\n      \"atLeast\"", "$.combinations[0].when.anyYes[0]"),
        // unknown offence
        ("\"drug_running\",\n          \"drug_dealing\"\n        ],\n        \"anyYes\": [\n          \"residence.sent_to_other_places\"", "\"drug_running\",\n          \"drugs\"\n        ],\n        \"anyYes\": [\n          \"residence.sent_to_other_places\"", "$.combinations[0].when.offences[1]"),
        // a context (profile-adjacent) indicator
        ("\"anyYes\": [\n          \"residence.sent_to_other_places\"", "\"anyYes\": [\n          \"residence.no_fixed_address\"", "$.combinations[0].when.anyYes[0]"),
        // a conditional indicator
        ("\"anyYes\": [\n          \"residence.sent_to_other_places\"", "\"anyYes\": [\n          \"identity.prior_records_elsewhere\"", "$.combinations[0].when.anyYes[0]"),
        // acute is not a combination's level
        ("\"atLeast\": \"suspicion\",\n      \"citations\": [\n        {\n          \"source\": \"001_ffd7c1375f758767.txt\",\n          \"lines\": [\n            304", "\"atLeast\": \"acute\",\n      \"citations\": [\n        {\n          \"source\": \"001_ffd7c1375f758767.txt\",\n          \"lines\": [\n            304", "$.combinations[0].atLeast"),
        // no citation
        ("\"atLeast\": \"suspicion\",\n      \"citations\": [\n        {\n          \"source\": \"001_ffd7c1375f758767.txt\"", "\"atLeast\": \"suspicion\",\n      \"citations\": [],\n      \"old\": [\n        {\n          \"source\": \"001_ffd7c1375f758767.txt\"", "$.combinations[0].citations"),
        // an example naming a combination that does not exist
        ("\"combinations\": [\n            \"dealing_line\"\n          ]", "\"combinations\": [\n            \"dealing_lines\"\n          ]", "$.combinations[0].examples[0].combinations[0]"),
    ])
    func refused(old: String, new: String, path: String) throws {
        guard case .failure(let error) = try Self.decode(replacing: old, with: new) else {
            Issue.record("accepted: \(new)")
            return
        }
        #expect(error.location.path?.description == path, "\(error.kind)")
    }

    /// The bundled catalogue with the first combination's examples changed by `change`.
    static func decode(changingExamples change: ([[String: Any]]) -> [[String: Any]]) throws -> Result<Catalog, SignalError> {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Resources/catalog.json"))
        var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var rules = try #require(root["combinations"] as? [[String: Any]])
        rules[0]["examples"] = change(try #require(rules[0]["examples"] as? [[String: Any]]))
        root["combinations"] = rules
        let changed = try JSONSerialization.data(withJSONObject: root)
        do throws(SignalError) {
            return .success(try Catalog.decode(Array(changed)))
        } catch {
            return .failure(error)
        }
    }

    @Test("examples must show the rule firing and a near miss")
    func examplesBothWays() throws {
        let onlyFiring = try Self.decode { $0.filter { ($0["combinations"] as? [String])?.contains("dealing_line") == true } }
        let onlyMisses = try Self.decode { $0.filter { ($0["combinations"] as? [String])?.contains("dealing_line") != true } }
        for (what, result) in [("only firing", onlyFiring), ("only near misses", onlyMisses)] {
            guard case .failure(let error) = result else {
                Issue.record("\(what): accepted")
                continue
            }
            #expect(error.location.path?.description == "$.combinations[0].examples", "\(what)")
        }
        guard case .success = try Self.decode(changingExamples: { $0 }) else {
            Issue.record("the unchanged examples were refused")
            return
        }
    }

    @Test("a combination without indicators, or without a near miss, is refused")
    func refusedShapes() throws {
        let noIndicators = try Self.decode(
            replacing: "\"anyYes\": [\n          \"residence.sent_to_other_places\"\n        ]",
            with: "\"anyYes\": []")
        guard case .failure(let error) = noIndicators else {
            Issue.record("a combination of the offence alone was accepted")
            return
        }
        #expect(error.location.path?.description == "$.combinations[0].when")
    }
}

@Suite("Combination rules in the trainer's scenario")
struct CombinationScenarioTests {
    @Test("drug_runner_far_from_home: its level comes from the courier rule, and the trainer sees it named")
    func scenario() throws {
        let scenario = try #require(try Scenario.bundled(in: knowledge).first { $0.id == "drug_runner_far_from_home" })
        let expert = engine.assessment(of: scenario.case)
        #expect(scenario.expected.level == .suspicion)
        #expect(expert.level == .suspicion)
        #expect(expert.combinations.map(\.id) == ["courier_travel_arranged"])
        // Without the rule the same answers are only attention: the level is the combination's.
        #expect(knowledge.catalog.scoring.level(score: expert.score, hard: false, acute: false) == .attention)
        #expect(!expert.signals.contains { $0.isTrigger })

        var session = ScenarioSession(scenario: scenario)
        while session.phase != .finished {
            if case .question = session.phase {
                session.answer(session.currentQuestion?.expert ?? .unknown)
            } else {
                session.proceed()
            }
        }
        // The stage reveal's running level (the trainer's score movement) applies the rule too.
        let reveal = session.reveal(stage: 0, engine: engine)
        #expect(reveal.expertAfter.level == .suspicion)
        #expect(reveal.expertBefore.level == .none)
        for language in Language.allCases {
            let text = ScenarioRenderer(knowledge: knowledge, language: language).summary(session.summary(engine: engine))
            #expect(text.contains("! " + knowledge.catalog.combination("courier_travel_arranged")!.name[language].prefix(20)))
        }
    }
}
