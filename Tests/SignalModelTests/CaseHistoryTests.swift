import Foundation
import Testing

@testable import SignalModel

/// Issue 25: the case travels along the chain. Format version 2 (`history`), the lossless migration of
/// version-1 cases, append-only contributions, and the history replayed for `score`.
@Suite("Case history: format version 2, migration, append-only")
struct CaseHistoryTests {
    private static let folder = repositoryRoot.appendingPathComponent("Tests/Fixtures/cases")

    private static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// The version-1 case fixtures.
    static let versionOneFixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().filter { name in
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return text.contains(#""version": 1"#) || text.contains(#""version":1"#)
        }
    }()

    private static func decode(_ bytes: [UInt8]) throws -> Case {
        do throws(SignalError) { return try Case.decode(bytes, knowledge: knowledge) } catch { throw error }
    }

    private static func decodeError(_ text: String) -> SignalError? {
        do throws(SignalError) {
            _ = try Case.decode(Array(text.utf8), knowledge: knowledge)
            return nil
        } catch { return error }
    }

    /// The JSON result without its `history` member.
    private static func withoutHistory(_ json: String) throws -> NSDictionary {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return object.filter { $0.key != "history" } as NSDictionary
    }

    @Test("there are version-1 fixtures and a version-2 one")
    func fixturesExist() {
        #expect(Self.versionOneFixtures.count >= 9)
        #expect(!Self.versionOneFixtures.contains("chain_police_then_zsm.json"))
    }

    @Test("every version-1 fixture migrates losslessly to version 2 and scores identically", arguments: versionOneFixtures)
    func migratesLosslessly(_ name: String) throws {
        let original = try Self.decode(try Self.fixture(name))
        #expect(original.history.isEmpty)
        // Written again, a version-1 case stays version 1, byte for byte as before.
        #expect(original.encoded(order: knowledge.catalog).serialized(pretty: false).hasPrefix(#"{"version":1,"#))
        let migrated = original.withHistoryBegun()
        let written = migrated.encoded(order: knowledge.catalog).serialized(pretty: true)
        if !original.answers.isEmpty {
            #expect(written.hasPrefix("{\n  \"version\": 2,"), "\(name)")
            #expect(migrated.history.count == 1 && migrated.history[0].answers == original.answers)
            #expect(migrated.history[0].role == original.context.role && migrated.history[0].at == original.context.assessedAt)
        }
        let readBack = try Self.decode(Array(written.utf8))
        #expect(readBack == migrated, "\(name): version 2 does not read back")
        var dropped = readBack
        dropped.history = []
        #expect(dropped == original, "\(name): dropping the history does not give the version-1 case")

        let engine = Engine(knowledge: knowledge)
        let before = engine.assessment(of: original)
        let after = engine.assessment(of: readBack)
        #expect(after.level == before.level && after.score == before.score && after.routeLevel == before.routeLevel)
        #expect(after.route.map(\.id) == before.route.map(\.id) && after.notes.map(\.id) == before.notes.map(\.id))
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        #expect(try Self.withoutHistory(renderer.json(after)) == Self.withoutHistory(renderer.json(before)), "\(name): JSON differs")
    }

    @Test("a contribution is only appended: nothing earlier is changed or removed")
    func appendOnly() throws {
        let chain = try Self.decode(try Self.fixture("chain_police_then_zsm.json"))
        let next = chain.appending(
            Contribution(
                role: .rvdk, at: Timestamp(iso8601: "2026-12-08T10:00:00+01:00"),
                answers: ["proceeds.handed_over": CaseAnswer(.no, note: "het kind vertelt iets anders"), "identity.doubtful": CaseAnswer(.yes)],
                note: "gesprek met het kind"))
        #expect(Array(next.history.prefix(chain.history.count)) == chain.history)
        #expect(next.history.count == chain.history.count + 1)
        // The unchanged answer is left out of the contribution; the change is kept, the earlier answer stays in history.
        #expect(next.history.last?.answers.keys.sorted() == ["proceeds.handed_over"])
        #expect(next.answers["proceeds.handed_over"]?.answer == .no)
        #expect(next.history[1].answers["proceeds.handed_over"]?.answer == .yes)
        #expect(next.context.role == .rvdk && next.context.assessedAt?.text == "2026-12-08T10:00:00+01:00")
        // Written and read back: the earlier contributions are the same bytes.
        let before = chain.encoded(order: knowledge.catalog)
        let after = next.encoded(order: knowledge.catalog)
        guard case .object(let beforeMembers) = before, case .object(let afterMembers) = after,
            case .array(let beforeHistory)? = beforeMembers.first(where: { $0.0 == "history" })?.1,
            case .array(let afterHistory)? = afterMembers.first(where: { $0.0 == "history" })?.1
        else {
            Issue.record("no history written")
            return
        }
        #expect(Array(afterHistory.prefix(beforeHistory.count)) == beforeHistory)
        #expect(try Self.decode(Array(after.serialized(pretty: false).utf8)) == next)
        // A version-1 case continued: its answers become the first contribution, then the new one.
        let v1 = try Self.decode(try Self.fixture("pickpocket_instructed_night.json"))
        let continued = v1.appending(Contribution(role: .zsm, answers: ["proceeds.handed_over": CaseAnswer(.yes)]))
        #expect(continued.history.count == 2 && continued.history[0].answers == v1.answers && continued.history[0].role == .police)
    }

