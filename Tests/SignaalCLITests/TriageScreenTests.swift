import SignalKnowledge
import SignalModel
import Testing

@testable import SignaalCLI

/// The interview's screen on its own, at any size (issue 21): a checklist page with the question,
/// what is ticked and the key line fits the rows and columns it is drawn for, with room left for a
/// refused entry's reason and the prompt; every prompt is wrapped to the width.
@Suite("Triage screen at any size")
struct TriageScreenTests {
    private let knowledge = Knowledge.bundled

    private func atChecklist(offence: String?) throws -> Interview {
        var interview = Interview(knowledge: knowledge, role: .police, region: "utrecht")
        while let id = interview.current?.id, id != .checklist {
            switch id {
            case .gate(.age): try interview.answer(.age(13))
            case .gate(.offence): try interview.answer(.offence(offence))
            default: try interview.answer(.answer(.unknown))
            }
        }
        return interview
    }

    @Test("every checklist page, with the first and last item ticked, fits 80x24, 100x30 and others in both languages")
    func pagesFit() throws {
        for (width, rows) in [(80, 24), (100, 30), (60, 20), (132, 43)] {
            for language in Language.allCases {
                for offence in ["pickpocketing", "drug_running", "money_mule"] as [String?] + [nil] {
                    let interview = try atChecklist(offence: offence)
                    let screen = TriageScreen(knowledge: knowledge, language: language, width: width, colour: false, rows: rows)
                    let pages = screen.layout.pages(interview.checklist, numbers: interview.itemNumbers)
                    let items = interview.checklistItems
                    let ticked: Set<String> = [items[0].id, items[items.count - 1].id]
                    for (index, page) in pages.enumerated() {
                        let lines = screen.checklistPage(
                            page, page: index, of: pages.count, interview: interview, ticked: ticked,
                            notes: [items[0].id: "man bij de deur, rond de 25"])
                        // The page, the prompt and three rows for a refused entry's reason and the prompt again.
                        #expect(lines.count + 1 + 3 <= rows, "\(width)x\(rows) \(language) \(offence ?? "-") page \(index + 1): \(lines.count) lines")
                        for line in lines { #expect(line.count <= width, "\(width)x\(rows): \(line)") }
                        let question = language == .nl ? "Wat heb je gezien of gehoord?" : "What have you seen or heard?"
                        #expect(lines.contains(question))
                        #expect(lines.contains { $0.hasPrefix(language == .nl ? "  Aangevinkt: 1 " : "  Ticked: 1 ") })
                        #expect(lines.contains { $0.hasPrefix(language == .nl ? "  nummers = aanvinken" : "  numbers = tick") })
                        if pages.count > 1 { #expect(lines[1].hasSuffix("\(index + 1)/\(pages.count)")) }
                    }
                    if rows >= 30, width >= 100, offence != nil { #expect(pages.count <= 2, "\(width)x\(rows) uses the room") }
                }
            }
        }
    }

    @Test("help fits the rows it is shown on, above the line that waits for Enter")
    func helpFits() throws {
        let interview = try atChecklist(offence: "pickpocketing")
        let question = try #require(interview.current)
        for (width, rows) in [(80, 24), (100, 30), (40, 15)] {
            let screen = TriageScreen(knowledge: knowledge, language: .nl, width: width, colour: false, rows: rows)
            let help = screen.help(question, extra: screen.t("triage.help.checklist_keys")).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(help.count <= rows - 2)
            #expect(help.contains { $0.hasPrefix("Uitleg:") })
            for line in help { #expect(line.count <= width) }
        }
        // In a pipe (rows unknown) nothing is cut.
        let pipe = TriageScreen(knowledge: knowledge, language: .nl, width: 80, colour: false, rows: nil)
        #expect(pipe.help(question).contains("Bron:"))
    }

    @Test("the end of a true negative says what was checked, not 'a signal to act on'")
    func trueNegativeEnd() throws {
        var interview = try atChecklist(offence: "shoplifting")
        let shown = Set(interview.checklistItems.map(\.id))
        try interview.answer(.checklist([]), notSeen: shown)
        try interview.answer(.text(nil))
        let assessment = Engine(knowledge: knowledge).assessment(of: interview.case)
        #expect(assessment.level == .none)
        for language in Language.allCases {
            let screen = TriageScreen(knowledge: knowledge, language: language, width: 80, colour: false, rows: 24)
            let end = screen.endBlock(assessment, interview: interview, savedPath: nil, reportPath: nil, printedFull: true)
            let scored = interview.checklistItems.filter { shown.contains($0.id) }.count
            #expect(end.contains(language == .nl ? "Nagekeken en niet gezien: \(scored) punten" : "Checked and not seen: \(scored) items"))
            #expect(!end.contains(language == .nl ? "Niet nagegaan" : "Not checked"))
            #expect(!end.contains(language == .nl ? "signaal om op te handelen" : "signal to act on"))
            #expect(end.contains(language == .nl ? "Niet getoond" : "Not shown"))
        }
    }
}

// Issue 20, wording as professionals read it: the labels and prompt a reviewer flagged ("Geld,
// naam", "Zaak opslaan als JSON", "'ouders' vragen alleen wanneer", "ophaler bekend / papieren
// fout", "gaat ook ziek/zwanger op pad", "te veel planning voor een kind") are rewritten in plain
// words (old → new in STATUS-screen2.md); the rewrite must not cost the officer a checklist page.
@Suite("Checklist wording (issue 20)")
struct ChecklistWordingTests {
    @Test("the reviewed wording is in force, in Dutch and English, and every fitted checklist stays within 3 pages on 80x24")
    func reviewedWording() throws {
        let texts = Knowledge.bundled.texts.strings
        let reviewed: [(String, String, String)] = [
            ("triage.family.money_mule", "Geldezel", "Money mule"),
            ("triage.item.collection.asks_when_not_how", "'ouders' tonen geen zorg", "'parents' show no concern"),
            // REVIEW5 leftover 3: no "ophaler"/"collector" on the screen.
            ("triage.item.collection.claimant_known", "die persoon: strafblad of papieren kloppen niet", "that person: record, or papers don't match"),
            ("triage.item.collection.unverified_claimant", "iemand wil kind ophalen, gezag niet vastgesteld", "someone wants to collect child, custody unproven"),
            ("triage.item.collection.claimant_at_station_now", "die persoon is er nu", "that person is here now"),
            ("triage.item.instigation.offends_when_ill", "pleegt ook ziek of zwanger delicten", "offends even when ill or pregnant"),
            ("triage.item.instigation.beyond_child", "kind kan dit niet alleen regelen", "child can't arrange this alone"),
        ]
        for (key, nl, en) in reviewed {
            #expect(texts[key]?.nl == nl && texts[key]?.en == en, "\(key): \(String(describing: texts[key]))")
        }
        let ask = try #require(texts["triage.save.ask"])
        #expect(!ask.nl.contains("JSON") && !ask.en.contains("JSON"))
        let knowledge = Knowledge.bundled
        let numbers = InterviewPlan.numbers(catalog: knowledge.catalog)
        for language in [Language.nl, .en] {
            let layout = ChecklistLayout(knowledge: knowledge, language: language, width: 80, rows: 24)
            for role in Role.allCases {
                for offence in knowledge.catalog.offences.map(\.id) + [nil] {
                    for guardian in [Answer.yes, .no] {
                        let groups = InterviewPlan.checklist(catalog: knowledge.catalog, offence: offence, role: role, guardian: guardian)
                        let pages = layout.pages(groups, numbers: numbers)
                        #expect(pages.count <= 3, "\(language) \(role) \(offence ?? "-") \(guardian): \(pages.count) pages")
                        for group in groups {
                            for line in layout.blockLines(group, numbers: numbers) { #expect(line.count <= 80, "\(line)") }
                        }
                    }
                }
            }
        }
    }
}
