import SignalModel

/// The screen of the interview: layout, wrapping and texts, at a given width. It prints nothing;
/// the session (TriageSession) writes what it returns. Testable on its own at any size.
struct TriageScreen {
    let knowledge: Knowledge
    let language: Language
    /// Columns to lay out for (the terminal's width, measured by the session for every screen).
    let width: Int
    /// Whether ANSI styles may be used (stderr is a colour terminal).
    let colour: Bool
    /// Rows of the terminal (nil: unknown, a pipe: the checklist is one page).
    var rows: Int? = nil
    /// In a continuation, the marks of what earlier readers answered (`ChecklistLayout.marks`).
    var marks: [String: String] = [:]

    /// The checklist's layout at this size (shared with the coverage benchmark, which counts pages).
    var layout: ChecklistLayout {
        var layout = ChecklistLayout(knowledge: knowledge, language: language, width: width, rows: rows)
        layout.marks = marks
        return layout
    }

    /// The checklist marks of a continuation: what earlier readers answered, ` ✓` yes, ` ✗` no, ` ?` unknown.
    static func marks(_ interview: Interview) -> [String: String] {
        interview.earlierAnswers.mapValues { earlier in
            switch earlier.answer.answer {
            case .yes: " ✓"
            case .no: " ✗"
            case .unknown: " ?"
            }
        }
    }

    // MARK: Continuing a saved case

    /// What is known when a reader continues a saved case, in a few lines: the case (reference, age,
    /// offence) and who now adds to it, one line per earlier contribution (role and time, never a
    /// name: what it added, the level after it), the answers known with the mark the checklist shows,
    /// and what comes now.
    func continuationSummary(_ interview: Interview) -> String {
        guard let base = interview.continuing else { return "" }
        let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
        var lines = [""]
        var facts: [String] = []
        if let reference = base.reference { facts.append(t("triage.continue.reference", ["reference": UserText.line(reference)])) }
        if let age = base.context.age { facts.append(t("triage.age_value", ["age": String(age)])) }
        if let offence = base.context.offence.flatMap(knowledge.catalog.offence) { facts.append(offence.name[language]) }
        // Danger now with who said it when: it belongs to that moment and is asked again first.
        if let dangerNow = knowledge.catalog.interview.dangerNow, let earlier = interview.nowFactEarlier(dangerNow), let by = earlier.by {
            facts.append(t("triage.now.header", ["answer": t("answer." + earlier.answer.rawValue), "who": renderer.contributor(by)]))
        }
        let reader = t("role." + interview.role.rawValue) + (interview.assessedAt.map { ", " + renderer.shortTime($0) } ?? "")
        facts.append(t("triage.continue.reader", ["reader": reader]))
        lines += TextWrap.wrap(facts.joined(separator: " · "), width: width).map { styled($0, "1") }
        let history = renderer.historyLines(Engine(knowledge: knowledge).history(of: base))
        for line in history {
            let indent = String(line.prefix { $0 == " " })
            lines += TextWrap.wrap(line.trimmingBlanks(), width: width, first: indent, indent: indent + "   ")
        }
        let catalog = knowledge.catalog
        let earlier = interview.earlierAnswers.keys.sorted { (catalog.order(of: $0) ?? Int.max, $0) < (catalog.order(of: $1) ?? Int.max, $1) }
        let marks = Self.marks(interview)
        let known = earlier.compactMap { id -> String? in
            guard let indicator = catalog.indicator(id) else { return nil }
            return itemLabel(indicator) + (marks[id] ?? "")
        }
        if !known.isEmpty {
            var wrapped = TextWrap.wrap(t("triage.continue.known", ["items": known.joined(separator: "; ")]), width: width, first: "", indent: "  ")
            if wrapped.count > 3 {
                wrapped = Array(wrapped.prefix(3))
                wrapped[2] = String(wrapped[2].prefix(max(width - 2, 1))) + " …"
            }
            lines += wrapped
        }
        lines += TextWrap.wrap(t("triage.continue.plan", ["count": String(interview.openPoints.count)]), width: width)
        return lines.joined(separator: "\n")
    }

