/// A score and the level it gives, at one moment of a session.
package struct ScoreLevel: Sendable, Equatable {
    /// Sum of the weights of scored yes answers.
    package var score: Int
    /// The level that score and the answers give.
    package var level: Level

    /// Makes a score and level.
    package init(score: Int, level: Level) {
        self.score = score
        self.level = level
    }
}

/// One question after the reveal: what the class said, what the expert said and why.
package struct RevealedAnswer: Sendable, Equatable {
    /// The question with the expert's answer, reason and sources.
    package var question: ScenarioQuestion
    /// The catalogue indicator the question asks about.
    package var indicator: Indicator
    /// The class's answer; nil when the class did not answer (the session ended early).
    package var classAnswer: Answer?
    /// Whether the class gave the expert's answer.
    package var agrees: Bool { classAnswer == question.expert }
}

/// What a stage's reveal shows: the expert's answers with reasons and how the score moved.
package struct StageReveal: Sendable, Equatable {
    /// 0-based stage index.
    package var stage: Int
    /// Each question of the stage, in order.
    package var answers: [RevealedAnswer]
    /// The expert's score and level before and after this stage's answers.
    package var expertBefore: ScoreLevel
    package var expertAfter: ScoreLevel
    /// The class's score and level before and after this stage's answers.
    package var classBefore: ScoreLevel
    package var classAfter: ScoreLevel
    /// The expert's scored yes answers in this stage: what moved the score, in question order.
    package var contributions: [Indicator]
    /// Whether this is the last stage: only then has the class answered everything, so only then may
    /// a rendering name levels (earlier reveals would give the outcome away).
    package var isLast: Bool
}

/// Where the class and the expert differ on one question, and in which direction.
package struct ClassMiss: Sendable, Equatable {
    /// The direction of a difference.
    package enum Kind: String, Sendable, CaseIterable, Equatable {
        /// Expert yes, class no or unknown: a signal the class did not see.
        case missedSignal = "missed_signal"
        /// Expert no or unknown, class yes: the class saw something the story does not show.
        case unfoundedYes = "unfounded_yes"
        /// Expert unknown, class no: the class ruled out what is still open (unknown is never no).
        case ruledOutTooSoon = "ruled_out_too_soon"
        /// Expert no, class unknown: the story does rule it out.
        case leftOpen = "left_open"
    }

    /// The direction of the difference.
    package var kind: Kind
    /// The question, the class's and the expert's answers.
    package var answer: RevealedAnswer

    /// The kind of difference between a class answer and the expert's, or nil when they agree.
    package static func kind(expert: Answer, classAnswer: Answer) -> Kind? {
        switch (expert, classAnswer) {
        case (.yes, .yes), (.no, .no), (.unknown, .unknown): nil
        case (.yes, _): .missedSignal
        case (_, .yes): .unfoundedYes
        case (.unknown, .no): .ruledOutTooSoon
        case (.no, .unknown): .leftOpen
        }
    }
}

/// The end of a session: the class's outcome against the expert's, the misses and what to learn.
package struct SessionSummary: Sendable, Equatable {
    /// The scenario played: its title, summary (what really happened) and context are revealed now.
    package var scenario: Scenario
    /// The engine's assessment of the expert's answers.
    package var expert: Assessment
    /// The engine's assessment of the class's answers.
    package var classAssessment: Assessment
    /// The expert route (expected) against the class route (actual).
    package var route: RouteDifference
    /// Questions answered differently, in the order asked.
    package var misses: [ClassMiss]
    /// How many questions the class answered as the expert did, out of `total`.
    package var agreed: Int
    /// The number of questions in the scenario.
    package var total: Int
    /// The scenario's teaching points.
    package var teachingPoints: [LocalizedText]

    /// Signals the expert sees and the class did not (expert yes, class no or unknown), across all
    /// stages in the order asked: the first teaching points to discuss.
    package var missedSignals: [ClassMiss] { misses.filter { $0.kind == .missedSignal } }
    /// What the class scored that the story does not show (class yes, expert no or unknown).
    package var overScored: [ClassMiss] { misses.filter { $0.kind == .unfoundedYes } }
    /// The other differences: ruled out too soon (unknown is never no) or left open.
    package var otherDifferences: [ClassMiss] { misses.filter { $0.kind != .missedSignal && $0.kind != .unfoundedYes } }
}

