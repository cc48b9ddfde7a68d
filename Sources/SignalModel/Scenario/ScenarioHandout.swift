/// A printable handout of a scenario in Markdown (`signaal scenario handout ID --format md`), so a
/// trainer can run a class without a terminal.
///
/// Page one is the case as the class sees it: the situation, each part of the story and its
/// questions with boxes to tick — no title, summary, acute danger, expert answer, level or route.
/// Then a page break and, for the trainer, what happened, the expert's answers with reasons and
/// sources, the expected level and route, the teaching points and every source with its quote.
///
/// The page break is `<div style="page-break-before: always"></div>` (``pageBreak``): raw HTML,
/// which browsers honour when printing (and Markdown viewers, pandoc to HTML or to PDF through an
/// HTML engine such as weasyprint keep), while viewers that drop it show nothing stray.
package struct ScenarioHandout: Sendable {
    /// Texts, catalogue and routing the handout reads.
    package let knowledge: Knowledge
    /// The language of every text.
    package let language: Language

    /// The line that starts the trainer's page on paper.
    package static let pageBreak = "<div style=\"page-break-before: always\"></div>"

    /// Makes a handout renderer for one language.
    package init(knowledge: Knowledge, language: Language) {
        self.knowledge = knowledge
        self.language = language
    }

    func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        knowledge.texts.text(key, language, arguments)
    }

    func answerName(_ answer: Answer) -> String {
        switch answer {
        case .yes: t("answer.yes")
        case .no: t("answer.no")
        case .unknown: t("answer.unknown")
        }
    }

    /// Text made literal in Markdown: the report's escaping (`ReportRenderer.inline`), the one
    /// function for user text in Markdown. Characters that would start emphasis, links, HTML,
    /// headings, tables or code are escaped, line ends become spaces and other control characters
    /// and bidi controls (ESC, RLO, …) become U+FFFD, so a scenario's words can neither change the
    /// layout (or hide the page break) nor reach a terminal that shows the file (issue 22 N7).
    package static func escaped(_ text: String) -> String {
        ReportRenderer.inline(text)
    }

    /// The handout: the class's page, the page break, the trainer's page.
    package func markdown(_ scenario: Scenario, engine: Engine) -> String {
        let e = Self.escaped
        let places = ScenarioRenderer(knowledge: knowledge, language: language)
        var lines = ["# " + places.classHeading(scenario), ""]
        lines.append(e(t("scenario.instructions")))
        lines += ["", "## " + t("scenario.situation").trimmingSuffix(":"), ""]
        for line in situationLines(scenario) { lines.append("- " + e(line)) }
        for (stageIndex, stage) in scenario.stages.enumerated() {
            lines += [
                "", "## " + t("scenario.stage", ["number": String(stageIndex + 1), "count": String(scenario.stages.count)]), "",
            ]
            lines.append(e(stage.narrative[language]))
            lines += ["", "*" + e(places.sources(stage.citations)) + "*"]
            if !stage.questions.isEmpty { lines.append("") }
            for (index, question) in stage.questions.enumerated() {
                let text = knowledge.catalog.indicator(question.indicator)?.question[language] ?? question.indicator
                let boxes = [Answer.yes, .no, .unknown].map { "☐ " + answerName($0) }.joined(separator: "   ")
                lines += Self.item(index + 1, [e(t("scenario.question", ["number": "\(stageIndex + 1).\(index + 1)"]) + " " + text), boxes])
            }
        }
        lines += ["", Self.pageBreak, ""]

        lines.append("# " + e(t("scenario.handout.trainer", ["title": scenario.title[language]])))
        lines += ["", "*" + e("id: " + scenario.id + (scenario.tags.isEmpty ? "" : " · " + t("scenario.tags", ["tags": scenario.tags.joined(separator: ", ")]))) + "*", ""]
        lines.append(e(scenario.summary[language]))
        lines += ["", "- " + e(t("scenario.context.acute", ["value": answerName(scenario.context.acuteDanger)]))]
        if scenario.context.acuteDanger == .yes { lines.append("- " + e(t("scenario.acute_context"))) }
        for (stageIndex, stage) in scenario.stages.enumerated() where !stage.questions.isEmpty {
            lines += ["", "## " + t("scenario.handout.answers", ["number": String(stageIndex + 1)]), ""]
            for (index, question) in stage.questions.enumerated() {
                let text = knowledge.catalog.indicator(question.indicator)?.question[language] ?? question.indicator
                lines += Self.item(index + 1, [
                    e(t("scenario.question", ["number": "\(stageIndex + 1).\(index + 1)"]) + " " + text),
                    "**" + e(t("scenario.expert_answer", ["answer": answerName(question.expert)])) + "**",
                    e(t("scenario.why") + " " + question.reason[language]),
                    "*" + e(places.sources(question.citations)) + "*",
                ])
            }
        }
        let assessment = engine.assessment(of: scenario.case, at: nil)
        lines += ["", "## " + t("scenario.expected_heading"), ""]
        lines.append(e(t("scenario.expected_level", ["level": knowledge.catalog.describe(assessment.level)?.name[language] ?? assessment.level.rawValue]) + " (" + t("scenario.handout.score", ["score": String(assessment.score)]) + ")"))
        lines += ["", e(t("scenario.expected_route")), ""]
        let assessmentRenderer = AssessmentRenderer(knowledge: knowledge, language: language)
        for (index, step) in assessment.route.enumerated() {
            let party = assessmentRenderer.reach(step.party, region: nil).name
            lines += Self.item(index + 1, ["**" + e(party) + "** — " + e(step.action[language]), e(t("scenario.why") + " " + step.why[language])])
        }
        if assessment.route.isEmpty { lines.append("—") }
        lines += ["", "## " + t("scenario.teaching_points").trimmingSuffix(":"), ""]
        for (index, point) in scenario.teachingPoints.enumerated() { lines.append("\(index + 1). " + e(point[language])) }
        lines += ["", "## " + t("scenario.sources"), ""]
        for (index, citation) in scenario.allCitations.enumerated() {
            lines.append("\(index + 1). " + e(AssessmentRenderer(knowledge: knowledge, language: language).source(citation) + ": “" + citation.quote + "”"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A numbered list item whose lines stay lines when rendered: each but the last ends in a hard
    /// break (`\`), and the following lines are indented to the item's content, whatever the number's
    /// width ("10. " takes four columns). Without the breaks a renderer joins them into one paragraph
    /// ("…? ☐ yes ☐ no ☐ unknown", "Expert: yes Why: …").
    static func item(_ number: Int, _ lines: [String]) -> [String] {
        let marker = "\(number). "
        let indent = String(repeating: " ", count: marker.count)
        return lines.enumerated().map { index, line in
            (index == 0 ? marker : indent) + line + (index + 1 < lines.count ? "\\" : "")
        }
    }

    /// The situation as the class sees it: no acute danger (it would give the level away).
    func situationLines(_ scenario: Scenario) -> [String] {
        let context = scenario.context
        var first = [context.age.map { t("render.age", ["age": String($0)]) } ?? t("render.age_unknown")]
        first.append(t("render.role", ["role": t("role." + context.role.rawValue)]))
        if let offence = context.offence.flatMap(knowledge.catalog.offence) {
            first.append(t("render.offence", ["offence": offence.name[language]]))
        }
        var lines = [first.joined(separator: " · ")]
        lines.append(t("scenario.context.guardian", ["value": answerName(context.guardianPresent)]))
        lines.append(t("scenario.context.registered", ["value": answerName(context.registeredInNL)]))
        if let time = context.assessedAt { lines.append(t("scenario.context.time", ["time": time.text])) }
        return lines
    }
}

extension String {
    /// The text without `suffix` at its end, if it ends so.
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