    @Test("the history is replayed: added, changed, signals and the level before and after each contribution")
    func replay() throws {
        let chain = try Self.decode(try Self.fixture("chain_police_then_zsm.json"))
        let summaries = Engine(knowledge: knowledge).history(of: chain)
        #expect(summaries.count == 2)
        #expect(summaries[0].added.count == 4 && summaries[0].changed.isEmpty && summaries[0].signals == 3)
        #expect(summaries[0].levelBefore == .none && summaries[0].levelAfter == .attention)
        #expect(summaries[1].added.sorted() == ["identity.doubtful", "residence.address_unknown"])
        #expect(summaries[1].changed == ["proceeds.handed_over"] && summaries[1].signals == 3)
        #expect(summaries[1].levelBefore == .attention && summaries[1].levelAfter == .suspicion)
        let lines = AssessmentRenderer(knowledge: knowledge, language: .nl).historyLines(summaries)
        #expect(lines.contains { $0.contains("politie, 6 dec 23:40: 4 antwoorden, 3 signalen") })
        #expect(lines.contains { $0.contains("ZSM, 7 dec 09:10: +2, 1 gewijzigd (3 signalen)") })
        #expect(lines.last?.contains("bijdrage 2 (ZSM, 7 dec 09:10)") == true)
    }

    @Test("a route step an earlier reader took is marked done in the text and the report, by role and time")
    func doneSteps() throws {
        let chain = try Self.decode(try Self.fixture("chain_police_then_zsm.json"))
        let assessment = Engine(knowledge: knowledge).assessment(of: chain)
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        let involve = try #require(assessment.route.first { $0.stepIDs.contains("zsm_involve_rvdk") })
        #expect(renderer.doneBy(involve, chain) == "ZSM, 7 dec 09:10")
        let other = try #require(assessment.route.first { !$0.stepIDs.contains("zsm_involve_rvdk") })
        #expect(renderer.doneBy(other, chain) == nil)
        #expect(renderer.text(assessment).components(separatedBy: "✓ al gedaan volgens ZSM, 7 dec 09:10").count == 2)
        let report = ReportRenderer(knowledge: knowledge, language: .nl).markdown(assessment, case: chain)
        #expect(report.contains("— ✓ al gedaan volgens ZSM, 7 dec 09:10"))
        // Without the history's word, nothing is marked.
        var untold = chain
        untold.history[1].done = []
        #expect(!renderer.text(Engine(knowledge: knowledge).assessment(of: untold)).contains("✓"))
    }

    @Test("the current answers must be the history's latest: a disagreement is refused where it is")
    func disagreementLocated() throws {
        let text = try #require(String(bytes: try Self.fixture("chain_police_then_zsm.json"), encoding: .utf8))
        let edited = text.replacingOccurrences(of: #""identity.doubtful": "yes",\#n    "instigation"#, with: #""identity.doubtful": "no",\#n    "instigation"#)
        #expect(edited != text)
        let error = try #require(Self.decodeError(edited))
        #expect(error.kind == .answerDiffersFromHistory(id: "identity.doubtful", contribution: 2))
        #expect(error.location.path?.description == #"$.answers["identity.doubtful"]"#)
        #expect(error.location.position?.line == 16)
        // Missing from the current answers: located at `answers`.
        let missing = text.replacingOccurrences(of: #""identity.doubtful": "yes",\#n    "instigation"#, with: #""instigation"#)
        #expect(Self.decodeError(missing)?.kind == .answerDiffersFromHistory(id: "identity.doubtful", contribution: 2))
        #expect(Self.decodeError(missing)?.location.path?.description == "$.answers")
    }

    @Test("history needs version 2; steps must be known and given once; notes are checked for a BSN")
    func historyRules() throws {
        let head = #"{"version":1,"context":{"age":14,"role":"zsm"},"answers":{},"history":[]}"#
        #expect(Self.decodeError(head)?.kind == .needsVersion(key: "history", version: 2))
        #expect(Self.decodeError(head)?.location.path?.description == "$.history")
        let v2 = #"{"version":2,"context":{"age":14,"role":"zsm"},"answers":{},"history":[{"role":"police","answers":{},"#
        #expect(Self.decodeError(v2 + #""done":["call_113"]}]}"#)?.kind == .unknownStep("call_113", suggestion: "call_112"))
        #expect(Self.decodeError(v2 + #""done":["call_112","call_112"]}]}"#)?.kind == .repeatedStep("call_112"))
        let bsn = Self.decodeError(v2 + #""note":"bsn 123456782"}]}"#)
        #expect(bsn?.kind == .personalIdentifier(character: 5))
        #expect(bsn?.location.path?.description == "$.history[0].note")
        #expect(Self.decodeError(v2 + #""name":"x"}]}"#)?.location.path?.description == "$.history[0].name")
        #expect(Self.decodeError(#"{"version":2,"context":{"age":14,"role":"zsm"},"answers":{},"history":[{"answers":{},"note":"x"}]}"#)?.kind == .missingKey("role"))
        #expect(Self.decodeError(#"{"version":3,"context":{"age":14,"role":"zsm"},"answers":{}}"#)?.kind == .unsupportedVersions(found: "3", supported: 1...2))
    }
}
