/// Turns scenarios, classroom sessions and scenario checks into text for people (a projector, a
/// transcript, a trainer's terminal). Assessments themselves are rendered by `AssessmentRenderer`.
public struct ScenarioRenderer: Sendable {
    /// Texts, catalogue and routing the renderer reads.
    public let knowledge: Knowledge
    /// The language of every text rendered.
    public let language: Language
    /// Lines are wrapped to this many characters (a projector shows about 80).
    public var width = 78

    /// Makes a renderer for one language.
    public init(knowledge: Knowledge, language: Language) {
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

    private func sources(_ citations: [Citation]) -> String {
        t("render.source", ["source": citations.map(\.shortReference).joined(separator: "; ")])
    }

    /// Wraps a text to `width`, each line starting with `indent`; `\n` in the text starts a new paragraph.
    func wrap(_ text: String, indent: String, firstIndent: String? = nil) -> [String] {
        var lines: [String] = []
        var prefix = firstIndent ?? indent
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
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

    // MARK: list and show

    /// `signaal scenario list`: one line per scenario with its title, tags and expected level.
    public func list(_ scenarios: [Scenario]) -> String {
        var lines = [t("scenario.list.title", ["count": String(scenarios.count)]), ""]
        let width = scenarios.map(\.id.count).max() ?? 0
        for scenario in scenarios {
            let padded = scenario.id + String(repeating: " ", count: max(0, width - scenario.id.count))
            lines.append("  " + padded + "  " + scenario.title[language])
            var facts = [t("scenario.list.expected", ["level": levelName(scenario.expected.level)])]
            if !scenario.tags.isEmpty { facts.append(t("scenario.tags", ["tags": scenario.tags.joined(separator: ", ")])) }
            lines.append("  " + String(repeating: " ", count: width) + "  " + facts.joined(separator: " · "))
        }
        if scenarios.isEmpty { lines.append("  " + t("scenario.list.empty")) }
        lines += ["", t("scenario.list.more")]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The scenario's heading: title, id and tags, summary and the situation.
    public func intro(_ scenario: Scenario) -> String {
        var lines = ["═══ " + t("scenario.heading", ["title": scenario.title[language]]) + " ═══"]
        var facts = ["id: " + scenario.id]
        if !scenario.tags.isEmpty { facts.append(t("scenario.tags", ["tags": scenario.tags.joined(separator: ", ")])) }
        lines.append(facts.joined(separator: " · "))
        lines += wrap(scenario.summary[language], indent: "")
        lines.append("")
        lines.append(t("scenario.situation"))
        let context = scenario.context
        var first = [context.age.map { t("render.age", ["age": String($0)]) } ?? t("render.age_unknown")]
        first.append(t("render.role", ["role": t("role." + context.role.rawValue)]))
        if let offence = context.offence.flatMap(knowledge.catalog.offence) {
            first.append(t("render.offence", ["offence": offence.name[language]]))
        }
        lines.append("  " + first.joined(separator: " · "))
        lines.append("  " + t("scenario.context.acute", ["value": answerName(context.acuteDanger)]))
        lines.append("  " + t("scenario.context.guardian", ["value": answerName(context.guardianPresent)]))
        lines.append("  " + t("scenario.context.registered", ["value": answerName(context.registeredInNL)]))
        if let time = context.assessedAt { lines.append("  " + t("scenario.context.time", ["time": time.text])) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The heading and story of one stage.
    public func narrative(_ scenario: Scenario, stage: Int) -> String {
        let part = scenario.stages[stage]
        var lines = [
            "", "── " + t("scenario.stage", ["number": String(stage + 1), "count": String(scenario.stages.count)]) + " ──",
        ]
        lines += wrap(part.narrative[language], indent: "")
        lines.append("  " + sources(part.citations))
        return lines.joined(separator: "\n") + "\n"
    }

    /// One question as the class sees it.
    public func question(_ scenario: Scenario, stage: Int, question index: Int) -> String {
        let id = scenario.stages[stage].questions[index].indicator
        let label = t("scenario.question", ["number": "\(stage + 1).\(index + 1)"])
        return "\n" + wrap(question(id), indent: "  ", firstIndent: "  " + label + " ").joined(separator: "\n") + "\n"
    }

    /// The class's answer, echoed into the transcript.
    public func classAnswer(_ answer: Answer) -> String {
        "    " + t("scenario.class_answer", ["answer": answerName(answer)]) + "\n"
    }

    /// `signaal scenario show`: the whole scenario for a projector, the expert's answers and reasons,
    /// the expected outcome, the teaching points, the expert's assessment and the sources.
    public func show(_ scenario: Scenario, engine: Engine) -> String {
        var text = intro(scenario)
        for (stageIndex, stage) in scenario.stages.enumerated() {
            text += narrative(scenario, stage: stageIndex)
            for (index, item) in stage.questions.enumerated() {
                text += question(scenario, stage: stageIndex, question: index)
                var lines = ["    " + t("scenario.expert_answer", ["answer": answerName(item.expert)])]
                lines += wrap(item.reason[language], indent: "      ", firstIndent: "    " + t("scenario.why") + " ")
                lines.append("    " + sources(item.citations))
                text += lines.joined(separator: "\n") + "\n"
            }
        }
        var lines = ["", "── " + t("scenario.expected_heading") + " ──"]
        lines.append(t("scenario.expected_level", ["level": levelName(scenario.expected.level)]))
        lines += wrap(scenario.expected.route.joined(separator: ", "), indent: "  ", firstIndent: t("scenario.expected_route") + " ")
        lines += teachingPoints(scenario.teachingPoints)
        text += lines.joined(separator: "\n") + "\n"
        text += expertAssessment(engine.assess(scenario.case, at: nil))
        return text + sourceList(scenario)
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
    public func sourceList(_ scenario: Scenario) -> String {
        var lines = ["", "── " + t("scenario.sources") + " ──"]
        for (index, citation) in scenario.allCitations.enumerated() {
            lines += wrap(
                citation.shortReference + ": “" + citation.quote + "”", indent: "      ", firstIndent: "  [\(index + 1)] ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: session

    /// How the class answers, shown once before the first stage.
    public func instructions() -> String {
        "\n" + wrap(t("scenario.instructions"), indent: "").joined(separator: "\n") + "\n"
    }

    /// The reveal after a stage: each expert answer with its reason and sources, the class's answer,
    /// and how the score and level moved.
    public func reveal(_ reveal: StageReveal) -> String {
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
            lines.append("      " + sources(item.question.citations))
        }
        lines.append("")
        lines.append(t("scenario.score_heading", ["number": String(reveal.stage + 1)]))
        lines.append("  " + movement(t("scenario.expert"), reveal.expertBefore, reveal.expertAfter))
        for indicator in reveal.contributions {
            let trigger = indicator.kind == .hard || indicator.kind == .acute ? " " + t("render.trigger." + indicator.kind.rawValue) : ""
            lines += wrap(indicator.question[language] + trigger, indent: "        ", firstIndent: "    +\(indicator.weight)  ")
        }
        if reveal.contributions.isEmpty { lines.append("    " + t("scenario.no_contribution")) }
        if reveal.stage == 0 && reveal.expertBefore.level == .acute {
            lines.append("    " + t("scenario.acute_context"))
        }
        lines.append("  " + movement(t("scenario.class"), reveal.classBefore, reveal.classAfter))
        return lines.joined(separator: "\n") + "\n"
    }

    private func movement(_ who: String, _ before: ScoreLevel, _ after: ScoreLevel) -> String {
        t(
            "scenario.movement",
            [
                "who": who, "from": String(before.score), "to": String(after.score), "fromLevel": levelName(before.level),
                "toLevel": levelName(after.level),
            ])
    }

    /// The end of a session: agreement, level and route of the class against the expert's, the misses,
    /// the teaching points and the expert's full assessment.
    public func summary(_ summary: SessionSummary) -> String {
        var lines = ["", "══ " + t("scenario.summary") + " ══"]
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
        lines.append("")
        lines.append(t("scenario.route_compare"))
        let route = summary.route
        if route.isEmpty {
            lines.append("  " + t("scenario.route_same"))
        } else {
            let steps = Dictionary(expert.route.map { ($0.id, $0) } + group.route.map { ($0.id, $0) }) { first, _ in first }
            func action(_ id: String) -> String { steps[id]?.action[language] ?? id }
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
        lines.append("")
        lines.append(t("scenario.misses", ["count": String(summary.misses.count)]))
        if summary.misses.isEmpty { lines.append("  " + t("scenario.no_misses")) }
        for miss in summary.misses {
            let item = miss.answer
            lines += wrap(item.indicator.question[language], indent: "    ", firstIndent: "  - ")
            lines += wrap(
                t("scenario.compare", ["expert": answerName(item.question.expert), "class": answerName(item.classAnswer)])
                    + " — " + t("scenario.miss." + miss.kind.rawValue), indent: "    ", firstIndent: "    ")
            lines += wrap(item.question.reason[language], indent: "    ", firstIndent: "    " + t("scenario.why") + " ")
        }
        lines += teachingPoints(summary.teachingPoints)
        return lines.joined(separator: "\n") + "\n" + expertAssessment(expert)
    }

    // MARK: check

    /// One line per file for `signaal scenario check`, followed by the difference when it fails.
    public func check(_ outcome: ScenarioCheck.FileOutcome, file: String) -> String {
        switch outcome {
        case .invalid(let error):
            return t("scenario.check.fail") + " " + error.message(knowledge.texts, language) + "\n"
        case .checked(let result) where result.passed:
            return t("scenario.check.pass", [
                "file": file, "id": result.scenario.id, "level": result.level.rawValue, "count": String(result.route.count),
            ]) + "\n"
        case .checked(let result):
            var lines = [t("scenario.check.fail") + " " + file + " — " + result.scenario.id]
            lines += difference(result)
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// The readable difference between a scenario's expectation and the engine's result.
    public func difference(_ result: ScenarioCheckResult) -> [String] {
        var lines: [String] = []
        let expected = result.scenario.expected
        if expected.level != result.level {
            lines.append("  " + t("scenario.check.level", ["expected": expected.level.rawValue, "actual": result.level.rawValue]))
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
