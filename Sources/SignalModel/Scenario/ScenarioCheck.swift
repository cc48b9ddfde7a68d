/// How one ordered list of route step ids differs from another: steps missing, extra, or out of order.
package struct RouteDifference: Sendable, Equatable {
    /// A step both routes have, at different relative positions (1-based positions in each route).
    package struct Moved: Sendable, Equatable {
        /// The step id.
        package var step: String
        /// 1-based position in the expected route.
        package var expectedPosition: Int
        /// 1-based position in the actual route.
        package var actualPosition: Int
    }

    /// The route that should be (the expected or the expert route).
    package var expected: [String]
    /// The route that is (the engine's or the class's route).
    package var actual: [String]

    /// Compares two routes.
    package init(expected: [String], actual: [String]) {
        self.expected = expected
        self.actual = actual
    }

    /// Whether the routes are identical, order included.
    package var isEmpty: Bool { expected == actual }

    /// Expected steps the actual route lacks, in expected order, with their expected position.
    package var missing: [(step: String, position: Int)] {
        expected.enumerated().filter { !actual.contains($0.element) }.map { ($0.element, $0.offset + 1) }
    }

    /// Actual steps that were not expected, in actual order, with their actual position.
    package var extra: [(step: String, position: Int)] {
        actual.enumerated().filter { !expected.contains($0.element) }.map { ($0.element, $0.offset + 1) }
    }

    /// Steps in both routes whose order differs: those outside the longest common subsequence of the
    /// shared steps, in expected order. Moving just these would make the orders agree.
    package var outOfOrder: [Moved] {
        let shared = Set(expected).intersection(actual)
        let left = expected.filter(shared.contains)
        let right = actual.filter(shared.contains)
        guard left != right else { return [] }
        // Longest common subsequence by dynamic programming; routes are short.
        var table = Array(repeating: Array(repeating: 0, count: right.count + 1), count: left.count + 1)
        for i in stride(from: left.count - 1, through: 0, by: -1) {
            for j in stride(from: right.count - 1, through: 0, by: -1) {
                table[i][j] = left[i] == right[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var inOrder = Set<String>()
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if left[i] == right[j] {
                inOrder.insert(left[i])
                i += 1
                j += 1
            } else if table[i + 1][j] >= table[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return left.filter { !inOrder.contains($0) }.compactMap { step in
            guard let expectedIndex = expected.firstIndex(of: step), let actualIndex = actual.firstIndex(of: step) else {
                return nil
            }
            return Moved(step: step, expectedPosition: expectedIndex + 1, actualPosition: actualIndex + 1)
        }
    }
}

/// A citation of a scenario that is wrong: where the file gives it and what is wrong with it.
package struct CitationProblem: Sendable, Equatable {
    /// The JSON path of the citation in the scenario file.
    package var path: JSONPath
    /// The citation as the file gives it.
    package var citation: Citation
    /// What is wrong (`verdict.isProblem` is true).
    package var verdict: CitationVerdict
}

/// An expert answer that does not rest on what the class was told: where the file gives it and what
/// is wrong.
package struct EvidenceProblem: Sendable, Equatable {
    /// What is wrong with the answer's evidence or reason.
    package enum Kind: Sendable, Equatable {
        /// A yes or no names no sentence of the story.
        case missing(Answer)
        /// The quote (in `language`) is not in the story told up to and including this stage;
        /// `laterStage` is the 1-based stage that does tell it, if any.
        case notTold(quote: String, language: Language, laterStage: Int?)
        /// The quote has fewer than `ScenarioCheck.minimumEvidenceWords` words: too short to name a sentence.
        case tooShort(quote: String, language: Language)
        /// An unknown whose reason opens by stating a fact instead of what is not known (heuristic,
        /// `ScenarioCheck.unknownReasonStatesFact`); `clause` is the opening clause.
        case unknownStatesFact(clause: String, language: Language)
    }

    /// The JSON path of the question, or of the quote, in the scenario file.
    package var path: JSONPath
    /// The question's indicator id.
    package var indicator: String
    /// What is wrong.
    package var kind: Kind
}

/// The outcome of checking one scenario: what was expected, what the engine concluded, and what the
/// seed texts say of its citations.
package struct ScenarioCheckResult: Sendable, Equatable {
    /// The scenario that was checked.
    package var scenario: Scenario
    /// The engine's assessment of all expert answers.
    package var assessment: Assessment
    /// Citations whose source, lines or quote are wrong, in file order.
    package var citationProblems: [CitationProblem] = []
    /// Expert answers that do not rest on the story told so far, in file order.
    package var evidenceProblems: [EvidenceProblem] = []
    /// Seed citations whose quote was found at the lines named.
    package var quotesVerified = 0
    /// Seed citations whose quote could not be verified because the seed's text was not given.
    package var quotesNotVerified = 0
    /// `public` citations: general knowledge, not in the seed texts, so not checked (and said so).
    package var quotesPublic = 0
    /// The engine's level.
    package var level: Level { assessment.level }
    /// The engine's route step ids.
    package var route: [String] { assessment.route.map(\.id) }
    /// Expected route against the engine's route.
    package var routeDifference: RouteDifference { RouteDifference(expected: scenario.expected.route, actual: route) }
    /// The engine's "check next" list (indicator ids, in order).
    package var checkNext: [String] { assessment.openQuestions.map(\.indicator.id) }
    /// Whether the "check next" list is the expected one (always, when the scenario does not pin it).
    package var checkNextAgrees: Bool { scenario.expected.checkNext.map { $0 == checkNext } ?? true }
    /// Whether level, route and (when given) "check next" equal the expectation exactly, no
    /// citation is wrong and every expert answer rests on the story told so far.
    package var passed: Bool {
        level == scenario.expected.level && routeDifference.isEmpty && checkNextAgrees && citationProblems.isEmpty
            && evidenceProblems.isEmpty
    }
}

/// Checks scenarios: the engine's result for all expert answers must equal `expected` exactly, and
/// every citation must name existing lines of a seed whose text, when given, contains the quote.
package enum ScenarioCheck {
    /// Runs the engine on the scenario's case and checks its citations against `seeds` (line ranges
    /// only when a seed's text is missing). No clock is read: office hours follow the context's
    /// `assessedAt` and are unknown without it.
    package static func run(_ scenario: Scenario, engine: Engine, seeds: SeedTexts = .none) -> ScenarioCheckResult {
        var result = ScenarioCheckResult(scenario: scenario, assessment: engine.assessment(of: scenario.case, at: nil))
        for (path, citation) in scenario.locatedCitations {
            var verdict = seeds.verify(citation)
            // A seed citation's quote must say something: "de" stands at almost any line.
            if verdict != .publicKnowledge && verdict != .unknownSource && !citation.quoteIsLongEnough { verdict = .quoteTooShort }
            switch verdict {
            case .verified: result.quotesVerified += 1
            case .notVerified: result.quotesNotVerified += 1
            case .publicKnowledge: result.quotesPublic += 1
            case .outOfRange, .quoteNotFound, .unknownSource, .quoteTooShort:
                result.citationProblems.append(CitationProblem(path: path, citation: citation, verdict: verdict))
            }
        }
        result.evidenceProblems = evidenceProblems(scenario)
        return result
    }

    /// The fewest words an evidence quote may have: enough to name a sentence, not a lone word that
    /// occurs anywhere.
    package static let minimumEvidenceWords = 3

    /// Checks that every expert answer rests on what the class was told by then: a yes or no names
    /// at least one quote, and each quote (Dutch and English, whitespace folded, case kept) stands
    /// in the narrative of its own stage or an earlier one; an unknown's reason must open with what
    /// is not known (`unknownReasonStatesFact`).
    package static func evidenceProblems(_ scenario: Scenario) -> [EvidenceProblem] {
        var problems: [EvidenceProblem] = []
        let narratives = scenario.stages.map { stage in
            (nl: SeedTexts.folded(stage.narrative.nl), en: SeedTexts.folded(stage.narrative.en))
        }
        for (stageIndex, stage) in scenario.stages.enumerated() {
            let stagePath = JSONPath.root.appending("stages").appending(index: stageIndex)
            for (questionIndex, question) in stage.questions.enumerated() {
                let questionPath = stagePath.appending("questions").appending(index: questionIndex)
                if question.expert != .unknown && question.evidence.isEmpty {
                    problems.append(
                        EvidenceProblem(path: questionPath, indicator: question.indicator, kind: .missing(question.expert)))
                }
                for (index, quote) in question.evidence.enumerated() {
                    for language in Language.allCases {
                        let path = questionPath.appending("evidence").appending(index: index).appending(language.rawValue)
                        let folded = SeedTexts.folded(quote[language])
                        func told(_ stage: Int) -> Bool {
                            (language == .nl ? narratives[stage].nl : narratives[stage].en).contains(folded)
                        }
                        if folded.split(separator: " ").count < minimumEvidenceWords {
                            problems.append(
                                EvidenceProblem(
                                    path: path, indicator: question.indicator,
                                    kind: .tooShort(quote: quote[language], language: language)))
                        } else if !(0...stageIndex).contains(where: told) {
                            let later = (stageIndex + 1..<narratives.count).first(where: told).map { $0 + 1 }
                            problems.append(
                                EvidenceProblem(
                                    path: path, indicator: question.indicator,
                                    kind: .notTold(quote: quote[language], language: language, laterStage: later)))
                        }
                    }
                }
                if question.expert == .unknown {
                    for language in Language.allCases {
                        if let clause = unknownReasonStatesFact(question.reason[language], language: language) {
                            problems.append(
                                EvidenceProblem(
                                    path: questionPath.appending("reason").appending(language.rawValue),
                                    indicator: question.indicator, kind: .unknownStatesFact(clause: clause, language: language)))
                        }
                    }
                }
            }
        }
        return problems
    }

    /// Words that say something is not known (lower case). An unknown's reason must open with one.
    static let openMarkers: [Language: [String]] = [
        .nl: [
            "onbekend", "niet bekend", "nog niet", "weet niet", "weten niet", "weet je niet", "weten we niet",
            "weet niemand", "weet nog niemand", "niet nagegaan", "vertelt het verhaal niet", "vertelt niet",
            "vertelt het niet", "zegt het verhaal niet", "zegt het niet", "zegt niet", "zegt hij niet", "zegt ze niet", "zeggen niet", "zegt niets",
            "zeggen niets", "zeggen ze niet", "blijkt niet", "blijkt nergens", "nergens uit", "onduidelijk",
            "niet duidelijk", "staat niet vast", "niet vast", "niemand gezien", "niet gezien", "niet gehoord",
        ],
        .en: [
            "unknown", "not known", "not yet", "don't know", "do not know", "does not know", "doesn't know",
            "nobody knows", "no one knows", "not checked", "does not say", "doesn't say", "do not say", "says nothing",
            "say nothing", "does not tell", "do not tell", "not clear", "unclear", "not established", "nobody saw", "not seen", "whether",
        ],
    ]

    /// The heuristic for an unknown whose reason states the fact as known: the reason, after its
    /// leading label ("Onbekend." / "Unknown."), must open with what is not known. Its opening clause
    /// (up to the first `.`, `?`, `!`, `;`, `:` or ", maar" / ", but") must contain one of
    /// `openMarkers` ("weten we niet", "vertelt het verhaal niet", "whether", …). Returns the opening
    /// clause when it does not, so "Onbekend. Haar papieren kloppen niet, maar …" is flagged and
    /// "Onbekend. Of ze bekend is, is nog niet nagegaan." is not. A heuristic: it cannot read
    /// meaning, but it makes the writer put the open question first.
    package static func unknownReasonStatesFact(_ reason: String, language: Language) -> String? {
        var text = SeedTexts.folded(reason)
        let label = language == .nl ? "onbekend" : "unknown"
        if text.lowercased().hasPrefix(label) {
            let rest = text.dropFirst(label.count)
            if let first = rest.first, ".:;,!".contains(first) {
                text = String(rest.dropFirst().drop(while: { $0 == " " }))
            }
        }
        var clause = text
        let separators = [". ", "? ", "! ", "; ", ": ", language == .nl ? ", maar " : ", but "]
        for separator in separators {
            if let range = clause.firstRange(of: separator) { clause = String(clause[..<range.lowerBound]) }
        }
        if clause.hasSuffix(".") || clause.hasSuffix("?") || clause.hasSuffix("!") { clause.removeLast() }
        let lowered = clause.lowercased()
        if lowered.contains("?") { return nil }
        return (openMarkers[language] ?? []).contains(where: lowered.contains) ? nil : clause
    }

    /// The outcome for one scenario file.
    package enum FileOutcome: Sendable, Equatable {
        /// The file decoded; the result says whether the expectation holds.
        case checked(ScenarioCheckResult)
        /// The file is not a valid scenario (syntax, schema, unknown ids, missing citations, an id
        /// already used by an earlier file).
        case invalid(SignalError)

        /// Whether the file passed.
        package var passed: Bool {
            if case .checked(let result) = self { return result.passed }
            return false
        }
    }

    /// Decodes and checks scenario files (name as the user gave it, contents) against the seed texts
    /// given. Each file gets its own outcome; an id that an earlier file already uses makes the later
    /// file invalid.
    package static func check(
        files: [(name: String, bytes: [UInt8])], knowledge: Knowledge, seeds: SeedTexts = .none
    ) -> [FileOutcome] {
        let engine = Engine(knowledge: knowledge)
        var seen: [String: String] = [:]
        return files.map { file in
            let scenario: Scenario
            do throws(SignalError) {
                scenario = try Scenario.decode(file.bytes, knowledge: knowledge)
            } catch {
                return .invalid(error.inFile(file.name))
            }
            if let other = seen.updateValue(file.name, forKey: scenario.id) {
                return .invalid(
                    SignalError(
                        .inconsistentCatalog("scenario id \(scenario.id) is also used by \(other)"),
                        at: InputLocation(file: file.name, path: JSONPath.root.appending("id"))))
            }
            return .checked(run(scenario, engine: engine, seeds: seeds))
        }
    }
}
