import Foundation
import Testing

@testable import SignalModel

/// `countsOnlyWith`: an indicator whose yes counts only beside a yes in named families or ids
/// (issue 13: earlier records abroad frame children as offenders on their own, 000 L985).
@Suite("Conditional indicators (countsOnlyWith)")
struct CountsOnlyWithTests {
    static let prior = "identity.prior_records_elsewhere"

    static func catalogText() throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("Resources/catalog.json"), encoding: .utf8)
    }

    /// The bundled catalogue with the prior-records `countsOnlyWith` list replaced by `replacement`.
    static func decode(replacing replacement: String) throws -> Result<Catalog, SignalError> {
        let text = try catalogText()
        let original = "\"countsOnlyWith\": [\n        \"instigation\",\n        \"proceeds\",\n        \"collection\"\n      ],"
        #expect(text.contains(original))
        let changed = text.replacingOccurrences(of: original, with: replacement)
        do throws(SignalError) {
            return .success(try Catalog.decode(Array(changed.utf8)))
        } catch {
            return .failure(error)
        }
    }

    @Test("earlier records elsewhere count only with an instigation, proceeds or collection yes")
    func priorRecordsIsConditional() throws {
        let indicator = try #require(knowledge.catalog.indicators.first { $0.id == Self.prior })
        #expect(indicator.countsOnlyWith == ["instigation", "proceeds", "collection"])
        #expect(indicator.examples.contains { $0.answers.count == 1 && $0.answers[Self.prior] == .yes && $0.level == .none })
        #expect(indicator.examples.contains { $0.answers.count > 1 && $0.signals.contains(Self.prior) })
    }

    @Test("alone: seen as a context finding, not scored; with an instigation yes: scored")
    func bothDirections() {
        let context = CaseContext(age: 14, role: .police, acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes)
        let alone = engine.assessment(of: Case(context: context, answers: [Self.prior: CaseAnswer(.yes, note: "BE")]))
        #expect(alone.score == 0)
        #expect(alone.level == .none)
        #expect(alone.signals.isEmpty)
        #expect(alone.contextFindings.map(\.indicator.id) == [Self.prior])
        #expect(alone.contextFindings.first?.note == "BE")

        let partner = knowledge.catalog.indicators.first { $0.family == "instigation" && $0.kind == .weighted }!
        let together = engine.assessment(of: 
            Case(context: context, answers: [Self.prior: CaseAnswer(.yes), partner.id: CaseAnswer(.yes)]))
        #expect(together.score == partner.weight + 1)
        #expect(Set(together.signals.map(\.indicator.id)) == [Self.prior, partner.id])
        #expect(!together.contextFindings.contains { $0.indicator.id == Self.prior })

        // A partner answered no does not count; a partner left open counts if confirmed.
        let ruledOut = engine.assessment(of: Case(context: context, answers: [Self.prior: CaseAnswer(.yes), partner.id: CaseAnswer(.no)]))
        #expect(ruledOut.score == 0)
        // (Every other question answered no, so only the partner is open.)
        var answers = Dictionary(uniqueKeysWithValues: knowledge.catalog.indicators.map { ($0.id, CaseAnswer(.no)) })
        answers[Self.prior] = CaseAnswer(.yes)
        answers[partner.id] = CaseAnswer(.unknown)
        let open = engine.assessment(of: Case(context: context, answers: answers))
        #expect(open.level == .none)
        #expect(open.levelIfOpenConfirmed == knowledge.catalog.scoring.level(score: partner.weight + 1, hard: false, acute: false))
        #expect(open.levelIfOpenConfirmed != .none)
        answers[partner.id] = CaseAnswer(.no)
        #expect(engine.assessment(of: Case(context: context, answers: answers)).levelIfOpenConfirmed == .none)

        // Without the context above: the same rule.
        #expect(scored([Self.prior: .yes], acuteDanger: .no).score == 0)
        #expect(scored([Self.prior: .yes, partner.id: .yes], acuteDanger: .no).score == partner.weight + 1)
        // Another identity yes is no partner.
        let sameFamily = knowledge.catalog.indicators.first { $0.family == "identity" && $0.id != Self.prior && $0.isScored }!
        let notPartner = engine.assessment(of: Case(context: context, answers: [Self.prior: CaseAnswer(.yes), sameFamily.id: CaseAnswer(.yes)]))
        #expect(notPartner.score == sameFamily.weight)
    }

    @Test("countsOnlyWith is decoded strictly: known families or ids, not empty, not itself, weighted only")
    func strictDecoding() throws {
        guard case .success(let same) = try Self.decode(replacing: "\"countsOnlyWith\": [\"instigation.remote_instructions\"],") else {
            Issue.record("an indicator id must be accepted")
            return
        }
        #expect(same.indicators.first { $0.id == Self.prior }?.countsOnlyWith == ["instigation.remote_instructions"])
        for bad in [
            "\"countsOnlyWith\": [],", "\"countsOnlyWith\": [\"instigatoin\"],", "\"countsOnlyWith\": [\"identity\"],",
            "\"countsOnlyWith\": [\"identity.prior_records_elsewhere\"],", "\"countsOnlyWith\": \"instigation\",",
            "\"countsOnlyWith\": [1],",
        ] {
            guard case .failure = try Self.decode(replacing: bad) else {
                Issue.record("accepted \(bad)")
                continue
            }
        }
    }
}
