import SignalKnowledge
import SignalModel
import Testing

@testable import SignaalCLI

/// Review 5, findings on the continuation (`triage --case`): what a later reader sees of facts and
/// steps that belong to an earlier moment, at 80 columns, in Dutch and English.
@Suite("Continuation wording (review 5 C1–C4)")
struct ContinuationWordingTests {
    private let knowledge = Knowledge.bundled
    static let night = Timestamp(iso8601: "2026-12-06T23:40:00+01:00")
    static let morning = Timestamp(iso8601: "2026-12-07T09:10:00+01:00")
    static let afternoon = Timestamp(iso8601: "2026-12-07T15:00:00+01:00")

    /// The police at 23:40 (no danger, an unverified person came for the child), ZSM at 09:10 (that
    /// person is at the station now; both acute steps taken).
    static func collectedCase() -> Case {
        let yes = CaseAnswer(.yes)
        return Case(
            context: CaseContext(
                age: 14, role: .zsm, offence: "shoplifting", acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes,
                assessedAt: morning, region: "zwolle"),
            answers: ["collection.unverified_claimant": yes, "collection.claimant_at_station_now": yes],
            history: [
                Contribution(role: .police, at: night, answers: ["collection.unverified_claimant": yes]),
                Contribution(
                    role: .zsm, at: morning, answers: ["collection.claimant_at_station_now": yes],
                    done: ["zsm_acute_police_at_table", "no_handover_unverified_zsm"]),
            ])
    }

    private func flat(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test("C1: the ACUUT box marks the steps an earlier reader took, with who and when; the header says who answered danger now")
    func acuteBoxMarksDone() throws {
        let interview = Interview(knowledge: knowledge, continuing: Self.collectedCase(), role: .zsm, assessedAt: Self.afternoon)
        #expect(interview.isAcute)
        let steps = interview.acuteSteps.map(\.id)
        #expect(steps.contains("zsm_acute_police_at_table") && steps.contains("no_handover_unverified_zsm"))
        for (language, mark, header) in [
            (Language.nl, "(✓ al gedaan volgens ZSM, 7 dec 09:10)", "Acuut gevaar: nee (politie, 6 dec 23:40)"),
            (.en, "(✓ already done according to ZSM, 7 Dec 09:10)", "Acute danger: no (police, 6 Dec 23:40)"),
        ] {
            let screen = TriageScreen(knowledge: knowledge, language: language, width: 80, colour: false, rows: 24)
            let alert = flat(screen.acuteAlert(interview))
            #expect(alert.components(separatedBy: mark).count - 1 == 2, "\(alert)")
            #expect(flat(screen.continuationSummary(interview)).contains(header))
        }
    }
}
