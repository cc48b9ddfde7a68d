import Foundation
import SignalKnowledge
import Testing

@testable import SignalModel

/// Every JSON file under the repository's `Resources/` (path relative to it → text): what the build
/// embeds, as `Knowledge.load(files:)` takes it.
let resourceFiles: [String: String] = {
    let folder = repositoryRoot.appendingPathComponent("Resources")
    var files: [String: String] = [:]
    for case let relative as String in FileManager.default.enumerator(atPath: folder.path) ?? .init() where relative.hasSuffix(".json") {
        files[relative] = try? String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
    }
    return files
}()

/// The knowledge base of `Resources/`, decoded and checked once for all tests (a test proves it
/// equals the built-in `Knowledge.bundled`).
let loadedKnowledge: Result<Knowledge, SignalError> = Result { () throws(SignalError) -> Knowledge in
    try Knowledge.load(files: resourceFiles)
}
let knowledge: Knowledge = {
    switch loadedKnowledge {
    case .success(let loaded): return loaded
    case .failure(let error): fatalError("Resources/ does not load: \(error.message(Texts(strings: [:]), .en))")
    }
}()

let engine = Engine(knowledge: knowledge)

/// The score and level a set of answers gives: `Engine.assess` of a case with only them (the one
/// evaluation the interview and the trainer use too).
func scored(_ answers: [String: Answer], acuteDanger: TriState, offence: String? = nil) -> (score: Int, level: Level) {
    let input = Case(context: CaseContext(age: 15, offence: offence, acuteDanger: acuteDanger), answers: answers.mapValues { CaseAnswer($0) })
    let assessment = engine.assessment(of: input)
    return (assessment.score, assessment.level)
}

/// The repository root (for checking committed files against the data).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Builds a case from an indicator example.
func exampleCase(_ example: IndicatorExample) -> Case {
    Case(context: example.context, answers: example.answers.mapValues { CaseAnswer($0) })
}

@Suite("Indicator catalogue")
struct CatalogTests {
    @Test("the bundled knowledge base loads")
    func loads() {
        if case .failure(let error) = loadedKnowledge {
            Issue.record("bundled data invalid: \(error.message(knowledge.texts, .en))")
        }
        #expect(knowledge.catalog.indicators.count >= 40)
    }

    @Test("all eleven families are covered, each by at least three indicators")
    func families() {
        let required = [
            "instigation", "proceeds", "coercion", "arrest_behaviour", "collection", "identity", "residence",
            "daily_life", "money_mule", "recruitment", "disclosure",
        ]
        for family in required {
            let count = knowledge.catalog.indicators.filter { $0.family == family && $0.isScored }.count
            #expect(count >= 3, "family \(family) has \(count) scored indicators")
        }
    }

    @Test("offence types include drugs, money mules and katvangers, not only theft and begging")
    func offences() {
        let ids = Set(knowledge.catalog.offences.map(\.id))
        for id in ["drug_running", "money_mule", "katvanger", "shoplifting", "pickpocketing", "begging"] {
            #expect(ids.contains(id), "offence \(id) missing")
        }
    }