/// A classroom session through one scenario, as a pure state machine: the narrative of a stage, its
/// questions one by one, the reveal, then the next stage; a summary at the end.
///
/// The executable renders each phase and reads the class's answers; it never decides what comes next.
package struct ScenarioSession: Sendable, Equatable {
    /// Where the session is.
    package enum Phase: Sendable, Equatable {
        /// The stage's story is shown; `proceed()` moves to its first question.
        case narrative(stage: Int)
        /// The class answers this question; `answer(_:)` moves on.
        case question(stage: Int, question: Int)
        /// The expert's answers of the stage are shown; `proceed()` moves to the next stage.
        case reveal(stage: Int)
        /// All stages are done; the summary is shown.
        case finished
    }

    /// The scenario being played.
    package let scenario: Scenario
    package private(set) var phase: Phase
    /// The class's answers so far, by indicator id.
    package private(set) var classAnswers: [String: Answer] = [:]

    /// Starts at the first stage's narrative.
    package init(scenario: Scenario) {
        self.scenario = scenario
        self.phase = scenario.stages.isEmpty ? .finished : .narrative(stage: 0)
    }

    /// The question the class is answering now, if any.
    package var currentQuestion: ScenarioQuestion? {
        guard case .question(let stage, let question) = phase else { return nil }
        return scenario.stages[stage].questions[question]
    }

    /// Moves on from a narrative (to its first question, or straight to the reveal when the stage asks
    /// nothing) or from a reveal (to the next narrative, or to the end). Does nothing while a question
    /// waits for an answer or when finished; returns whether the phase changed.
    @discardableResult
    package mutating func proceed() -> Bool {
        switch phase {
        case .narrative(let stage):
            phase = scenario.stages[stage].questions.isEmpty ? .reveal(stage: stage) : .question(stage: stage, question: 0)
            return true
        case .reveal(let stage):
            phase = stage + 1 < scenario.stages.count ? .narrative(stage: stage + 1) : .finished
            return true
        case .question, .finished:
            return false
        }
    }

    /// Records the class's answer to the current question and moves to the next question or to the
    /// reveal. Does nothing outside a question; returns whether the answer was taken.
    @discardableResult
    package mutating func answer(_ answer: Answer) -> Bool {
        guard case .question(let stage, let index) = phase else { return false }
        let questions = scenario.stages[stage].questions
        classAnswers[questions[index].indicator] = answer
        phase = index + 1 < questions.count ? .question(stage: stage, question: index + 1) : .reveal(stage: stage)
        return true
    }

    /// Takes back the class's last answer of the current stage, so it can be given again: from a
    /// question to the one before it, or from the reveal (before the executable shows it) to the stage's
    /// last question. Answers of stages already revealed cannot be taken back (the class has seen the
    /// expert's). Returns whether there was an answer to take back.
    @discardableResult
    package mutating func back() -> Bool {
        let stage: Int
        let previous: Int
        switch phase {
        case .question(let current, let index) where index > 0:
            stage = current
            previous = index - 1
        case .reveal(let current) where !scenario.stages[current].questions.isEmpty:
            stage = current
            previous = scenario.stages[current].questions.count - 1
        default:
            return false
        }
        classAnswers[scenario.stages[stage].questions[previous].indicator] = nil
        phase = .question(stage: stage, question: previous)
        return true
    }

    /// Answers of the expert (or the class) given in stages before `stage`.
    private func answers(through stage: Int, expert: Bool) -> [String: Answer] {
        var result: [String: Answer] = [:]
        for index in 0..<min(stage, scenario.stages.count) {
            for question in scenario.stages[index].questions {
                result[question.indicator] = expert ? question.expert : classAnswers[question.indicator]
            }
        }
        return result
    }

    /// What the reveal of `stage` shows. Scores are cumulative over the stages so far.
    package func reveal(stage: Int, engine: Engine) -> StageReveal {
        let catalog = engine.knowledge.catalog
        func scored(_ answers: [String: Answer]) -> ScoreLevel {
            let result = engine.assessment(of: Case(context: scenario.context, answers: answers.mapValues { CaseAnswer($0) }))
            return ScoreLevel(score: result.score, level: result.level)
        }
        let questions = scenario.stages.indices.contains(stage) ? scenario.stages[stage].questions : []
        var revealed: [RevealedAnswer] = []
        var contributions: [Indicator] = []
        for question in questions {
            guard let indicator = catalog.indicator(question.indicator) else { continue }
            revealed.append(RevealedAnswer(question: question, indicator: indicator, classAnswer: classAnswers[question.indicator]))
            if question.expert == .yes && indicator.isScored { contributions.append(indicator) }
        }
        return StageReveal(
            stage: stage, answers: revealed,
            expertBefore: scored(answers(through: stage, expert: true)),
            expertAfter: scored(answers(through: stage + 1, expert: true)),
            classBefore: scored(answers(through: stage, expert: false)),
            classAfter: scored(answers(through: stage + 1, expert: false)),
            contributions: contributions, isLast: stage + 1 >= scenario.stages.count)
    }

    /// The comparison at the end. Questions the class did not answer count as unknown. No clock is
    /// read: office hours follow the context's `assessedAt`.
    package func summary(engine: Engine) -> SessionSummary {
        let catalog = engine.knowledge.catalog
        var classGiven: [String: Answer] = [:]
        var misses: [ClassMiss] = []
        var agreed = 0
        for question in scenario.questions {
            let given = classAnswers[question.indicator] ?? .unknown
            classGiven[question.indicator] = given
            guard let kind = ClassMiss.kind(expert: question.expert, classAnswer: given) else {
                agreed += 1
                continue
            }
            guard let indicator = catalog.indicator(question.indicator) else { continue }
            misses.append(
                ClassMiss(
                    kind: kind,
                    answer: RevealedAnswer(question: question, indicator: indicator, classAnswer: classAnswers[question.indicator])))
        }
        let expert = engine.assessment(of: scenario.case, at: nil)
        let classAssessment = engine.assessment(of: scenario.caseWith(answers: classGiven), at: nil)
        return SessionSummary(
            scenario: scenario, expert: expert, classAssessment: classAssessment,
            route: RouteDifference(expected: expert.route.map(\.id), actual: classAssessment.route.map(\.id)),
            misses: misses, agreed: agreed, total: scenario.questions.count, teachingPoints: scenario.teachingPoints)
    }
}

/// Reading a class's typed line: the same words as the interview (`InterviewReply`) — `j`/`ja`,
/// `y`/`yes`, `n`/`nee`/`no`, `?`/`o`/`onbekend`/`weet ik niet`, `u`/`unknown`, `b`/`terug`/`back`,
/// `h`/`uitleg`/`help` — in either language, any case, surrounding spaces ignored.
package enum ClassAnswerInput: Sendable, Equatable {
    /// An answer to the question.
    case answer(Answer)
    /// Take back the previous answer of this stage.
    case back
    /// Explain the question (the indicator's explanation, example and source).
    case help

    /// The answer a typed line means, or nil when it means none.
    package static func parse(_ line: String) -> Answer? {
        InterviewReply.triState(line)
    }

    /// What a typed line asks for, or nil when it is not understood.
    package static func reply(_ line: String) -> ClassAnswerInput? {
        let word = line.trimmingWhitespace().lowercased()
        if InterviewReply.backWords.contains(word) { return .back }
        if InterviewReply.helpWords.contains(word) { return .help }
        return parse(line).map { .answer($0) }
    }
}