    /// The question about the steps taken: the route's steps for the case as it is now, one line
    /// each (its first sentence, cut to the width), with who already took it.
    func stepsLines(_ steps: [RouteStep], interview: Interview) -> [String] {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
        let current = interview.case
        var lines = [""] + TextWrap.wrap(t("triage.steps.question"), width: width).map { styled($0, "1") }
        let digits = String(steps.count).count
        for (index, step) in steps.enumerated() {
            let number = String(index + 1)
            // The mark of who already took it comes before the text, so cutting to the width never hides it.
            let mark = renderer.doneBy(step, current).map { t("triage.steps.done_mark", ["who": $0]) + " " } ?? ""
            var text = "  " + String(repeating: " ", count: digits - number.count) + number + ". " + mark + stepText(step)
            if text.count > width { text = String(text.prefix(max(width - 1, 1))) + "…" }
            lines.append(text)
        }
        if !interview.done.isEmpty {
            let chosen = steps.enumerated().filter { interview.done.contains($0.element.id) }.map { String($0.offset + 1) }
            lines += TextWrap.wrap(t("triage.steps.chosen", ["numbers": chosen.joined(separator: ", ")]), width: width, first: "  ", indent: "    ")
        }
        lines += TextWrap.wrap(t("triage.steps.keys"), width: width, first: "  ", indent: "    ")
        return lines
    }

    /// A route step as the question about steps taken lists it: its first sentence.
    func stepText(_ step: RouteStep) -> String {
        EndBlock.firstSentence(step.action[language])
    }

    func t(_ key: String, _ values: [String: String] = [:]) -> String { knowledge.texts.text(key, language, values) }

