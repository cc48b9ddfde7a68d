import Testing

@testable import SignalModel

/// The later "danger now" question (catalog.json `interview.dangerNow`).
private let dangerNow = knowledge.catalog.interview.dangerNow ?? "coercion.danger_now"

/// Issue 21: the checklist an officer can learn and trust: stable numbers, "not seen" as an
/// answer, what the fit hides still reachable, danger asked once, notes never dropped, a name is
/// no reference, ages as people type them; and pages that fit the terminal.
@Suite("Checklist on the officer's screen (issue 21)")
struct ChecklistScreenTests {
    private func atChecklist(offence: String?, role: Role = .police, acute: Answer = .no) throws -> Interview {
        var interview = Interview(knowledge: knowledge, role: role, region: "utrecht")
        while let id = interview.current?.id, id != .checklist {
            let answer: InterviewAnswer
            switch id {
            case .gate(.age): answer = .age(14)
            case .gate(.acuteDanger): answer = .answer(acute)
            case .gate(.offence): answer = .offence(offence)
            default: answer = .answer(.yes)
            }
            try interview.answer(answer)
        }
        return interview
    }

    @Test("an item has the same number in every offence and role (gaps are fine)")
    func stableNumbers() throws {
        let numbers = InterviewPlan.numbers(catalog: knowledge.catalog)
        #expect(numbers.count == knowledge.catalog.indicators.filter { $0.kind != .acute }.count)
        #expect(Set(numbers.values).count == numbers.count)
        var seen: [String: Int] = [:]
        for offence in knowledge.catalog.offences.map(\.id) + [nil] as [String?] {
            for role in Role.allCases {
                let interview = try atChecklist(offence: offence, role: role)
                let question = try #require(interview.current)
                #expect(question.checklistNumbers == numbers)
                for item in question.checklist.flatMap(\.items) {
                    let number = try #require(numbers[item.id])
                    if let earlier = seen[item.id] { #expect(earlier == number, "\(item.id)") }
                    seen[item.id] = number
                    // The number typed ticks that item, whatever the offence.
                    let reply = InterviewReply.parse(String(number), for: question, offences: knowledge.catalog.offences)
                    #expect(reply == .answer(.checklist([item.id]), notes: [:]), "\(item.id) \(offence ?? "-") \(role)")
                }
            }
        }
        // The issue's example: 'identity uncertain' was 33 in one story and 30 in another.
        let identity = try #require(numbers["identity.doubtful"])
        for offence in ["pickpocketing", "shoplifting", "drug_dealing"] {
            let question = try #require(try atChecklist(offence: offence).current)
            #expect(InterviewReply.parse(String(identity), for: question, offences: knowledge.catalog.offences)
                == .answer(.checklist(["identity.doubtful"]), notes: [:]))
        }
    }

