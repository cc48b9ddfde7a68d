/// One question of a scenario stage: the indicator the class answers, and the expert's answer with
/// the reason and its sources.
package struct ScenarioQuestion: Sendable, Equatable {
    /// The indicator id from the catalogue.
    package var indicator: String
    /// The expert's answer.
    package var expert: Answer
    /// Why the expert answers so.
    package var reason: LocalizedText
    /// Where the facts behind the answer come from (at least one).
    package var citations: [Citation]
    /// The sentences of the story the answer rests on: short verbatim quotes (Dutch and English) from
    /// the narrative of this stage or an earlier one. Required for yes and no (`ScenarioCheck` fails
    /// an answer without them, or whose quote was not told by then); optional for unknown.
    package var evidence: [LocalizedText]

    /// Makes a question.
    package init(
        indicator: String, expert: Answer, reason: LocalizedText, citations: [Citation], evidence: [LocalizedText] = []
    ) {
        self.indicator = indicator
        self.expert = expert
        self.reason = reason
        self.citations = citations
        self.evidence = evidence
    }
}

/// One part of a scenario's story, followed by the questions the class answers about it.
package struct ScenarioStage: Sendable, Equatable {
    /// The part of the story this stage reveals.
    package var narrative: LocalizedText
    /// Where the story comes from (at least one).
    package var citations: [Citation]
    /// The questions asked after the narrative, in order.
    package var questions: [ScenarioQuestion]

    /// Makes a stage.
    package init(narrative: LocalizedText, citations: [Citation], questions: [ScenarioQuestion]) {
        self.narrative = narrative
        self.citations = citations
        self.questions = questions
    }
}

/// What the engine must conclude from all expert answers: the level and the ordered route step ids.
package struct ScenarioExpectation: Sendable, Equatable {
    /// The expected (computed) level.
    package var level: Level
    /// The expected route step ids, in route order.
    package var route: [String]
    /// The expected "check next" list (indicator ids, in the order the assessment lists them), when
    /// the scenario pins it; nil: not checked.
    package var checkNext: [String]?

    /// Makes an expectation.
    package init(level: Level, route: [String], checkNext: [String]? = nil) {
        self.level = level
        self.route = route
        self.checkNext = checkNext
    }
}

/// A training scenario (`Resources/scenarios/*.json`, format version 1): a case that unfolds stage by
/// stage, with the expert's answers, the expected outcome and what the class should learn from it.
package struct Scenario: Sendable, Equatable, CustomStringConvertible {
    /// The file format version this Signaal reads.
    package static let formatVersion = 1

    /// A stable identifier (`[a-z0-9_.]+`).
    package var id: String
    /// The scenario's title, as `list` and the projector show it.
    package var title: LocalizedText
    /// One or two sentences on what the scenario is about.
    package var summary: LocalizedText
    /// Free lower-case words; `profile_trap` marks scenarios that teach the profile trap.
    package var tags: [String]
    /// The facts around the case (same fields and validation as a case file's `context`).
    package var context: CaseContext
    /// The story in parts, each followed by its questions.
    package var stages: [ScenarioStage]
    /// The level and route the engine must give for all expert answers.
    package var expected: ScenarioExpectation
    /// What the class should take away, shown at the end.
    package var teachingPoints: [LocalizedText]

    /// Makes a scenario.
    package init(
        id: String, title: LocalizedText, summary: LocalizedText, tags: [String] = [], context: CaseContext,
        stages: [ScenarioStage], expected: ScenarioExpectation, teachingPoints: [LocalizedText]
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.tags = tags
        self.context = context
        self.stages = stages
        self.expected = expected
        self.teachingPoints = teachingPoints
    }

    /// The id, so test names show which scenario failed.
    package var description: String { id }

    /// Every question of every stage, in the order the class meets them.
    package var questions: [ScenarioQuestion] { stages.flatMap(\.questions) }

    /// Whether the scenario teaches the profile trap (tag `profile_trap`).
    package var teachesProfileTrap: Bool { tags.contains("profile_trap") }

    /// The expert's answers by indicator id.
    package var expertAnswers: [String: Answer] {
        var answers: [String: Answer] = [:]
        for question in questions { answers[question.indicator] = question.expert }
        return answers
    }

    /// The case that all expert answers form together: what `check` runs through the engine.
    package var `case`: Case {
        caseWith(answers: expertAnswers)
    }

    /// The scenario's context with other answers (the class's, in a classroom session).
    package func caseWith(answers: [String: Answer]) -> Case {
        Case(reference: id, context: context, answers: answers.mapValues { CaseAnswer($0) })
    }

    /// Every citation in the scenario, once each, in the order they appear.
    package var allCitations: [Citation] {
        var seen = Set<Citation>()
        var result: [Citation] = []
        for stage in stages {
            for citation in stage.citations + stage.questions.flatMap(\.citations) where seen.insert(citation).inserted {
                result.append(citation)
            }
        }
        return result
    }

    /// Every citation with the JSON path where the file gives it, in file order (repeats included).
    package var locatedCitations: [(path: JSONPath, citation: Citation)] {
        var result: [(path: JSONPath, citation: Citation)] = []
        for (stageIndex, stage) in stages.enumerated() {
            let stagePath = JSONPath.root.appending("stages").appending(index: stageIndex)
            for (index, citation) in stage.citations.enumerated() {
                result.append((stagePath.appending("citations").appending(index: index), citation))
            }
            for (questionIndex, question) in stage.questions.enumerated() {
                let questionPath = stagePath.appending("questions").appending(index: questionIndex)
                for (index, citation) in question.citations.enumerated() {
                    result.append((questionPath.appending("citations").appending(index: index), citation))
                }
            }
        }
        return result
    }
}
