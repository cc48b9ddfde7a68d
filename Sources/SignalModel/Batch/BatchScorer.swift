/// Why one line of a batch gave no assessment.
package enum BatchLineProblem: Sendable, Equatable {
    /// The line is not a valid case (its own JSON document, so positions are within the line).
    case input(SignalError)
    /// The line is empty or white space only.
    case blank
    /// The line is longer than the limit and was skipped unread.
    case tooLong(limit: Int)
}

/// A line of a batch that failed, with its 1-based line number in the input.
package struct BatchLineError: Sendable, Equatable {
    package var line: Int
    package var problem: BatchLineProblem

    package init(line: Int, problem: BatchLineProblem) {
        self.line = line
        self.problem = problem
    }

    /// The stable machine name of the problem (the error record's `kind`).
    package var kind: String {
        switch problem {
        case .input(let error): error.kind.code
        case .blank: "blank_line"
        case .tooLong: "line_too_long"
        }
    }

    /// The JSON path of the offending value; nil for syntax errors and whole-line problems.
    package var path: JSONPath? {
        guard case .input(let error) = problem else { return nil }
        return error.location.path
    }

    /// The 1-based byte column within the line, when known.
    package var column: Int? {
        switch problem {
        case .input(let error): error.location.position?.column
        case .blank: 1
        case .tooLong(let limit): limit + 1
        }
    }

    /// What is wrong, without the location (that is in `line`, `column` and `path`).
    package func message(_ texts: Texts, _ language: Language) -> String {
        switch problem {
        case .input(let error):
            var bare = error
            bare.location = InputLocation()
            return bare.message(texts, language)
        case .blank:
            return texts.text("batch.error.blank_line", language)
        case .tooLong(let limit):
            return texts.text("batch.error.line_too_long", language, ["limit": String(limit)])
        }
    }

    /// The message for people, located like every other input error: `file:line:column: $.path: …`.
    package func locatedMessage(file: String, _ texts: Texts, _ language: Language) -> String {
        guard let column else { return "\(file):\(line): " + message(texts, language) }
        let position = SourcePosition(line: line, column: column)
        if case .input(var error) = problem {
            error.location.file = file
            error.location.position = position
            return error.message(texts, language)
        }
        return "\(file):\(line):\(column): " + message(texts, language)
    }

    /// The error record written in place of the result (the same for full and compact records):
    /// `{"outputVersion":N,"line":N,"error":{"kind":…,"path":…|null,"column":…|null,"message":…}}`.
    package func record(_ texts: Texts, _ language: Language) -> JSONOutput {
        .object([
            ("outputVersion", .int(RecordForm.outputVersion)),
            ("line", .int(line)),
            (
                "error",
                .object([
                    ("kind", .string(kind)),
                    ("path", .optional(path?.description)),
                    ("column", column.map { .int($0) } ?? .null),
                    ("message", .string(message(texts, language))),
                ])
            ),
        ])
    }
}

extension SignalErrorKind {
    /// A stable snake_case name for machines (batch error records); syntax problems as `syntax.<problem>`.
    package var code: String {
        switch self {
        case .syntax(let problem): "syntax." + problem.code
        case .wrongType: "wrong_type"
        case .missingKey, .missingKeys: "missing_key"
        case .unknownKey: "unknown_key"
        case .profileAttribute: "profile_attribute"
        case .invalidValue: "invalid_value"
        case .outOfRange: "out_of_range"
        case .unknownIndicator: "unknown_indicator"
        case .unsupportedVersion, .unsupportedVersions: "unsupported_version"
        case .invalidTimestamp: "invalid_timestamp"
        case .badLength: "bad_length"
        case .blankText: "blank_text"
        case .invalidAge: "invalid_age"
        case .unknownRegion: "unknown_region"
        case .personalIdentifier: "personal_identifier"
        case .invisibleCharacter: "invisible_character"
        case .needsVersion: "needs_version"
        case .answerDiffersFromHistory: "answer_differs_from_history"
        case .unknownStep: "unknown_step"
        case .repeatedStep: "repeated_step"
        case .inconsistentCatalog: "inconsistent_catalog"
        }
    }
}

extension JSONSyntaxProblem {
    /// A stable snake_case name for machines.
    package var code: String {
        switch self {
        case .emptyInput: "empty_input"
        case .unexpectedEnd: "unexpected_end"
        case .unexpectedCharacter: "unexpected_character"
        case .invalidEscape: "invalid_escape"
        case .invalidUnicodeEscape: "invalid_unicode_escape"
        case .controlCharacterInString: "control_character"
        case .invalidUTF8: "invalid_utf8"
        case .invalidNumber: "invalid_number"
        case .tooDeep: "too_deep"
        case .duplicateKey: "duplicate_key"
        case .trailingContent: "trailing_content"
        case .trailingComma: "trailing_comma"
        }
    }
}

