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

    func t(_ key: String, _ values: [String: String] = [:]) -> String { knowledge.texts.text(key, language, values) }

    func styled(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[" + code + "m" + text + "\u{1B}[0m" : text
    }

    // MARK: Asking

    /// One question: progress, the question, its choices or checklist, the previous answer and the
    /// key line. The session prints these lines and then the prompt.
    func questionLines(_ question: InterviewQuestion, interview: Interview) -> [String] {
        let progress = interview.progress
        var lines = [""]
        lines.append(styled(t("triage.progress", ["number": String(progress.number), "total": String(progress.estimatedTotal)]), "2"))
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
        case .checklist:
            lines += checklistLines(question.checklist)
        default:
            break
        }
        if let previous = question.previousAnswer {
            lines += TextWrap.wrap(t("triage.previous", ["answer": answerText(previous, interview: interview)]), width: width, first: "  ", indent: "    ")
        }
        lines += TextWrap.wrap(t("triage.choices." + question.format.rawValue), width: width, first: "  ", indent: "    ")
        return lines
    }

    /// The checklist: one block per family, its name in a left column and its numbered items
    /// flowing beside it, wrapped to the terminal width.
    func checklistLines(_ groups: [ChecklistGroup]) -> [String] {
        let names = groups.map { familyName($0.family) }
        let wide = width >= 70
        let column = wide ? min((names.map(\.count).max() ?? 0) + 2, 18) : 2
        var lines: [String] = []
        var number = 0
        for (group, name) in zip(groups, names) {
            // An item that is never scored (context) is marked * like the context family, also when
            // it stands among scored items (no fixed place to stay, under Residence).
            let allContext = group.items.allSatisfy { !$0.isScored }
            let items = group.items.map { item -> String in
                number += 1
                return "\(number) " + itemLabel(item) + (item.isScored || allContext ? "" : "*")
            }
            // Items are kept whole on a line; a long family continues under its own column.
            let pad = String(repeating: " ", count: column)
            // A family name longer than its column gets a line of its own.
            let ownLine = !wide || name.count + 1 > column
            var line = ownLine ? pad : name.padding(toLength: column)
            if ownLine { lines.append(name) }
            var lineHasItem = false
            for item in items {
                let piece = (lineHasItem ? "  · " : "") + item
                if lineHasItem, line.count + piece.count > width {
                    lines.append(line)
                    line = pad + item
                } else {
                    line += piece
                }
                lineHasItem = true
            }
            lines.append(line)
        }
        return lines
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

    func familyName(_ family: Family) -> String {
        let key = "triage.family." + family.id
        let text = t(key)
        return text == key ? family.name[language] : text
    }

    /// The short checklist label of an indicator (its question when no label is written yet).
    func itemLabel(_ indicator: Indicator) -> String {
        let key = "triage.item." + indicator.id
        let text = t(key)
        return text == key ? indicator.question[language] : text
    }

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
            let numbers = interview.checklistItems.enumerated().filter { ticked.contains($0.element.id) }.map { String($0.offset + 1) }
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
    func help(_ question: InterviewQuestion) -> String {
        var lines = ["", styled(t("triage.help.heading"), "1")]
        if let indicator = question.indicator {
            lines.append(indicator.explanation[language])
            lines.append(t("triage.help.why", ["why": indicator.rationale[language]]))
        } else {
            lines.append(question.help[language])
        }
        if !question.sources.isEmpty {
            lines.append(t("triage.help.sources"))
            for citation in question.sources {
                lines.append("  - \u{201C}" + citation.quote + "\u{201D} (" + citation.shortReference + ")")
            }
        }
        return TextWrap.wrapLines(lines.joined(separator: "\n"), width: width, indent: "  ")
    }

    /// The acute alert: who to call now and what to do.
    func acuteAlert(_ interview: Interview) -> String {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
        var lines = ["", styled(t("triage.acute.title"), "1;31")]
        var groups: [(party: String, actions: [String])] = []
        for step in interview.acuteSteps {
            if let index = groups.firstIndex(where: { $0.party == step.party }) {
                groups[index].actions.append(step.action[language])
            } else {
                groups.append((step.party, [step.action[language]]))
            }
        }
        for (index, group) in groups.enumerated() {
            let reach = renderer.reach(group.party, region: interview.case.context.region)
            var who = reach.name
            if let phone = reach.phone, !who.contains(phone) { who += " (" + phone + ")" }
            let text = t("triage.acute.step", ["who": who, "action": group.actions.joined(separator: " ")])
            lines += TextWrap.wrap(text, width: width, first: "  \(index + 1). ", indent: "     ")
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
                let reach = renderer.reach(group.party, region: assessment.context.region)
                var who = reach.name
                if let phone = reach.phone, !who.contains(phone) { who += " (" + phone + ")" }
                let parts = group.steps.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }
                let first = EndBlock.firstSentence(parts.first?.action[language] ?? "")
                let more = parts.count > 1 ? " " + t("triage.end.more_steps", ["count": String(parts.count - 1)]) : ""
                let citations = parts.flatMap(\.citations)
                var sources = EndBlock.compactSources(Array(citations.prefix(2)))
                if citations.count > 2 { sources += ", …" }
                let text = who + ": " + first + more + (sources.isEmpty ? "" : " [" + sources + "]")
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
        let notChecked = interview.notChecked
        if !notChecked.isEmpty {
            lines += TextWrap.wrap(t("triage.end.not_checked", ["count": String(notChecked.count)]), width: width)
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
        lines += TextWrap.wrap(t("triage.end.signal"), width: width).map { styled($0, "2") }
        return lines.joined(separator: "\n")
    }
}
