/// The handout as one self-contained HTML page (`signaal scenario handout ID --format html`): no
/// external assets (styles inline, no scripts, fonts, images or links), A4 print styles, the
/// trainer's part on a new page, answer boxes drawn with borders so they print, and every text that
/// is not the program's escaped by `UserText.html`.
extension ScenarioHandout {
    /// The print styles: A4 with margins, the trainer's part on a new page, boxes with borders
    /// (borders print; backgrounds often do not).
    static let htmlStyle = """
        @page { size: A4; margin: 18mm 16mm; }
        html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.4; color: #000; background: #fff; }
        body { max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
        h1 { font-size: 16pt; margin: 0 0 4mm; }
        h2 { font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }
        p, li { margin: 0 0 2mm; }
        .sources { font-style: italic; font-size: 9.5pt; }
        ol.questions > li { margin-bottom: 4mm; break-inside: avoid; page-break-inside: avoid; }
        .answers { display: block; margin-top: 1.5mm; }
        .box { display: inline-block; width: 4mm; height: 4mm; border: 0.4mm solid #000; vertical-align: -0.8mm; margin: 0 1.5mm 0 0; }
        .choice { margin-right: 8mm; white-space: nowrap; }
        .expert { font-weight: bold; }
        .trainer { break-before: page; page-break-before: always; }
        @media print { body { padding: 0; max-width: none; } }
        """

    /// The handout as HTML: the class's page, then the trainer's part on a new page.
    package func html(_ scenario: Scenario, engine: Engine) -> String {
        let h = UserText.html
        let places = ScenarioRenderer(knowledge: knowledge, language: language)
        var lines = [
            "<!DOCTYPE html>", "<html lang=\"\(language.rawValue)\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>" + h(places.classHeading(scenario)) + "</title>", "<style>", Self.htmlStyle, "</style>", "</head>", "<body>",
            "<section class=\"class\">", "<h1>" + h(places.classHeading(scenario)) + "</h1>", "<p>" + h(t("scenario.instructions")) + "</p>",
            "<h2>" + h(trimmed(t("scenario.situation"))) + "</h2>", "<ul>",
        ]
        for line in situationLines(scenario) { lines.append("<li>" + h(line) + "</li>") }
        lines.append("</ul>")
        for (stageIndex, stage) in scenario.stages.enumerated() {
            lines.append("<h2>" + h(t("scenario.stage", ["number": String(stageIndex + 1), "count": String(scenario.stages.count)])) + "</h2>")
            lines.append("<p>" + h(stage.narrative[language]) + "</p>")
            lines.append("<p class=\"sources\">" + h(places.sources(stage.citations)) + "</p>")
            guard !stage.questions.isEmpty else { continue }
            lines.append("<ol class=\"questions\">")
            for (index, question) in stage.questions.enumerated() {
                let text = knowledge.catalog.indicator(question.indicator)?.question[language] ?? question.indicator
                let label = t("scenario.question", ["number": "\(stageIndex + 1).\(index + 1)"])
                let boxes = [Answer.yes, .no, .unknown].map { "<span class=\"choice\"><span class=\"box\"></span>" + h(answerName($0)) + "</span>" }
                lines.append("<li>" + h(label + " " + text) + "<span class=\"answers\">" + boxes.joined() + "</span></li>")
            }
            lines.append("</ol>")
        }
        lines.append("</section>")

        lines.append("<section class=\"trainer\">")
        lines.append("<h1>" + h(t("scenario.handout.trainer", ["title": scenario.title[language]])) + "</h1>")
        let tags = scenario.tags.isEmpty ? "" : " · " + t("scenario.tags", ["tags": scenario.tags.joined(separator: ", ")])
        lines.append("<p class=\"sources\">" + h("id: " + scenario.id + tags) + "</p>")
        lines.append("<p>" + h(scenario.summary[language]) + "</p>")
        lines.append("<ul><li>" + h(t("scenario.context.acute", ["value": answerName(scenario.context.acuteDanger)])) + "</li>")
        if scenario.context.acuteDanger == .yes { lines.append("<li>" + h(t("scenario.acute_context")) + "</li>") }
        lines.append("</ul>")
        for (stageIndex, stage) in scenario.stages.enumerated() where !stage.questions.isEmpty {
            lines.append("<h2>" + h(t("scenario.handout.answers", ["number": String(stageIndex + 1)])) + "</h2>")
            lines.append("<ol class=\"questions\">")
            for (index, question) in stage.questions.enumerated() {
                let text = knowledge.catalog.indicator(question.indicator)?.question[language] ?? question.indicator
                let label = t("scenario.question", ["number": "\(stageIndex + 1).\(index + 1)"])
                lines.append(
                    "<li>" + h(label + " " + text) + "<br><span class=\"expert\">"
                        + h(t("scenario.expert_answer", ["answer": answerName(question.expert)])) + "</span><br>"
                        + h(t("scenario.why") + " " + question.reason[language]) + "<br><span class=\"sources\">"
                        + h(places.sources(question.citations)) + "</span></li>")
            }
            lines.append("</ol>")
        }
        let assessment = engine.assessment(of: scenario.case, at: nil)
        lines.append("<h2>" + h(t("scenario.expected_heading")) + "</h2>")
        let levelName = knowledge.catalog.describe(assessment.level)?.name[language] ?? assessment.level.rawValue
        lines.append(
            "<p>" + h(t("scenario.expected_level", ["level": levelName]) + " (" + t("scenario.handout.score", ["score": String(assessment.score)]) + ")")
                + "</p>")
        lines.append("<p>" + h(t("scenario.expected_route")) + "</p>")
        if assessment.route.isEmpty {
            lines.append("<p>—</p>")
        } else {
            lines.append("<ol>")
            let assessmentRenderer = AssessmentRenderer(knowledge: knowledge, language: language)
            for step in assessment.route {
                let party = assessmentRenderer.reach(step.party, region: nil).name
                lines.append(
                    "<li><strong>" + h(party) + "</strong> — " + h(step.action[language]) + "<br>" + h(t("scenario.why") + " " + step.why[language])
                        + "</li>")
            }
            lines.append("</ol>")
        }
        lines.append("<h2>" + h(trimmed(t("scenario.teaching_points"))) + "</h2>")
        lines.append("<ol>")
        for point in scenario.teachingPoints { lines.append("<li>" + h(point[language]) + "</li>") }
        lines.append("</ol>")
        lines.append("<h2>" + h(t("scenario.sources")) + "</h2>")
        lines.append("<ol>")
        for citation in scenario.allCitations {
            lines.append("<li>" + h(citation.shortReference + ": “" + citation.quote + "”") + "</li>")
        }
        lines += ["</ol>", "</section>", "</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }

    private func trimmed(_ text: String) -> String {
        text.hasSuffix(":") ? String(text.dropLast()) : text
    }
}
