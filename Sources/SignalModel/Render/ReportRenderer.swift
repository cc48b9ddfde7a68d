/// The handover report in Markdown: what the next professional needs so they do not start from
/// zero (000 ch. 7: signals die between organisations when nothing is passed on).
///
/// It only states what the case contains: an absent field is left out, never filled in.
package struct ReportRenderer: Sendable {
    package let knowledge: Knowledge
    package let language: Language

    package init(knowledge: Knowledge, language: Language) {
        self.knowledge = knowledge
        self.language = language
    }

    private func t(_ key: String, _ values: [String: String] = [:]) -> String {
        knowledge.texts.text(key, language, values)
    }

    private func levelName(_ level: Level) -> String {
        knowledge.catalog.describe(level)?.name[language] ?? level.rawValue
    }

    /// Markdown-safe inline text: user text (reference, notes, override reason) can neither start a
    /// block (heading, fence, list, quote, table, HTML) nor change the inline layout.
    ///
    /// Works on Unicode scalars, not characters (`"\r\n"` is one Swift `Character`):
    /// - every CommonMark line ending (LF, CR, CRLF) and the Unicode line, paragraph and next-line
    ///   separators become one space, so the text stays inside the line it was put in — and every
    ///   place it is put in starts with our own text, so it never stands at the start of a line;
    /// - other control characters (NUL, ESC, VT, FF, DEL, C1) and bidirectional overrides become
    ///   U+FFFD, as CommonMark itself does with NUL;
    /// - ASCII punctuation with inline or block meaning is backslash-escaped (CommonMark allows a
    ///   backslash before any ASCII punctuation), including `~` (fences, strike-through) and `&`
    ///   (entity references).
    static func inline(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCR:
                continue  // CRLF: the CR already became a space
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}":
                result.append(" ")
            case "*", "_", "`", "#", "|", "<", ">", "[", "]", "\\", "~", "&":
                result.append("\\")
                result.append(scalar)
            default:
                if UserText.needsEscape(scalar) {
                    result.append("\u{FFFD}")
                } else {
                    result.append(scalar)
                }
            }
        }
        return String(result)
    }

    /// The report for an assessed case.
    package func markdown(_ assessment: Assessment, case input: Case) -> String {
        let context = input.context
        let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
        var lines = ["# " + t("report.title"), ""]
        if let reference = input.reference { lines.append("- " + t("report.reference", ["value": Self.inline(reference)])) }
        if let time = assessment.assessedAt { lines.append("- " + t("report.time", ["value": time.text])) }
        lines.append("- " + t("report.role", ["value": t("role." + context.role.rawValue)]))
        lines.append("- " + (context.age.map { t("report.age", ["value": String($0)]) } ?? t("report.age_unknown")))
        if let offence = context.offence.flatMap(knowledge.catalog.offence) {
            lines.append("- " + t("report.offence", ["value": offence.name[language]]))
        }
        if let region = context.region.flatMap(knowledge.contacts.region) {
            lines.append("- " + t("report.region", ["value": region.name]))
        }
        for (key, value) in [
            ("report.acute", context.acuteDanger), ("report.guardian", context.guardianPresent),
            ("report.registered", context.registeredInNL),
        ] {
            var text = t("answer." + value.rawValue)
            // Danger now belongs to the moment it was answered: who said it, when (a case with history).
            if key == "report.acute", let by = input.acuteDangerSource(dangerNow: knowledge.catalog.interview.dangerNow) {
                text += " (" + renderer.contributor(by) + ")"
            }
            lines.append("- " + t(key, ["value": text]))
        }
        lines.append("- " + t("report.catalog", ["value": assessment.catalogVersion]))

        lines += ["", "## " + t("report.level_heading"), ""]
        lines.append(t("report.level", ["level": levelName(assessment.level), "score": String(assessment.score)]))
        if let override = assessment.override {
            lines += ["", t("report.override", ["level": levelName(override.level), "reason": Self.inline(override.reason)])]
        }

        if !input.history.isEmpty {
            // The timeline: who added what, when (roles only, never names).
            lines += ["", "## " + t("report.timeline_heading"), ""]
            lines += renderer.historyLines(Engine(knowledge: knowledge).history(of: input), markdown: true)
        }

        lines += ["", "## " + t("report.answers_heading"), ""]
        let answered = knowledge.catalog.indicators.filter { input.answers[$0.id] != nil }
        for indicator in answered {
            guard let answer = input.answers[indicator.id] else { continue }
            var line = "- `" + indicator.id + "` " + indicator.question[language] + " — **" + t("answer." + answer.answer.rawValue) + "**"
            if let note = answer.note { line += " — " + t("report.note", ["note": Self.inline(note)]) }
            lines.append(line)
        }
        if answered.isEmpty { lines.append(t("report.no_answers")) }

        lines += ["", "## " + t("report.signals_heading"), ""]
        for signal in assessment.signals {
            lines.append("- " + signal.indicator.question[language] + " (" + renderer.sources(signal.indicator.citations) + ")")
        }
        if assessment.signals.isEmpty { lines.append(t("render.none_seen")) }
        if !assessment.combinations.isEmpty {
            lines += ["", "## " + t("report.combinations_heading"), ""]
            for combination in assessment.combinations {
                lines.append(
                    "- **" + t("render.combination", ["name": combination.name[language], "level": levelName(combination.atLeast)]) + "** — "
                        + t("render.combination_because", renderer.combinationBecause(combination, assessment)) + " — "
                        + combination.rationale[language] + " (" + renderer.sources(combination.citations) + ")")
            }
        }
        if !assessment.contextFindings.isEmpty {
            lines += ["", t("render.context")]
            for finding in assessment.contextFindings { lines.append("- " + finding.indicator.question[language]) }
        }

        lines += ["", "## " + t("report.unknowns_heading"), ""]
        if let close = assessment.nothingToCheckNextKey {
            lines.append(t(close))
        } else {
            for open in assessment.openQuestions {
                lines.append("- " + open.indicator.question[language] + " (" + t("render.reason." + open.reason.rawValue) + ")")
            }
            if assessment.openQuestions.isEmpty { lines.append(t("render.no_unknowns")) }
        }

        lines += ["", "## " + t("report.route_heading", ["level": levelName(assessment.routeLevel)]), ""]
        for (index, step) in assessment.route.enumerated() {
            let reach = renderer.reach(step.party, region: context.region, role: context.role)
            var who = "**" + reach.name + "**"
            if let phone = reach.phone {
                who += " " + phone
            } else if let detail = reach.detail {
                who += " (" + detail + ")"
            }
            let label = renderer.urgencyLabel(step, assessment.situation)
            let done = renderer.doneBy(step, input).map { " — " + t("render.step_done", ["who": $0]) } ?? ""
            let action = step.parts.isEmpty
                ? step.action[language]
                : step.parts.map { part in
                    let own = renderer.urgencyLabel(part, assessment.situation)
                    return (own == label ? "" : "[" + own + "] ") + part.action[language]
                }.joined(separator: " ")
            lines.append("\(index + 1). [" + label + "] " + who + ": " + action + done)
        }

        lines += ["", "## " + t("report.notes_heading"), ""]
        for note in assessment.notes { lines.append("- " + note.text[language]) }

        lines += ["", "---", "", "*" + t("report.disclaimer") + "*"]
        return lines.joined(separator: "\n") + "\n"
    }
}