    func styled(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[" + code + "m" + text + "\u{1B}[0m" : text
    }

    // MARK: Asking

    /// One question: progress, the question, its choices or checklist, the previous answer and the
    /// key line. The session prints these lines and then the prompt.
    func questionLines(_ question: InterviewQuestion, interview: Interview) -> [String] {
        var lines = [""]
        lines.append(styled(progressText(interview), "2"))
        lines += TextWrap.wrap(questionText(question.id, interview: interview), width: width).map { styled($0, "1") }
        switch question.format {
        case .offence:
            let offences = knowledge.catalog.offences
            let digits = String(offences.count).count
            for (index, offence) in offences.enumerated() {
                let number = String(index + 1)
                lines.append("  " + String(repeating: " ", count: digits - number.count) + number + ". " + offence.name[language])
            }
        case .region:
            let names = knowledge.contacts.regions.enumerated().map { "\($0.offset + 1). " + $0.element.name }
            lines += columns(names, indent: "  ")
        default:
            break
        }
        if case .indicator(let id) = question.id, interview.continuing != nil, interview.openPoints.contains(id) {
            // An open point: what the case says about it so far, and who said it.
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            let earlier = interview.earlierAnswers[id].map { earlier in
                t("triage.continue.earlier", [
                    "answer": t("answer." + earlier.answer.answer.rawValue),
                    "who": earlier.by.map(renderer.contributor) ?? t("triage.continue.before_history"),
                ])
            } ?? t("triage.continue.not_answered")
            lines += TextWrap.wrap(earlier, width: width, first: "  ", indent: "    ")
        }
        if let previous = question.previousAnswer {
            var answer = answerText(previous, interview: interview)
            if case .indicator(let id) = question.id, let note = interview.notes[id] {
                answer = t("triage.previous_note", ["answer": answer, "note": UserText.line(note)])
            }
            lines += TextWrap.wrap(t("triage.previous", ["answer": answer]), width: width, first: "  ", indent: "    ")
        }
        let choices = interview.canSkip && question.previousAnswer == nil ? "triage.choices.open_point" : "triage.choices." + question.format.rawValue
        lines += TextWrap.wrap(t(choices), width: width, first: "  ", indent: "    ")
        return lines
    }

    /// "Vraag 7 van ~9" while follow-ups can still be added, "Vraag 7 van 9" once the total is final.
    func progressText(_ interview: Interview) -> String {
        let progress = interview.progress
        let values = ["number": String(progress.number), "total": String(progress.estimatedTotal)]
        return interview.totalIsKnown ? t("triage.progress_exact", values) : t("triage.progress", values)
    }

    /// One page of the checklist: progress and page, the short question, the page's family blocks,
    /// what is ticked so far (at most two lines) and the key line. Fits `rows` (`ChecklistLayout`).
    func checklistPage(
        _ groups: [ChecklistGroup], page: Int, of pages: Int, interview: Interview, ticked: Set<String>, notes: [String: String],
        previous: InterviewAnswer? = nil
    ) -> [String] {
        var lines = [""]
        var progress = progressText(interview)
        if pages > 1 { progress += " · " + t("triage.checklist.page", ["page": String(page + 1), "pages": String(pages)]) }
        lines.append(styled(progress, "2"))
        let question = t(rows == nil ? "triage.question.checklist" : "triage.question.checklist_short")
        lines += TextWrap.wrap(question, width: width).map { styled($0, "1") }
        for group in groups { lines += layout.blockLines(group, numbers: interview.itemNumbers) }
        if let previous {
            // Back at the checklist: what was ticked, with its notes, as it would be typed again.
            var wrapped = TextWrap.wrap(
                t("triage.checklist.previous", ["answer": answerText(previous, interview: interview)]), width: width, first: "  ", indent: "    ")
            if wrapped.count > 2 {
                wrapped = Array(wrapped.prefix(2))
                wrapped[1] = String(wrapped[1].prefix(max(width - 2, 1))) + " …"
            }
            lines += wrapped
        } else if !ticked.isEmpty {
            let items = interview.checklistItems.filter { ticked.contains($0.id) }.map { item -> String in
                let number = interview.itemNumbers[item.id].map(String.init) ?? "?"
                return number + " " + itemLabel(item) + (notes[item.id].map { " (" + UserText.line($0) + ")" } ?? "")
            }
            var wrapped = TextWrap.wrap(t("triage.checklist.ticked_short", ["items": items.joined(separator: "; ")]), width: width, first: "  ", indent: "    ")
            if wrapped.count > 2 {
                wrapped = Array(wrapped.prefix(2))
                wrapped[1] = String(wrapped[1].prefix(max(width - 2, 1))) + " …"
            }
            lines += wrapped.map { styled($0, "1") }
        }
        let keys = interview.continuing == nil ? "triage.choices.checklist_page" : "triage.choices.checklist_continue"
        lines += TextWrap.wrap(t(keys), width: width, first: "  ", indent: "    ")
        return lines
    }

    /// Why a checklist entry was not understood.
    func checklistProblem(_ entry: String, _ problem: ChecklistProblem) -> String {
        switch problem {
        case .notANumber: t("triage.checklist.bad.notANumber", ["entry": UserText.line(entry)])
        case .notOnList(let number): t("triage.checklist.bad.notOnList", ["number": String(number)])
        case .hidden(let number): t("triage.checklist.bad.hidden", ["number": String(number)])
        case .noteAfterSeveral: t("triage.checklist.bad.noteAfterSeveral", ["entry": UserText.line(entry)])
        case .onlyWithoutCustodialParent(let number): t("triage.checklist.bad.onlyWithoutParent", ["number": String(number)])
        case .untickOnItsOwnLine(let number): t("triage.checklist.bad.untickOwnLine", ["number": String(number)])
        }
    }

    /// Short texts laid out in as many columns as fit the width.
    func columns(_ texts: [String], indent: String) -> [String] {
        let cell = (texts.map(\.count).max() ?? 0) + 2
        let perLine = max(1, (width - indent.count) / max(cell, 1))
        var lines: [String] = []
        var index = 0
        while index < texts.count {
            let row = texts[index..<min(index + perLine, texts.count)]
            lines.append(indent + row.map { $0.padding(toLength: cell) }.joined().trimmingTrailingSpaces())
            index += perLine
        }
        return lines
    }

    /// The short checklist label of an indicator (its question when no label is written yet).
    func itemLabel(_ indicator: Indicator) -> String { layout.label(indicator) }

    func questionText(_ id: QuestionID, interview: Interview) -> String {
        interview.text(for: id)[language]
    }

    func answerText(_ answer: InterviewAnswer, interview: Interview) -> String {
        switch answer {
        case .age(let age?): return t("triage.age_value", ["age": String(age)])
        case .age(nil), .offence(nil): return t("answer.unknown")
        case .offence(let offence?): return knowledge.catalog.offence(offence)?.name[language] ?? offence
        case .answer(let value): return t("answer." + value.rawValue)
        case .region(nil), .text(nil): return t("answer.unknown")
        case .region(let region?): return knowledge.contacts.region(region)?.name ?? region
        case .text(let text?): return UserText.line(text)
        case .checklist(let ticked):
            // Each tick with its note, as it would be typed again ("1: man bij de deur, 2").
            let numbers = interview.checklistItems.filter { ticked.contains($0.id) }.map { item -> String in
                let number = interview.itemNumbers[item.id].map(String.init) ?? "?"
                return number + (interview.notes[item.id].map { ": " + UserText.line($0) } ?? "")
            }
            return numbers.isEmpty ? t("triage.checklist.none") : numbers.joined(separator: ", ")
        }
    }

    func invalidHint(_ question: InterviewQuestion, interview: Interview) -> String {
        switch question.format {
        case .triState: return t("triage.invalid.triState")
        case .age: return t("triage.invalid.age")
        case .offence: return t("triage.invalid.offence", ["max": String(knowledge.catalog.offences.count)])
        case .region: return t("triage.invalid.region", ["max": String(knowledge.contacts.regions.count)])
        case .checklist: return t("triage.invalid.checklist", ["max": String(interview.checklistItems.count)])
        case .text: return t("triage.invalid.text")
        }
    }

    /// The help for a question (`h`).
    func help(_ question: InterviewQuestion, extra: String? = nil) -> String {
        var text = [""]
        text.append(styled(t("triage.help.heading"), "1"))
        if let indicator = question.indicator {
            text.append(indicator.explanation[language])
            text.append(t("triage.help.why", ["why": indicator.rationale[language]]))
        } else {
            text.append(question.help[language])
        }
        if let extra { text.append(extra) }
        var sources: [String] = []
        if !question.sources.isEmpty {
            sources.append(t("triage.help.sources"))
            for citation in question.sources {
                sources.append("  - \u{201C}" + citation.quote + "\u{201D} (" + citation.shortReference + ")")
            }
        }
        let wrap = { (lines: [String]) in TextWrap.wrapLines(lines.joined(separator: "\n"), width: width, indent: "  ") }
        // On a small screen the help must fit above the line that waits for Enter: the sources go
        // first (as many as fit), then the text is cut with a mark.
        guard let rows else { return wrap(text + sources) }
        let room = rows - 2
        var all = wrap(text + sources).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if all.count > room {
            all = wrap(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for count in stride(from: sources.count, through: 2, by: -1) {
                let withSources = wrap(text + sources.prefix(count)).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if withSources.count <= room {
                    all = withSources
                    break
                }
            }
        }
        if all.count > room {
            all = Array(all.prefix(max(room - 1, 1)))
            all.append("  …")
        }
        return all.joined(separator: "\n")
    }

    /// The acute alert: what the reader does now, first — the routing table's acute steps for the
    /// reader's role (police: assistance through their own control room, not 112; do not hand the
    /// child over) — and under each, whom it goes to and how to reach them (issue 21).
    func acuteAlert(_ interview: Interview) -> String {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
        var lines = ["", styled(t("triage.acute.title"), "1;31")]
        var groups: [(party: String, actions: [String])] = []
        let current = interview.case
        for step in interview.acuteSteps {
            // A step an earlier reader (or this one) already took is marked, with who and when.
            let action = step.action[language] + (renderer.doneBy(step, current).map { " " + t("triage.steps.done_by", ["who": $0]) } ?? "")
            if let index = groups.firstIndex(where: { $0.party == step.party }) {
                groups[index].actions.append(action)
            } else {
                groups.append((step.party, [action]))
            }
        }
        for (index, group) in groups.enumerated() {
            let reach = renderer.reach(group.party, region: interview.case.context.region, role: interview.case.context.role)
            // A number (unless the name holds it already), else how to reach them (the reader's own line).
            let how: String? = reach.phone.map { reach.name.contains($0) ? nil : $0 } ?? reach.detail
            let who = how.map { t("triage.acute.reach", ["who": reach.name, "how": $0]) } ?? reach.name
            lines += TextWrap.wrap(group.actions.joined(separator: " "), width: width, first: "  \(index + 1). ", indent: "     ")
            lines += TextWrap.wrap(t("triage.acute.who", ["who": who]), width: width, first: "     ", indent: "       ")
        }
        lines += TextWrap.wrap(t("triage.acute.continue"), width: width)
        return lines.joined(separator: "\n")
    }

    // MARK: The end

    /// The last thing on the screen: the level, what to do now (each party once, with its number
    /// and compact sources), what was not checked, and where the full assessment went.
    func endBlock(_ assessment: Assessment, interview: Interview, savedPath: String?, reportPath: String?, printedFull: Bool) -> String {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
        let rule = String(repeating: "─", count: min(width, 60))
        var lines = ["", rule]
        let levelName = knowledge.catalog.describe(assessment.level)?.name[language] ?? assessment.level.rawValue
        let colour = assessment.level >= .suspicion ? "1;31" : "1"
        if interview.isAdult {
            lines += TextWrap.wrap(t("triage.end.adult"), width: width).map { styled($0, "1") }
        } else {
            lines.append(styled(t("triage.end.level", ["level": levelName.uppercased(), "score": String(assessment.score)]), colour))
        }
        let groups = EndBlock.nowByParty(assessment.route)
        if !groups.steps.isEmpty {
            lines.append(styled(t("triage.end.urgency." + groups.urgency.rawValue), "1"))
            // Each party once, at most three lines: who with the number, the first thing to do,
            // how many more steps the full assessment has for them, and two sources.
            let shown = groups.steps.prefix(5)
            for (index, group) in shown.enumerated() {
                // The reader's own lines have no public number (issue 20); the end block stays short,
                // the full assessment gives every contact line.
                let reach = renderer.reach(group.party, region: assessment.context.region, role: assessment.context.role)
                var who = reach.name
                if let phone = reach.phone, !who.contains(phone) { who += " (" + phone + ")" }
                let parts = group.steps.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }
                let first = EndBlock.firstSentence(parts.first?.action[language] ?? "")
                let more = parts.count > 1 ? " " + t("triage.end.more_steps", ["count": String(parts.count - 1)]) : ""
                let citations = parts.flatMap(\.citations)
                var sources = EndBlock.compactSources(Array(citations.prefix(2)))
                if citations.count > 2 { sources += ", …" }
                // A step an earlier reader or this one said was taken (issue 25): marked, not dropped.
                let done = parts.first.flatMap { renderer.doneBy($0, assessment.input) }.map { " " + t("triage.steps.done_by", ["who": $0]) } ?? ""
                let text = who + done + ": " + first + more + (sources.isEmpty ? "" : " [" + sources + "]")
                var wrapped = TextWrap.wrap(text, width: width, first: "\(index + 1). ", indent: "   ")
                if wrapped.count > 3 {
                    wrapped = Array(wrapped.prefix(3))
                    wrapped[2] = String(wrapped[2].prefix(max(width - 2, 1))) + " …"
                }
                lines += wrapped
            }
            if groups.steps.count > shown.count {
                lines += TextWrap.wrap(t("triage.end.more_parties", ["count": String(groups.steps.count - shown.count)]), width: width)
            }
        }
        let looked = interview.lookedNotSeen
        if !looked.isEmpty {
            lines += TextWrap.wrap(t(looked.count == 1 ? "triage.end.looked_one" : "triage.end.looked", ["count": String(looked.count)]), width: width)
        }
        let notChecked = interview.notChecked
        if !notChecked.isEmpty {
            lines += TextWrap.wrap(
                t(notChecked.count == 1 ? "triage.end.not_checked_one" : "triage.end.not_checked", ["count": String(notChecked.count)]), width: width)
        }
        let hidden = interview.answers[.checklist] == nil ? 0 : interview.hiddenItems.filter(\.isScored).count
        if hidden > 0 {
            lines += TextWrap.wrap(t(interview.continuing == nil ? "triage.end.hidden" : "triage.end.hidden_continue", ["count": String(hidden)]), width: width)
        }
        let where_: String
        if let savedPath {
            where_ = t("triage.end.saved", ["path": savedPath])
        } else if let reportPath {
            where_ = t("triage.end.report", ["path": reportPath])
        } else if printedFull {
            where_ = t("triage.end.printed")
        } else {
            where_ = t("triage.end.nowhere")
        }
        lines += TextWrap.wrap(where_, width: width)
        if let reportPath, savedPath != nil { lines += TextWrap.wrap(t("triage.end.report", ["path": reportPath]), width: width) }
        // No signals is not "a signal to act on": say what it is, and that it is no finding.
        let closing = assessment.level == .none && !interview.isAdult ? "triage.end.signal_none" : "triage.end.signal"
        lines += TextWrap.wrap(t(closing), width: width).map { styled($0, "2") }
        return lines.joined(separator: "\n")
    }
}