    @Test("'not seen': only the items shown and confirmed become no; the rest stays unknown")
    func notSeen() throws {
        var interview = try atChecklist(offence: "pickpocketing")
        let shown = interview.checklistItems.map(\.id)
        let page = Set(shown.prefix(10))
        try interview.answer(.checklist([shown[0]]), notSeen: page)
        let answers = interview.case.answers
        #expect(answers[shown[0]] == CaseAnswer(.yes))
        for id in page.subtracting([shown[0]]) { #expect(answers[id] == CaseAnswer(.no), "\(id)") }
        for id in shown.dropFirst(10) { #expect(answers[id] == nil, "\(id) was not shown and confirmed") }
        #expect(interview.lookedNotSeen.count == 9)
        #expect(!interview.notChecked.contains { page.contains($0.id) })
        // A hidden item can never be marked "not seen".
        var other = try atChecklist(offence: "pickpocketing")
        let hidden = try #require(other.hiddenItems.first)
        do {
            try other.answer(.checklist([]), notSeen: [hidden.id])
            Issue.record("a hidden item was marked not seen")
        } catch {
            #expect(error == .notOnChecklist(hidden.id))
        }
        // The draft keeps it, and a resumed interview has it again.
        let resumed = try Interview(knowledge: knowledge, resuming: try InterviewDraft.decode(
            Array(interview.draft.encoded().serialized(pretty: true).utf8), knowledge: knowledge))
        #expect(resumed.case == interview.case)
    }

    @Test("m shows what the fit hides: a money-mule fact in a drug-running case is captured, and the level holds")
    func moreSignals() throws {
        var interview = try atChecklist(offence: "drug_running")
        let contracts = "money_mule.contracts_in_name"
        #expect(!interview.checklistItems.contains { $0.id == contracts })
        #expect(interview.hiddenItems.contains { $0.id == contracts })
        let number = try #require(interview.itemNumbers[contracts])
        let before = try #require(interview.current)
        #expect(before.hiddenCount == interview.hiddenItems.count)
        #expect(InterviewReply.parse(String(number), for: before, offences: knowledge.catalog.offences) == .badEntry(String(number), .hidden(number)))
        #expect(InterviewReply.parse("m", for: before, offences: knowledge.catalog.offences) == .more)
        interview.expandChecklist()
        #expect(interview.hiddenItems.isEmpty)
        let after = try #require(interview.current)
        #expect(InterviewReply.parse(String(number), for: after, offences: knowledge.catalog.offences) == .answer(.checklist([contracts]), notes: [:]))
        try interview.answer(.checklist([contracts]))
        #expect(interview.case.answers[contracts] == CaseAnswer(.yes))
        // A resumed draft with such a tick shows the hidden families again instead of dropping it.
        let resumed = try Interview(knowledge: knowledge, resuming: interview.draft)
        #expect(resumed.checklistExpanded)
        #expect(resumed.case.answers[contracts] == CaseAnswer(.yes))
    }

    @Test("danger is asked once: a gate yes or no is not asked again; after a gate ? the later answer is the gate's too")
    func dangerOnce() throws {
        for gate in [Answer.yes, .no] {
            var interview = try atChecklist(offence: "shoplifting", acute: gate)
            try interview.answer(.checklist(["instigation.adult_nearby", "coercion.threats_violence"]))
            #expect(!interview.path.contains(.indicator(dangerNow)), "\(gate)")
        }
        var unknown = try atChecklist(offence: "shoplifting", acute: .unknown)
        try unknown.answer(.checklist(["instigation.adult_nearby"]))
        #expect(unknown.path.contains(.indicator(dangerNow)))
        while let id = unknown.current?.id, id != .indicator(dangerNow) { try unknown.answer(.answer(.no)) }
        try unknown.answer(.answer(.no))
        let saved = unknown.case
        #expect(saved.context.acuteDanger == .no)
        #expect(saved.answers[dangerNow] == CaseAnswer(.no))
    }

    @Test("notes are never dropped on retype: shown again, kept when the tick or answer is given again, added to")
    func notesKept() throws {
        var interview = try atChecklist(offence: "pickpocketing", acute: .unknown)
        let first = "instigation.adult_nearby"
        try interview.answer(.checklist([first, "identity.doubtful"]), notes: [first: "man bij de deur"])
        #expect(back(&interview))
        // Retyping the ticks without the note keeps it; a new note is added to it.
        try interview.answer(.checklist([first, "identity.doubtful"]))
        #expect(interview.notes[first] == "man bij de deur")
        #expect(back(&interview))
        try interview.answer(.checklist([first]), notes: [first: "rond de 25"])
        #expect(interview.notes[first] == "man bij de deur; rond de 25")
        // `j: note` on a yes/no question: the same answer again keeps the note.
        let question = try #require(interview.current)
        guard case .indicator(let id) = question.id else { Issue.record("no follow-up"); return }
        try interview.answer(.answer(.yes), notes: [id: "broer bedreigd"])
        #expect(back(&interview))
        try interview.answer(.answer(.yes))
        #expect(interview.notes[id] == "broer bedreigd")
        #expect(back(&interview))
        try interview.answer(.answer(.no))
        #expect(interview.notes[id] == nil, "a changed answer does not carry the old note")
    }

    @Test("a reference that looks like a name is refused with its reason; case numbers are not")
    func nameReference() {
        let question = InterviewQuestion(id: .reference, indicator: nil, previousAnswer: nil, sources: [])
        let offences = knowledge.catalog.offences
        for name in ["Jan de Vries", "Fatima El Amrani", "Anna-Maria Jansen", "Kevin Bakker"] {
            #expect(InterviewReply.parse(name, for: question, offences: offences) == .looksLikeName, "\(name)")
        }
        for reference in ["BVH-2026-0001", "ZSM 12", "zaak Utrecht", "Jan de Vries 2", "eigen kenmerk"] {
            #expect(InterviewReply.parse(reference, for: question, offences: offences) == .answer(.text(reference), notes: [:]), "\(reference)")
        }
    }

    @Test("pages fit the rows: every page's items plus the rows kept around them fit 80x24, 100x30 and more")
    func pagesFit() throws {
        for (width, rows) in [(80, 24), (100, 30), (120, 40), (60, 20), (200, 60)] {
            for language in Language.allCases {
                let layout = ChecklistLayout(knowledge: knowledge, language: language, width: width, rows: rows)
                for offence in knowledge.catalog.offences.map(\.id) + [nil] as [String?] {
                    var interview = try atChecklist(offence: offence)
                    for expanded in [false, true] {
                        if expanded { interview.expandChecklist() }
                        let groups = interview.checklist
                        let pages = layout.pages(groups, numbers: interview.itemNumbers)
                        // Every item once, in order, on some page.
                        #expect(pages.flatMap { $0.flatMap(\.items) }.map(\.id) == groups.flatMap(\.items).map(\.id))
                        for page in pages {
                            let height = page.map { layout.blockLines($0, numbers: interview.itemNumbers).count }.reduce(0, +)
                            #expect(height + layout.reservedRows <= rows, "\(width)x\(rows) \(language) \(offence ?? "-")")
                            for line in page.flatMap({ layout.blockLines($0, numbers: interview.itemNumbers) }) {
                                #expect(line.count <= width, "\(line)")
                            }
                        }
                        if rows >= 60 { #expect(pages.count == 1, "\(width)x\(rows): all on one page") }
                    }
                }
            }
        }
        // Unknown rows (a pipe): one page.
        let pipe = ChecklistLayout(knowledge: knowledge, language: .nl, width: 80, rows: nil)
        let interview = try atChecklist(offence: nil)
        #expect(pipe.pages(interview.checklist, numbers: interview.itemNumbers).count == 1)
    }
}

private func back(_ interview: inout Interview) -> Bool { interview.back() }