    @Test("each example of each indicator gives exactly its signals, level and unknowns", arguments: knowledge.catalog.indicators)
    func examples(indicator: Indicator) {
        #expect(indicator.examples.contains { $0.answers[indicator.id] == .yes }, "\(indicator.id) has no yes example")
        #expect(
            indicator.examples.contains { $0.answers[indicator.id] == .no || $0.answers[indicator.id] == .unknown },
            "\(indicator.id) has no no/unknown example")
        for (number, example) in indicator.examples.enumerated() {
            let assessment = engine.assessment(of: exampleCase(example))
            let signals = Set(assessment.signals.map(\.indicator.id))
            #expect(signals == example.signals, "\(indicator.id) example \(number + 1): signals")
            #expect(assessment.level == example.level, "\(indicator.id) example \(number + 1): level")
            if let unknowns = example.unknowns {
                let explicit = Set(assessment.openQuestions.filter { $0.reason == .answeredUnknown }.map(\.indicator.id))
                #expect(explicit == unknowns, "\(indicator.id) example \(number + 1): unknowns")
            }
            if let checkNext = example.checkNext {
                #expect(assessment.openQuestions.map(\.indicator.id) == checkNext, "\(indicator.id) example \(number + 1): checkNext")
            }
        }
    }

    @Test("every indicator has texts in both languages, a citation and a valid id", arguments: knowledge.catalog.indicators)
    func selfDescribing(indicator: Indicator) {
        for text in [indicator.question, indicator.explanation, indicator.rationale] {
            #expect(!text.nl.isEmpty && !text.en.isEmpty && text.nl != text.en, "\(indicator.id): \(text.en)")
        }
        #expect(indicator.question.nl.hasSuffix("?") && indicator.question.en.hasSuffix("?"), "\(indicator.id) question")
        #expect(!indicator.citations.isEmpty)
        #expect(indicator.citations.allSatisfy { $0.source != "public" }, "\(indicator.id) cites no seed")
    }

    @Test("no indicator asks about the person: profile words never appear in an id or question", arguments: knowledge.catalog.indicators)
    func noProfiles(indicator: Indicator) {
        #expect(!ProfileAttributes.isProfileAttribute(indicator.id))
        let words = [
            "roma", "etnic", "ethnic", "nationalit", "afkomst", "herkomst", "geslacht", "gender", "meisje", "jongen",
            "religi", "geloof", "armoede", "poverty", "oost-europ", "eastern europ", "allochto",
        ]
        for text in [indicator.question.nl, indicator.question.en] {
            // Word starts, so "ongeloofwaardig" (implausible) is not "geloof" (faith).
            let lowered = " " + text.lowercased().map { $0.isLetter || $0 == "-" ? String($0) : " " }.joined()
            for word in words {
                #expect(!lowered.contains(" " + word), "\(indicator.id) question mentions \(word)")
            }
        }
    }

    @Test("context indicators never lift the level, whatever else is answered")
    func contextNeverLifts() {
        let contextIDs = knowledge.catalog.indicators.filter { $0.kind == .context }.map(\.id)
        let all = Dictionary(uniqueKeysWithValues: contextIDs.map { ($0, Answer.yes) })
        #expect(scored(all, acuteDanger: .no).level == .none)
        for indicator in knowledge.catalog.indicators where indicator.isScored {
            let base = scored([indicator.id: .yes], acuteDanger: .no)
            var withContext = all
            withContext[indicator.id] = .yes
            #expect(scored(withContext, acuteDanger: .no) == base)
        }
    }

    @Test("'check next' clauses refer only to earlier indicators and known offences, inside the item's fit")
    func askRules() {
        let offences = Set(knowledge.catalog.offences.map(\.id))
        for (index, indicator) in knowledge.catalog.indicators.enumerated() {
            for offence in indicator.offences ?? [] { #expect(offences.contains(offence)) }
            for clause in indicator.ask {
                for id in clause.anyYes ?? [] {
                    let order = knowledge.catalog.order(of: id)
                    #expect(order != nil && order! < index, "\(indicator.id) anyYes \(id)")
                }
                for offence in clause.offences ?? [] {
                    #expect(offences.contains(offence))
                    #expect(indicator.offences.map { $0.contains(offence) || knowledge.catalog.offence(offence)?.open == true } ?? true)
                }
            }
        }
        // Some examples pin the whole 'check next' list for an offence and role.
        #expect(knowledge.catalog.indicators.flatMap(\.examples).filter { $0.checkNext != nil }.count >= 5)
    }

    @Test("a catalogue with more offences than 'check next' has bits for is refused at the first one too many")
    func offenceLimit() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Resources/catalog.json"), encoding: .utf8)
        let offences = knowledge.catalog.offences.count
        func decoded(withOffences total: Int) -> Result<Catalog, SignalError> {
            let extra = (offences..<total).map { number in
                #"{"id": "extra_\#(number)", "name": {"nl": "x", "en": "x"}, "citations": [{"source": "public", "lines": [1, 1], "quote": "x"}]},"#
            }
            let changed = text.replacingOccurrences(
                of: "\"offences\": [", with: "\"offences\": [" + extra.joined(), range: text.range(of: "\"offences\": ["))
            do throws(SignalError) {
                return .success(try Catalog.decode(Array(changed.utf8)))
            } catch {
                return .failure(error)
            }
        }
        let limit = CheckNextTable.maximumOffences
        guard case .success(let catalog) = decoded(withOffences: limit) else {
            Issue.record("\(limit) offences refused")
            return
        }
        #expect(catalog.offences.count == limit)
        guard case .failure(let error) = decoded(withOffences: limit + 1) else {
            Issue.record("\(limit + 1) offences accepted: 'check next' would list nothing for the offences past bit 63")
            return
        }
        #expect(error.location.path?.description == "$.offences[\(limit)]", "\(error.kind)")
    }

    static func allCitations() -> [(String, Citation)] {
        var result: [(String, Citation)] = []
        let catalog = knowledge.catalog
        result += catalog.scoring.citations.map { ("scoring", $0) }
        for family in catalog.families { result += family.citations.map { ("family " + family.id, $0) } }
        for offence in catalog.offences { result += offence.citations.map { ("offence " + offence.id, $0) } }
        for indicator in catalog.indicators { result += indicator.citations.map { (indicator.id, $0) } }
        for combination in catalog.combinations {
            result += combination.citations.map { ("combination " + combination.id, $0) }
        }
        for rule in knowledge.routing.rules {
            for step in rule.steps { result += step.citations.map { ("route " + rule.id + "/" + step.id, $0) } }
        }
        for note in knowledge.routing.notes { result += note.citations.map { ("note " + note.id, $0) } }
        for contact in knowledge.contacts.contacts { result += contact.citations.map { ("contact " + contact.id, $0) } }
        for region in knowledge.contacts.regions { result += region.citations.map { ("region " + region.id, $0) } }
        return result
    }

    /// Checks each (owner, citation) quote against the seed lines it names (`SourceTexts`: SIGNAAL_SOURCES
    /// or ../shared/seeds) with the library's one checker (`SeedTexts`, as `scenario check --sources`
    /// uses it). Only called from tests enabled by `SourceTexts.available`.
    static func checkQuotes(_ citations: [(String, Citation)]) throws {
        let folder = try SourceTexts.folder
        var texts: [String: String] = [:]
        for file in Seeds.files {
            texts[file] = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        let seeds = SeedTexts(texts: texts)
        for (owner, citation) in citations {
            let verdict = seeds.verify(citation)
            #expect(verdict == .verified || verdict == .publicKnowledge, "\(owner): \(verdict) at \(citation.shortReference): \(citation.quote)")
        }
    }

    @Test("the bundled table of seed files and line counts matches the source folder", .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func seedTable() throws {
        let folder = try SourceTexts.folder
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        var actual: [String] = []
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            actual.append("(\"\(name)\", \(Seeds.lines(of: text).count))")
        }
        #expect(Seeds.lineCounts.map { "(\"\($0.file)\", \($0.lines))" } == actual, "update Seeds.lineCounts in Sources/SignalModel/Model/Seeds.swift")
    }

    @Test("citation verdicts without the texts: not verified, out of range, public, unknown source")
    func verdictsWithoutTexts() {
        let file = "002_5e39b681f2b3d329.txt"
        let real = Citation(source: file, lines: 364...364, quote: "Heeft geen identiteitsdocumenten")
        #expect(SeedTexts.none.verify(real) == .notVerified)
        #expect(SeedTexts.none.verify(Citation(source: file, lines: 567...567, quote: "x")) == .outOfRange(lineCount: 566))
        #expect(SeedTexts.none.verify(Citation(source: "public", lines: 0...0, quote: "x")) == .publicKnowledge)
        #expect(SeedTexts.none.verify(Citation(source: "005_x.txt", lines: 1...1, quote: "x")) == .unknownSource)
    }

    @Test("citation verdicts with the text: verified, out of range, quote not found", .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func verdicts() throws {
        let file = "002_5e39b681f2b3d329.txt"
        let text = try String(contentsOf: SourceTexts.folder.appendingPathComponent(file), encoding: .utf8)
        let lines = Seeds.lines(of: text)
        let real = Citation(source: file, lines: 364...364, quote: "Heeft geen identiteitsdocumenten")
        let seeds = SeedTexts(texts: [file: text])
        #expect(lines[363].contains("Heeft geen identiteitsdocumenten"))
        #expect(seeds.verify(real) == .verified)
        #expect(seeds.verify(Citation(source: file, lines: 364...364, quote: "Heeft wel identiteitsdocumenten")) == .quoteNotFound)
        #expect(seeds.verify(Citation(source: file, lines: 10...11, quote: real.quote)) == .quoteNotFound)
        #expect(seeds.verify(Citation(source: file, lines: 99_999...99_999, quote: real.quote)) == .outOfRange(lineCount: lines.count))
    }

    @Test("every citation's quote stands in its seed at the lines it names", .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func citationsAreVerbatim() throws {
        try Self.checkQuotes(Self.allCitations())
    }

    @Test("the committed indicator reference pages are current")
    func docsAreCurrent() throws {
        for language in Language.allCases {
            let url = repositoryRoot.appendingPathComponent("docs/indicators.\(language.rawValue).md")
            let committed = try String(contentsOf: url, encoding: .utf8)
            let rendered = CatalogRenderer(knowledge: knowledge, language: language).markdown()
            #expect(committed == rendered, "docs/indicators.\(language.rawValue).md is stale: run `swift run signaal indicators --format markdown --lang \(language.rawValue) > docs/indicators.\(language.rawValue).md`")
        }
    }

    @Test("the case schema lists exactly the roles, offences, levels and answers the code accepts")
    func schemaMatches() throws {
        let text = try #require(knowledge.files["schema/case.schema.json"])
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let context = try #require((properties["context"] as? [String: Any])?["properties"] as? [String: Any])
        #expect((context["role"] as? [String: Any])?["enum"] as? [String] == Role.allCases.map(\.rawValue))
        #expect((context["offence"] as? [String: Any])?["enum"] as? [String] == knowledge.catalog.offences.map(\.id))
        let override = try #require((properties["override"] as? [String: Any])?["properties"] as? [String: Any])
        #expect((override["level"] as? [String: Any])?["enum"] as? [String] == Level.allCases.map(\.rawValue))
        let defs = try #require(schema["$defs"] as? [String: Any])
        #expect((defs["answer"] as? [String: Any])?["enum"] as? [String] == Answer.allCases.map(\.rawValue))
    }
}