/// Counts over a batch run, for the summary.
package struct BatchTally: Sendable, Equatable {
    /// Lines read (blank and failed ones included).
    package var lines = 0
    /// Lines that gave an assessment.
    package var scored = 0
    /// Lines that gave an error record.
    package var failed = 0
    /// Assessments by computed level.
    package var levels: [Level: Int] = [:]
    /// Assessments that carry a professional's override.
    package var overridden = 0
    /// The first failed line numbers (at most `BatchTally.rememberedFailures`), for the summary.
    package var firstFailures: [Int] = []

    package static let rememberedFailures = 10

    package init() {}

    /// Adds the counts of the lines that came after these (parallel batch runs count each slice of
    /// lines apart and add the slices in input order, so the first failed lines stay in order).
    package mutating func add(_ later: BatchTally) {
        lines += later.lines
        scored += later.scored
        failed += later.failed
        for (level, count) in later.levels { levels[level, default: 0] += count }
        overridden += later.overridden
        for line in later.firstFailures where firstFailures.count < Self.rememberedFailures { firstFailures.append(line) }
    }
}

/// Scores a batch line by line: each line is one case (format version 1) and gives one output
/// record, an assessment or an error record. Pure: the caller reads the input and writes the output.
package struct BatchScorer: Sendable {
    /// Longest line accepted, in bytes (1 MiB): far above any valid case, low enough to bound memory.
    package static let maximumLineLength = 1 << 20

    package let knowledge: Knowledge
    package let language: Language
    /// The moment for office hours when a case has no `assessedAt`.
    package let time: Timestamp?
    /// A region that replaces each case's own, when given.
    package let region: String?
    /// The counts so far.
    package var tally: BatchTally {
        var tally = counted
        for level in Level.allCases where fastLevels[level.rank] > 0 { tally.levels[level, default: 0] += fastLevels[level.rank] }
        return tally
    }
    private var counted = BatchTally()
    /// Levels of the lines the streaming decoder took, by rank (added to `tally.levels` when read:
    /// no dictionary update per line).
    private var fastLevels = [Int](repeating: 0, count: Level.count)
    private let engine: Engine
    private let renderer: AssessmentRenderer
    private var writer: AssessmentWriter
    private let fast: FastCaseDecoder
    /// The engine's result for the current line, reused for every line.
    private var evaluation = Evaluation()
    /// The decoder's answers storage and recent texts, used again for every line.
    private var scratch = FastCaseDecoder.Scratch()
    /// "Check next" rows by offence, role and age band (`checkNextRow`).
    private var checkNextRows: [CheckNextTable.Row?] = []

    /// Full or compact records (`RecordForm`); error records are the same in both.
    package let records: RecordForm

    package init(knowledge: Knowledge, language: Language, time: Timestamp?, region: String? = nil, records: RecordForm = .full) {
        self.knowledge = knowledge
        self.language = language
        self.time = time
        self.region = region
        self.records = records
        self.engine = Engine(knowledge: knowledge)
        self.renderer = AssessmentRenderer(knowledge: knowledge, language: language)
        self.writer = AssessmentWriter(renderer: renderer, form: records)
        self.fast = FastCaseDecoder(knowledge: knowledge)
    }

    /// The outcome of one line.
    package enum Outcome: Sendable, Equatable {
        case scored(Assessment)
        case failed(BatchLineError)
    }

    /// The counts so far, which start again from zero (see `BatchTally.add`).
    package mutating func takeTally() -> BatchTally {
        defer {
            counted = BatchTally()
            for rank in fastLevels.indices { fastLevels[rank] = 0 }
        }
        return tally
    }

    /// Scores one line and counts it.
    package mutating func score(_ event: LineSplitter.Event) -> Outcome {
        counted.lines += 1
        let outcome = Self.outcome(event, engine: engine, fast: fast, time: time, region: region)
        switch outcome {
        case .scored(let assessment):
            counted.scored += 1
            counted.levels[assessment.level, default: 0] += 1
            if assessment.override != nil { counted.overridden += 1 }
        case .failed(let error):
            counted.failed += 1
            if counted.firstFailures.count < BatchTally.rememberedFailures { counted.firstFailures.append(error.line) }
        }
        return outcome
    }

    /// One output line (compact JSON, no newline): `AssessmentRenderer.json(_:pretty: false)`, or
    /// the error record.
    package func record(_ outcome: Outcome) -> String {
        switch outcome {
        case .scored(let assessment): renderer.json(assessment, pretty: false, records: records)
        case .failed(let error): error.record(knowledge.texts, language).serialized(pretty: false)
        }
    }

    /// Scores one line, counts it and appends its record (no newline) to `output`: the bytes of
    /// `write(score(event), into:)`. A line the streaming decoder accepts (see `FastCaseDecoder`)
    /// goes straight to the same engine and writer without building a `Case` or an `Assessment`.
    /// Returns the line's error, if it failed.
    package mutating func scoreAndWrite(_ event: LineSplitter.Event, into output: inout [UInt8]) -> BatchLineError? {
        if case .line(_, let bytes) = event, bytes.withUnsafeBufferPointer({ scoreAndWriteFast($0, into: &output) }) {
            return nil
        }
        return scoreAndWriteSlow(event, into: &output)
    }

    /// `scoreAndWrite(_:into:)` of a line where it lies in the input (no copy of its bytes unless it
    /// fails or the streaming decoder leaves it to the strict one).
    package mutating func scoreAndWrite(_ line: LineSplitter.Line, into output: inout [UInt8]) -> BatchLineError? {
        if let bytes = line.bytes, scoreAndWriteFast(bytes, into: &output) { return nil }
        return scoreAndWriteSlow(line.event, into: &output)
    }

    /// The streaming path: decodes, scores, writes and counts the line; false (nothing written or
    /// counted) when the streaming decoder does not take it.
    private mutating func scoreAndWriteFast(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
        guard let parts = fast.decodeParts(bytes, scratch: &scratch) else { return false }
        var context = parts.context
        if let region { context.region = region }
        engine.evaluate(
            context: context, override: parts.override, answers: scratch.answers, checkNext: checkNextRow(parts),
            at: time, into: &evaluation)
        writer.write(
            reference: parts.reference, region: context.region, override: parts.override, evaluation, of: engine.compiled,
            into: &output)
        counted.lines += 1
        counted.scored += 1
        fastLevels[evaluation.level.rank] += 1
        if parts.override != nil { counted.overridden += 1 }
        return true
    }

    private mutating func scoreAndWriteSlow(_ event: LineSplitter.Event, into output: inout [UInt8]) -> BatchLineError? {
        let outcome = score(event)
        write(outcome, into: &output)
        if case .failed(let error) = outcome { return error }
        return nil
    }

    /// The case's "check next" row, kept by its offence (as the decoder found it), role and age band:
    /// the engine's table (`CheckNextTable.row`) is asked once per combination.
    private mutating func checkNextRow(_ parts: FastCaseDecoder.Parts) -> CheckNextTable.Row {
        let context = parts.context
        let slot = ((parts.offence + 1) * Role.count + context.role.ordinal) * AgeBand.count + context.ageBand.ordinal
        if slot >= checkNextRows.count {
            checkNextRows += Array(repeating: nil, count: slot + 1 - checkNextRows.count)
        }
        if let row = checkNextRows[slot] { return row }
        let row = engine.compiled.checkNext.row(offence: context.offence, role: context.role, ageBand: context.ageBand)
        checkNextRows[slot] = row
        return row
    }

    /// Appends the bytes of `record(_:)` to `output`.
    package mutating func write(_ outcome: Outcome, into output: inout [UInt8]) {
        switch outcome {
        case .scored(let assessment): writer.write(assessment, into: &output)
        case .failed(let error): error.record(knowledge.texts, language).write(into: &output, pretty: false)
        }
    }

    private static func outcome(
        _ event: LineSplitter.Event, engine: Engine, fast: FastCaseDecoder, time: Timestamp?, region: String?
    ) -> Outcome {
        switch event {
        case .tooLong(let number):
            return .failed(BatchLineError(line: number, problem: .tooLong(limit: maximumLineLength)))
        case .line(let number, let bytes):
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                return .failed(BatchLineError(line: number, problem: .blank))
            }
            do {
                // The streaming decoder takes the common case; anything it does not accept is decoded
                // again strictly, which gives the same case or the located error.
                var parsed: Case
                if let quick = fast.decode(bytes) { parsed = quick } else { parsed = try Case.decode(bytes, knowledge: engine.knowledge) }
                if let region { parsed.context.region = region }
                return .scored(engine.assessment(of: parsed, at: time))
            } catch {
                return .failed(BatchLineError(line: number, problem: .input(error)))
            }
        }
    }
}
