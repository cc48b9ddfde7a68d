/// Turns scenarios, classroom sessions and scenario checks into text for people (a projector, a
/// transcript, a trainer's terminal). Assessments themselves are rendered by `AssessmentRenderer`.
package struct ScenarioRenderer: Sendable {
    /// Texts, catalogue and routing the renderer reads.
    package let knowledge: Knowledge
    /// The language of every text rendered.
    package let language: Language
    /// Lines are wrapped to this many characters (a projector shows about 80).
    package var width = 78

    /// Makes a renderer for one language.
    package init(knowledge: Knowledge, language: Language) {
        self.knowledge = knowledge
        self.language = language
    }

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        knowledge.texts.text(key, language, arguments)
    }

    private func levelName(_ level: Level) -> String {
        knowledge.catalog.describe(level)?.name[language] ?? level.rawValue
    }

    private func answerName(_ answer: Answer?) -> String {
        guard let answer else { return t("scenario.answer.none") }
        switch answer {
        case .yes: return t("answer.yes")
        case .no: return t("answer.no")
        case .unknown: return t("answer.unknown")
        }
    }

    private func question(_ id: String) -> String {
        knowledge.catalog.indicator(id)?.question[language] ?? id
    }

    /// A citation for people: the seed's title and "regel" (as the assessment gives it), not the file name.
    func reference(_ citation: Citation) -> String {
        AssessmentRenderer(knowledge: knowledge, language: language).source(citation)
    }

    /// `source: …` with each place once (three quotes from one line are one reference).
    func sources(_ citations: [Citation]) -> String {
        var seen = Set<String>()
        let places = citations.map(reference).filter { seen.insert($0).inserted }
        return t("render.source", ["source": places.joined(separator: "; ")])
    }

    /// Wraps a text to `width`, each line starting with `indent`; `\n` in the text starts a new paragraph.
    ///
    /// The text goes through `UserText.line` first: a scenario file is written by a trainer, so a line
    /// break, ESC or bidi control in a title, story or reason is shown as an escape (`\n`,
    /// `\u001B`) and can neither start a line of its own nor reach the terminal (issue 22 N7).
    func wrap(_ text: String, indent: String, firstIndent: String? = nil) -> [String] {
        var lines: [String] = []
        var prefix = firstIndent ?? indent
        for paragraph in UserText.line(text).split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty && prefix.count + line.count + 1 + word.count > width {
                    lines.append(prefix + line)
                    prefix = indent
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            lines.append(line.isEmpty ? "" : prefix + line)
            prefix = indent
        }
        return lines
    }

    /// Lines joined for the terminal, each through `UserText.line`: the one escaping function for
    /// text that did not come from the program (scenario ids, titles, tags, file names, quotes), so
    /// whatever a line holds, it stays one line without terminal controls.
    static func joined(_ lines: [String]) -> String {
        lines.map(UserText.line).joined(separator: "\n") + "\n"
    }

    // MARK: list and show

    /// `signaal scenario list`: what the class may see on a projector before it plays. Each scenario
    /// by number (`play N` plays it), with its parts and the situation's first facts; no id, title or
    /// tags, for they name the outcome ("acute_…", "Profile trap: …", `no_signals`). With `trainer`
    /// also the id, title and tags. Never the expected level.
    package func list(_ scenarios: [Scenario], trainer: Bool = false) -> String {
        var lines = [t(trainer ? "scenario.list.title" : "scenario.list.class_title", ["count": String(scenarios.count)]), ""]
        let numberWidth = String(scenarios.count).count
        let idWidth = trainer ? scenarios.map(\.id.count).max() ?? 0 : 0
        for (index, scenario) in scenarios.enumerated() {
            let number = String(index + 1)
            var head = "  " + String(repeating: " ", count: numberWidth - number.count) + number + "  "
            if trainer {
                head += scenario.id + String(repeating: " ", count: max(0, idWidth - scenario.id.count)) + "  "
                lines.append(head + scenario.title[language])
                var facts = [parts(scenario.stages.count)]
                if !scenario.tags.isEmpty { facts.append(t("scenario.tags", ["tags": scenario.tags.joined(separator: ", ")])) }
                lines.append(String(repeating: " ", count: head.count) + facts.joined(separator: " · "))
            } else {
                let facts = [parts(scenario.stages.count)] + situationFacts(scenario)
                lines += wrap(facts.joined(separator: " · "), indent: String(repeating: " ", count: head.count), firstIndent: head)
            }
        }
        if scenarios.isEmpty { lines.append("  " + t("scenario.list.empty")) }
        lines += [""] + wrap(t(trainer ? "scenario.list.more" : "scenario.list.class_more"), indent: "")
        return Self.joined(lines)
    }

    /// "3 parts", or "1 part".
    private func parts(_ count: Int) -> String {
        t(count == 1 ? "scenario.list.stage_one" : "scenario.list.stages", ["count": String(count)])
    }

    /// The scenario's heading for the trainer (`show`): title, id and tags, summary and the situation.
    package func intro(_ scenario: Scenario) -> String {
        var lines = ["═══ " + t("scenario.heading", ["title": scenario.title[language]]) + " ═══"]
        var facts = ["id: " + scenario.id]
        if !scenario.tags.isEmpty { facts.append(t("scenario.tags", ["tags": scenario.tags.joined(separator: ", ")])) }
        lines.append(facts.joined(separator: " · "))
        lines += wrap(scenario.summary[language], indent: "")
        lines.append("")
        lines += situation(scenario, acuteDanger: true)
        return Self.joined(lines)
    }

    /// The heading the class sees before it answers (`play`, `run`, the handout's first page): how many
    /// parts and the situation. No title, id, tags or summary (they name the outcome: "Acute: …",
    /// "the man is convicted") and no acute danger (it sets the level): those come in the summary.
    package func classIntro(_ scenario: Scenario) -> String {
        var lines = ["═══ " + classHeading(scenario) + " ═══"]
        lines += situation(scenario, acuteDanger: false)
        return Self.joined(lines)
    }

    /// The situation block: age, role, offence and the context facts.
    private func situation(_ scenario: Scenario, acuteDanger: Bool) -> [String] {
        var lines = [t("scenario.situation")]
        let context = scenario.context
        lines.append("  " + situationFacts(scenario).joined(separator: " · "))
        if acuteDanger { lines.append("  " + t("scenario.context.acute", ["value": answerName(context.acuteDanger)])) }
        lines.append("  " + t("scenario.context.guardian", ["value": answerName(context.guardianPresent)]))
        lines.append("  " + t("scenario.context.registered", ["value": answerName(context.registeredInNL)]))
        if let time = context.assessedAt { lines.append("  " + t("scenario.context.time", ["time": time.text])) }
        return lines
    }

    /// The situation's first facts: age, role and offence.
    private func situationFacts(_ scenario: Scenario) -> [String] {
        let context = scenario.context
        var facts = [context.age.map { t("render.age", ["age": String($0)]) } ?? t("render.age_unknown")]
        facts.append(t("render.role", ["role": t("role." + context.role.rawValue)]))
        if let offence = context.offence.flatMap(knowledge.catalog.offence) {
            facts.append(t("render.offence", ["offence": offence.name[language]]))
        }
        return facts
    }

    /// The heading the class sees: "Practice case in 3 stages" (or "in one stage").
    func classHeading(_ scenario: Scenario) -> String {
        t(scenario.stages.count == 1 ? "scenario.class_heading_one" : "scenario.class_heading", ["count": String(scenario.stages.count)])
    }

    /// The heading and story of one stage.
    package func narrative(_ scenario: Scenario, stage: Int) -> String {
        let part = scenario.stages[stage]
        var lines = [
            "", "── " + t("scenario.stage", ["number": String(stage + 1), "count": String(scenario.stages.count)]) + " ──",
        ]
        lines += wrap(part.narrative[language], indent: "")
        lines.append("  " + sources(part.citations))
        return Self.joined(lines)
    }

    /// One question as the class sees it.
    package func question(_ scenario: Scenario, stage: Int, question index: Int) -> String {
        let id = scenario.stages[stage].questions[index].indicator
        let label = t("scenario.question", ["number": "\(stage + 1).\(index + 1)"])
        return "\n" + wrap(question(id), indent: "  ", firstIndent: "  " + label + " ").joined(separator: "\n") + "\n"
    }

    /// The explanation of a question (`h` in play): what the indicator means, with an example, why it
    /// is asked, and its sources with their quotes. Says nothing of the expert's answer.
    package func explanation(_ indicatorID: String) -> String {
        guard let indicator = knowledge.catalog.indicator(indicatorID) else { return "" }
        var lines = ["", "  " + t("triage.help.heading")]
        lines += wrap(indicator.explanation[language], indent: "  ")
        lines += wrap(t("triage.help.why", ["why": indicator.rationale[language]]), indent: "  ")
        lines.append("  " + t("triage.help.sources"))
        for citation in indicator.citations {
            lines += wrap("“" + citation.quote + "” (" + reference(citation) + ")", indent: "      ", firstIndent: "    - ")
        }
        return Self.joined(lines)
    }

    /// The class's answer, echoed into the transcript.
    package func classAnswer(_ answer: Answer) -> String {
        "    " + t("scenario.class_answer", ["answer": answerName(answer)]) + "\n"
    }

    /// The sentences of the story an expert answer rests on, quoted (none: no lines).
    func evidence(_ question: ScenarioQuestion, indent: String) -> [String] {
        guard !question.evidence.isEmpty else { return [] }
        let quotes = question.evidence.map { "“" + $0[language] + "”" }.joined(separator: " ")
        return wrap(quotes, indent: indent + "  ", firstIndent: indent + t("scenario.evidence") + " ")
    }

    /// `signaal scenario show`: the whole scenario for a projector, the expert's answers and reasons,
    /// the expected outcome, the teaching points, the expert's assessment and the sources.
    package func show(_ scenario: Scenario, engine: Engine) -> String {
        var text = intro(scenario)
        for (stageIndex, stage) in scenario.stages.enumerated() {
            text += narrative(scenario, stage: stageIndex)
            for (index, item) in stage.questions.enumerated() {
                text += question(scenario, stage: stageIndex, question: index)
                var lines = ["    " + t("scenario.expert_answer", ["answer": answerName(item.expert)])]
                lines += wrap(item.reason[language], indent: "      ", firstIndent: "    " + t("scenario.why") + " ")
                lines += evidence(item, indent: "    ")
                lines.append("    " + sources(item.citations))
                text += Self.joined(lines)
            }
        }
        var lines = ["", "── " + t("scenario.expected_heading") + " ──"]
        lines.append(t("scenario.expected_level", ["level": levelName(scenario.expected.level)]))
        lines.append(t("scenario.expected_route"))
        lines += routeLines(scenario.expected.route)
        lines += teachingPoints(scenario.teachingPoints)
        text += Self.joined(lines)
        text += expertAssessment(engine.assessment(of: scenario.case, at: nil))
        return text + sourceList(scenario)
    }

    /// A route as people read it: numbered, each step's party by name and what it does.
    func routeLines(_ stepIDs: [String]) -> [String] {
        let steps = knowledge.routing.rules.flatMap(\.steps)
        let assessment = AssessmentRenderer(knowledge: knowledge, language: language)
        var lines: [String] = []
        for (index, id) in stepIDs.enumerated() {
            guard let step = steps.first(where: { $0.id == id }) else {
                lines.append("  \(index + 1). " + id)
                continue
            }
            let party = assessment.reach(step.party, region: nil).name
            lines += wrap(party + " — " + step.action[language], indent: "     ", firstIndent: "  \(index + 1). ")
        }
        if stepIDs.isEmpty { lines.append("  —") }
        return lines
    }

    private func teachingPoints(_ points: [LocalizedText]) -> [String] {
        var lines = ["", t("scenario.teaching_points")]
        for (index, point) in points.enumerated() {
            lines += wrap(point[language], indent: "     ", firstIndent: "  \(index + 1). ")
        }
        return lines
    }

    private func expertAssessment(_ assessment: Assessment) -> String {
        "\n── " + t("scenario.expert_assessment") + " ──\n"
            + AssessmentRenderer(knowledge: knowledge, language: language).text(assessment)
    }

    /// Every citation of the scenario with its quote.
    package func sourceList(_ scenario: Scenario) -> String {
        var lines = ["", "── " + t("scenario.sources") + " ──"]
        for (index, citation) in scenario.allCitations.enumerated() {
            lines += wrap(
                reference(citation) + ": “" + citation.quote + "”", indent: "      ", firstIndent: "  [\(index + 1)] ")
        }
        return Self.joined(lines)
    }

    // MARK: session

    /// How the class answers, shown once before the first stage.
    package func instructions() -> String {
        "\n" + wrap(t("scenario.instructions"), indent: "").joined(separator: "\n") + "\n"
    }

    /// The reveal after a stage: each expert answer with its reason and sources, the class's answer,
    /// and how the score moved. Levels (and the triggers that set them) are named only after the last
    /// stage: before that the class still has questions to answer.
    package func reveal(_ reveal: StageReveal) -> String {
        var lines = ["", "── " + t("scenario.reveal", ["number": String(reveal.stage + 1)]) + " ──"]
        for (index, item) in reveal.answers.enumerated() {
            let number = "\(reveal.stage + 1).\(index + 1)"
            lines += wrap(item.indicator.question[language], indent: "      ", firstIndent: "  " + number + " ")
            var comparison = t(
                "scenario.compare", ["expert": answerName(item.question.expert), "class": answerName(item.classAnswer)])
            if let given = item.classAnswer, let kind = ClassMiss.kind(expert: item.question.expert, classAnswer: given) {
                comparison += " — " + t("scenario.miss." + kind.rawValue)
            } else if item.agrees {
                comparison += " — " + t("scenario.same")
            }
            lines += wrap(comparison, indent: "      ", firstIndent: "      ")
            lines += wrap(item.question.reason[language], indent: "      ", firstIndent: "      " + t("scenario.why") + " ")
            lines += evidence(item.question, indent: "      ")
            lines.append("      " + sources(item.question.citations))
        }
        lines.append("")
        lines.append(t("scenario.score_heading", ["number": String(reveal.stage + 1)]))
        lines.append("  " + movement(t("scenario.expert"), reveal.expertBefore, reveal.expertAfter, levels: reveal.isLast))
        for indicator in reveal.contributions {
            let triggers = reveal.isLast && (indicator.kind == .hard || indicator.kind == .acute)
            let trigger = triggers ? " " + t("render.trigger." + indicator.kind.rawValue) : ""
            lines += wrap(indicator.question[language] + trigger, indent: "        ", firstIndent: "    +\(indicator.weight)  ")
        }
        if reveal.contributions.isEmpty { lines.append("    " + t("scenario.no_contribution")) }
        lines.append("  " + movement(t("scenario.class"), reveal.classBefore, reveal.classAfter, levels: reveal.isLast))
        return Self.joined(lines)
    }

    private func movement(_ who: String, _ before: ScoreLevel, _ after: ScoreLevel, levels: Bool) -> String {
        let scores = ["who": who, "from": String(before.score), "to": String(after.score)]
        guard levels else { return t("scenario.movement_score", scores) }
        return t(
            "scenario.movement",
            scores.merging(["fromLevel": levelName(before.level), "toLevel": levelName(after.level)]) { first, _ in first })
    }

    /// The end of a session, after the class's last answer: what really happened (title, summary and
    /// acute danger, held back until now), agreement, level and route of the class against the
    /// expert's, the class summary (signals missed, over-scored, other differences, across all stages),
    /// the teaching points, and with `fullAssessment` the expert's whole assessment.
    package func summary(_ summary: SessionSummary, fullAssessment: Bool = false) -> String {
        let scenario = summary.scenario
        var lines = ["", "══ " + t("scenario.summary") + " ══"]
        lines += wrap(t("scenario.what_happened", ["title": scenario.title[language]]), indent: "")
        lines += wrap(scenario.summary[language], indent: "  ", firstIndent: "  ")
        lines.append("  " + t("scenario.context.acute", ["value": answerName(scenario.context.acuteDanger)]))
        if scenario.context.acuteDanger == .yes { lines += wrap(t("scenario.acute_context"), indent: "  ", firstIndent: "  ") }
        lines.append("")
        lines.append(t("scenario.agreement", ["agreed": String(summary.agreed), "total": String(summary.total)]))
        let expert = summary.expert
        let group = summary.classAssessment
        lines.append(
            t(
                "scenario.level_compare",
                [
                    "expert": levelName(expert.level), "expertScore": String(expert.score), "class": levelName(group.level),
                    "classScore": String(group.score),
                ]) + " — " + t(expert.level == group.level ? "scenario.same" : "scenario.different"))
        // A level lifted by a combination rule says so: the class sees why a low score is decisive.
        for combination in expert.combinations {
            let line = t("render.combination", ["name": combination.name[language], "level": levelName(combination.atLeast)])
            lines += wrap(line, indent: "    ", firstIndent: "  ! ")
        }
        lines.append("")
        lines.append(t("scenario.expert_route"))
        lines += routeLines(summary.route.expected)
        lines.append(t("scenario.route_compare"))
        let route = summary.route
        if route.isEmpty {
            lines.append("  " + t("scenario.route_same"))
        } else {
            let steps = Dictionary(expert.route.map { ($0.id, $0) } + group.route.map { ($0.id, $0) }) { first, _ in first }
            let assessment = AssessmentRenderer(knowledge: knowledge, language: language)
            func action(_ id: String) -> String {
                guard let step = steps[id] else { return id }
                return assessment.reach(step.party, region: nil).name + " — " + step.action[language]
            }
            for (step, _) in route.missing {
                lines += wrap(action(step), indent: "      ", firstIndent: "  - " + t("scenario.route_missing") + " ")
            }
            for (step, _) in route.extra {
                lines += wrap(action(step), indent: "      ", firstIndent: "  + " + t("scenario.route_extra") + " ")
            }
            for moved in route.outOfOrder {
                let label = t(
                    "scenario.route_moved", ["expert": String(moved.expectedPosition), "class": String(moved.actualPosition)])
                lines += wrap(action(moved.step), indent: "      ", firstIndent: "  ~ " + label + " ")
            }
        }
        lines += classSummary(summary)
        lines += teachingPoints(summary.teachingPoints)
        var text = Self.joined(lines)
        if fullAssessment {
            text += expertAssessment(expert)
        } else {
            text += "\n" + wrap(t("scenario.full_assessment_hint", ["id": scenario.id]), indent: "").joined(separator: "\n") + "\n"
        }
        return text
    }

    /// The class summary: across all stages, the signals the class missed, what it over-scored and the
    /// other differences, each with the expert's reason: the points to discuss.
    private func classSummary(_ summary: SessionSummary) -> [String] {
        var lines = ["", t("scenario.class_summary", ["count": String(summary.misses.count)])]
        if summary.misses.isEmpty {
            lines.append("  " + t("scenario.no_misses"))
            return lines
        }
        let groups: [(key: String, misses: [ClassMiss])] = [
            ("scenario.group.missed", summary.missedSignals), ("scenario.group.over_scored", summary.overScored),
            ("scenario.group.other", summary.otherDifferences),
        ]
        for group in groups where !group.misses.isEmpty {
            let points = group.misses.filter { $0.answer.indicator.isScored }.map(\.answer.indicator.weight).reduce(0, +)
            lines.append("  " + t(group.key, ["count": String(group.misses.count), "points": String(points)]))
            for miss in group.misses {
                let item = miss.answer
                lines += wrap(item.indicator.question[language], indent: "      ", firstIndent: "    - ")
                lines += wrap(
                    t("scenario.compare", ["expert": answerName(item.question.expert), "class": answerName(item.classAnswer)])
                        + " — " + t("scenario.miss." + miss.kind.rawValue), indent: "      ", firstIndent: "      ")
                lines += wrap(item.question.reason[language], indent: "      ", firstIndent: "      " + t("scenario.why") + " ")
            }
        }
        return lines
    }

    // MARK: check

    /// One line per file for `signaal scenario check`, followed by what is wrong when it fails: the
    /// outcome's difference and each wrong citation with its JSON path.
    package func check(_ outcome: ScenarioCheck.FileOutcome, file: String) -> String {
        switch outcome {
        case .invalid(let error):
            return t("scenario.check.fail") + " " + error.message(knowledge.texts, language) + "\n"
        case .checked(let result) where result.passed:
            return Self.joined([t("scenario.check.pass", [
                "file": file, "id": result.scenario.id, "level": result.level.rawValue, "count": String(result.route.count),
            ]) + "; " + quoteCounts(result)])
        case .checked(let result):
            var lines = [t("scenario.check.fail") + " " + file + " — " + result.scenario.id]
            lines += difference(result)
            lines += citationProblems(result)
            lines += evidenceProblems(result)
            return Self.joined(lines)
        }
    }

    /// How many quotes were verified against the seed texts and how many could not be.
    func quoteCounts(_ result: ScenarioCheckResult) -> String {
        var parts: [String] = []
        if result.quotesVerified > 0 || result.quotesNotVerified == 0 {
            parts.append(t("scenario.check.quotes_verified", ["count": String(result.quotesVerified)]))
        }
        if result.quotesNotVerified > 0 {
            parts.append(t("scenario.check.quotes_not_verified", ["count": String(result.quotesNotVerified)]))
        }
        if result.quotesPublic > 0 {
            parts.append(t("scenario.check.quotes_public", ["count": String(result.quotesPublic)]))
        }
        return parts.joined(separator: ", ")
    }

    /// One line per wrong citation: its path, its reference and what is wrong.
    func citationProblems(_ result: ScenarioCheckResult) -> [String] {
        result.citationProblems.map { problem in
            let place = problem.path.description + " (" + problem.citation.shortReference + ")"
            let what: String
            switch problem.verdict {
            case .outOfRange(let count): what = t("scenario.check.citation.out_of_range", ["count": String(count)])
            case .quoteNotFound: what = t("scenario.check.citation.not_found", ["quote": problem.citation.quote])
            case .unknownSource: what = t("scenario.check.citation.unknown_source")
            case .quoteTooShort:
                what = t(
                    "scenario.check.citation.too_short",
                    ["quote": problem.citation.quote, "words": String(Citation.minimumQuoteWords), "length": String(Citation.minimumQuoteLength)])
            case .verified, .notVerified, .publicKnowledge: what = ""
            }
            return "  " + t("scenario.check.citation", ["place": place, "problem": what])
        }
    }

    /// One line per expert answer that does not rest on the story told so far: its path and why.
    func evidenceProblems(_ result: ScenarioCheckResult) -> [String] {
        result.evidenceProblems.map { problem in
            let place = problem.path.description + " (" + problem.indicator + ")"
            switch problem.kind {
            case .missing(let answer):
                return "  " + t("scenario.check.evidence.missing", ["place": place, "answer": answer.rawValue])
            case .notTold(let quote, _, let later?):
                return "  " + t("scenario.check.evidence.later", ["place": place, "quote": quote, "stage": String(later)])
            case .notTold(let quote, _, nil):
                return "  " + t("scenario.check.evidence.not_told", ["place": place, "quote": quote])
            case .tooShort(let quote, _):
                return "  " + t(
                    "scenario.check.evidence.too_short",
                    ["place": place, "quote": quote, "count": String(ScenarioCheck.minimumEvidenceWords)])
            case .unknownStatesFact(let clause, _):
                return "  " + t("scenario.check.evidence.unknown_states_fact", ["place": place, "clause": clause])
            }
        }
    }

    /// The readable difference between a scenario's expectation and the engine's result.
    package func difference(_ result: ScenarioCheckResult) -> [String] {
        var lines: [String] = []
        let expected = result.scenario.expected
        if expected.level != result.level {
            lines.append("  " + t("scenario.check.level", ["expected": expected.level.rawValue, "actual": result.level.rawValue]))
        }
        if let checkNext = expected.checkNext, !result.checkNextAgrees {
            func listed(_ ids: [String]) -> String { ids.isEmpty ? "—" : ids.joined(separator: ", ") }
            lines.append("  " + t("scenario.check.check_next"))
            lines += wrap(listed(checkNext), indent: "    ", firstIndent: "    " + t("scenario.check.expected_check_next") + " ")
            lines += wrap(listed(result.checkNext), indent: "    ", firstIndent: "    " + t("scenario.check.actual_check_next") + " ")
        }
        let route = result.routeDifference
        guard !route.isEmpty else { return lines }
        lines.append(
            "  " + t("scenario.check.route", ["expected": String(route.expected.count), "actual": String(route.actual.count)]))
        for (step, position) in route.missing {
            lines.append("    " + t("scenario.check.missing", ["step": step, "position": String(position)]))
        }
        for (step, position) in route.extra {
            lines.append("    " + t("scenario.check.extra", ["step": step, "position": String(position)]))
        }
        for moved in route.outOfOrder {
            lines.append(
                "    " + t(
                    "scenario.check.moved",
                    ["step": moved.step, "expected": String(moved.expectedPosition), "actual": String(moved.actualPosition)]))
        }
        let expectedLabel = t("scenario.check.expected_route")
        let actualLabel = t("scenario.check.actual_route")
        let labelWidth = max(expectedLabel.count, actualLabel.count)
        func padded(_ label: String) -> String { label + String(repeating: " ", count: labelWidth - label.count) }
        func listed(_ steps: [String]) -> String { steps.isEmpty ? "—" : steps.joined(separator: ", ") }
        lines += wrap(listed(route.expected), indent: "    ", firstIndent: "  " + padded(expectedLabel) + " ")
        lines += wrap(listed(route.actual), indent: "    ", firstIndent: "  " + padded(actualLabel) + " ")
        return lines
    }
}
