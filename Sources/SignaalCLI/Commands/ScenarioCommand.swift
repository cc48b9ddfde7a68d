import SignalModel

/// The options of `scenario`: those of every subcommand (each subcommand takes only its own).
struct ScenarioOptions: CommandOptions {
    static let answers = OptionSpec("answers", value: "FILE", help: "scenario.option.answers")
    static let assessment = OptionSpec("assessment", help: "scenario.option.assessment")
    static let sources = OptionSpec("sources", value: "DIR", help: "scenario.option.sources")
    static let output = OptionSpec("output", short: "o", value: "FILE", help: "scenario.option.output")
    static let format = OptionSpec.choice("format", of: HandoutFormat.self, help: "scenario.option.format")
    static let trainer = OptionSpec("trainer", help: "scenario.option.trainer")

    /// `handout --format`: Markdown or HTML.
    enum HandoutFormat: String, CaseIterable { case md, html }

    /// `run --answers FILE`: the class's answers.
    var answers: String?
    /// `play`/`run --assessment`: the whole assessment in the summary.
    var assessment: Bool
    /// `check --sources DIR`: the seed texts to check quotes against.
    var sources: String?
    /// `export`/`handout --output FILE`.
    var output: String?
    var format: HandoutFormat?
    /// `list --trainer`.
    var trainer: Bool

    init(_ read: inout OptionReader, knowledge: Knowledge) {
        answers = read.value(Self.answers)
        assessment = read.flag(Self.assessment)
        sources = read.value(Self.sources)
        output = read.value(Self.output)
        format = read.choice(Self.format, as: HandoutFormat.self)
        trainer = read.flag(Self.trainer)
    }
}

/// `signaal scenario list|show|play|run|check|export|handout`: training scenarios for the classroom.
///
/// The library decides everything (`Scenario`, `ScenarioSession`, `ScenarioCheck`) and renders the
/// text (`ScenarioRenderer`, `AssessmentRenderer`); this command only picks the subcommand, reads
/// files and the class's answers, and writes: data and transcripts on stdout, prompts on stderr.
enum ScenarioCommand {
    /// The subcommands, each with the options and arguments it accepts. `ID` completes to the
    /// bundled scenario ids (`Completions`).
    static let subcommands: [CommandSpec] = [
        CommandSpec(name: "list", options: [ScenarioOptions.trainer], helpPrefix: "help.scenario.list"),
        CommandSpec(name: "show", positionals: ["ID|FILE"], maximumPositionals: 1, helpPrefix: "help.scenario.show"),
        CommandSpec(
            name: "play", positionals: ["ID|FILE"], maximumPositionals: 1, options: [ScenarioOptions.assessment],
            helpPrefix: "help.scenario.play"),
        CommandSpec(
            name: "run", positionals: ["ID|FILE"], maximumPositionals: 1, options: [ScenarioOptions.answers, ScenarioOptions.assessment],
            helpPrefix: "help.scenario.run"),
        CommandSpec(
            name: "check", positionals: ["[FILE|DIR]"], maximumPositionals: 1, options: [ScenarioOptions.sources],
            helpPrefix: "help.scenario.check"),
        CommandSpec(
            name: "export", positionals: ["ID"], maximumPositionals: 1, options: [ScenarioOptions.output],
            helpPrefix: "help.scenario.export"),
        CommandSpec(
            name: "handout", positionals: ["ID|FILE"], maximumPositionals: 1, options: [ScenarioOptions.format, ScenarioOptions.output],
            helpPrefix: "help.scenario.handout"),
    ]

    static let spec = CommandSpec(
        name: "scenario", positionals: ["[ID|FILE|DIR]"], maximumPositionals: 2,
        options: [ScenarioOptions.answers, ScenarioOptions.assessment, ScenarioOptions.sources, ScenarioOptions.output, ScenarioOptions.format, ScenarioOptions.trainer],
        subcommands: subcommands)

    static func run(_ context: CommandContext, _ options: ScenarioOptions) throws(CommandFailure) -> ExitCode {
        let arguments = context.arguments
        let names = subcommands.map(\.name)
        guard let name = arguments.positionals.first else {
            throw .usage(.missingArgument("<" + names.joined(separator: "|") + ">", command: "scenario"))
        }
        guard let subcommand = subcommands.first(where: { $0.name == name }) else {
            throw .usage(.unknownCommand(name, suggestion: Suggest.closest(to: name, in: names)))
        }
        let command = "scenario " + name
        // The parser accepted the options of all subcommands; each takes only its own.
        let accepted = Set(subcommand.options.map(\.name))
        for option in arguments.givenOptions where !accepted.contains(option) {
            throw .usage(.unknownOption("--" + option, command: command, suggestion: nil))
        }
        let rest = Array(arguments.positionals.dropFirst())
        if rest.count > subcommand.maximumPositionals {
            throw .usage(.unexpectedArgument(rest[subcommand.maximumPositionals], command: command))
        }
        let target = rest.first
        if target == nil, let placeholder = subcommand.positionals.first, !placeholder.hasPrefix("[") {
            throw .usage(.missingArgument(placeholder, command: command))
        }
        let renderer = ScenarioRenderer(knowledge: context.knowledge, language: context.language)
        let engine = Engine(knowledge: context.knowledge)
        switch (name, target) {
        case ("show", let target?):
            context.console.out(renderer.show(try scenario(target, context: context), engine: engine))
            return .success
        case ("play", let target?):
            return try play(try scenario(target, context: context), full: options.assessment, context: context)
        case ("export", let target?):
            return try export(target, to: options.output, context: context)
        case ("handout", let target?):
            let handout = ScenarioHandout(knowledge: context.knowledge, language: context.language)
            let chosen = try scenario(target, context: context)
            let text = options.format == .html ? handout.html(chosen, engine: engine) : handout.markdown(chosen, engine: engine)
            return try write(text, to: options.output, context: context)
        case ("run", let target?):
            // Both inputs are read and checked before the transcript starts.
            let scenario = try scenario(target, context: context)
            guard let path = options.answers else {
                throw .usage(.missingArgument("--answers FILE", command: command))
            }
            let bytes = try read(path)
            let answers: [String: Answer]
            do {
                answers = try scenario.decodeClassAnswers(bytes)
            } catch {
                throw .input(error.inFile(InputReader.displayName(path)))
            }
            return try replay(scenario, full: options.assessment, context: context, pause: false) { question throws(CommandFailure) in
                .answer(answers[question.indicator] ?? .unknown)
            }
        case ("check", let target):
            return try check(target, sources: options.sources, context: context)
        default:
            context.console.out(renderer.list(try bundled(context), trainer: options.trainer))
            return .success
        }
    }

    // MARK: Finding scenarios

    /// The built-in scenarios; invalid built-in data is an internal error (the test suite prevents it).
    static func bundled(_ context: CommandContext) throws(CommandFailure) -> [Scenario] {
        do {
            return try Scenario.bundled(in: context.knowledge)
        } catch {
            let message = error.message(context.knowledge.texts, context.language)
            context.console.err("signaal: " + context.t("scenario.bundled_invalid", ["error": message]) + "\n")
            throw .reported(.software)
        }
    }

    /// A built-in scenario by id or by its number in `list` (so the projector need not show an id that
    /// names the outcome), or a scenario file when the argument is a path (`…/x.json`).
    static func scenario(_ argument: String, context: CommandContext) throws(CommandFailure) -> Scenario {
        if isPath(argument) {
            let bytes = try read(argument)
            do {
                return try Scenario.decode(bytes, knowledge: context.knowledge)
            } catch {
                throw .input(error.inFile(argument))
            }
        }
        let scenarios = try bundled(context)
        if let found = scenarios.first(where: { $0.id == argument }) { return found }
        if let number = Int(argument), scenarios.indices.contains(number - 1) {
            return scenarios[number - 1]
        }
        var message = "signaal: " + context.t("scenario.not_found", ["id": argument])
        if let suggestion = Suggest.closest(to: argument, in: scenarios.map(\.id)) {
            message += " " + context.t("error.did_you_mean", ["suggestion": suggestion])
        }
        context.console.err(message + "\n")
        throw .reported(.usage)
    }

    /// Whether an argument names a file (`…/x.json`, `x.json`) rather than a built-in id or number.
    static func isPath(_ argument: String) -> Bool {
        argument.hasSuffix(".json") || argument.contains("/")
    }

    private static func read(_ path: String, regularOnly: Bool = false) throws(CommandFailure) -> [UInt8] {
        do {
            return try InputReader.read(path, regularOnly: regularOnly)
        } catch {
            throw .file(error)
        }
    }

    // MARK: Sessions

    /// `play`: the class answers on stdin, one answer per line; prompts go to stderr. `b` takes back
    /// the previous answer of the stage, `h` explains the question. On a terminal the trainer presses
    /// Enter before each reveal (or `b` to change the stage's last answer), before each next stage and
    /// before the summary; piped input holds answers only. `full`: the whole assessment in the summary (`--assessment`).
    static func play(_ scenario: Scenario, full: Bool, context: CommandContext) throws(CommandFailure) -> ExitCode {
        let console = context.console
        return try replay(scenario, full: full, context: context, pause: console.stdinIsTerminal) { _ throws(CommandFailure) in
            while true {
                console.err(context.t("scenario.prompt"))
                guard let line = readLine(strippingNewline: true) else {
                    console.err("\n" + context.t("scenario.input_ended") + "\n")
                    throw .reported(.ioError)
                }
                if let reply = ClassAnswerInput.reply(line) { return reply }
                console.err(context.t("scenario.prompt_again") + "\n")
            }
        }
    }

    /// Drives a session to its end: renders each phase on stdout and asks `answer` for each question.
    /// `run` and `play` share it, so piped answers to `play` give the same transcript as `run`.
    static func replay(
        _ scenario: Scenario, full: Bool, context: CommandContext, pause: Bool,
        answer: (ScenarioQuestion) throws(CommandFailure) -> ClassAnswerInput
    ) throws(CommandFailure) -> ExitCode {
        let console = context.console
        let renderer = ScenarioRenderer(knowledge: context.knowledge, language: context.language)
        let engine = Engine(knowledge: context.knowledge)
        var session = ScenarioSession(scenario: scenario)
        /// Waits for Enter on a terminal; returns the line typed: empty or `b`. Other text is not
        /// swallowed: the trainee is told it was not used, and Enter is asked for again.
        func waitForEnter(_ key: String) throws(CommandFailure) -> String {
            console.err("\n" + context.t(key))
            while true {
                guard let line = readLine() else {
                    console.err("\n" + context.t("scenario.input_ended") + "\n")
                    throw .reported(.ioError)
                }
                let typed = line.trimmingBlanks()
                if typed.isEmpty || ClassAnswerInput.reply(line) == .back { return line }
                console.err(context.t("scenario.typed_not_used", ["text": UserText.line(typed)]) + "\n")
            }
        }
        console.out(renderer.classIntro(scenario) + renderer.instructions())
        var shown: ScenarioSession.Phase?
        while true {
            switch session.phase {
            case .narrative(let stage):
                console.out(renderer.narrative(scenario, stage: stage))
                session.proceed()
            case .question(let stage, let index):
                if shown != session.phase {
                    console.out(renderer.question(scenario, stage: stage, question: index))
                    shown = session.phase
                }
                guard let question = session.currentQuestion else { return .software }
                switch try answer(question) {
                case .answer(let given):
                    console.out(renderer.classAnswer(given))
                    session.answer(given)
                case .help:
                    console.err(renderer.explanation(question.indicator))
                case .back:
                    if session.back() {
                        console.out("    " + context.t("scenario.taken_back") + "\n")
                    } else {
                        console.err(context.t("scenario.nothing_to_take_back") + "\n")
                    }
                }
            case .reveal(let stage):
                let hasQuestions = !scenario.stages[stage].questions.isEmpty
                if pause && hasQuestions {
                    let line = try waitForEnter("scenario.before_reveal")
                    if ClassAnswerInput.reply(line) == .back {
                        session.back()
                        console.out("    " + context.t("scenario.taken_back") + "\n")
                        shown = nil
                        continue
                    }
                }
                console.out(renderer.reveal(session.reveal(stage: stage, engine: engine)))
                if pause {
                    let last = stage + 1 == scenario.stages.count
                    _ = try waitForEnter(last ? "scenario.next_summary" : "scenario.next_stage")
                }
                session.proceed()
            case .finished:
                console.out(renderer.summary(session.summary(engine: engine), fullAssessment: full))
                return .success
            }
        }
    }

    // MARK: export and handout

    /// `export ID`: the bundled scenario's JSON as a template for a trainer's own, written 0600 to
    /// `--output FILE` (default `ID.json` here; `-` for stdout), never over an existing file.
    static func export(_ id: String, to output: String?, context: CommandContext) throws(CommandFailure) -> ExitCode {
        let scenario = try scenario(id, context: context)
        let text: String
        if isPath(id) {
            // A trainer's file is exported as it is, even when its id is a built-in one (issue 22 N11):
            // `scenario(_:)` has just read and checked it.
            text = String(decoding: try read(id), as: UTF8.self)
        } else if let bundledText = context.knowledge.files.first(where: { name, text in
            name.hasPrefix("scenarios/") && (try? Scenario.decode(Array(text.utf8), knowledge: context.knowledge).id) == scenario.id
        })?.value {
            text = bundledText
        } else {
            throw .usage(.invalidValue(option: "ID", value: id, allowed: try bundled(context).map(\.id)))
        }
        let target = output ?? scenario.id + ".json"
        let code = try write(text, to: target, context: context)
        if target != "-" { context.console.err(context.t("scenario.exported", ["path": target, "id": scenario.id]) + "\n") }
        return code
    }

    /// Writes text to stdout (no target or `-`) or to a new private file (0600, atomic, never over an
    /// existing file or a link).
    static func write(_ text: String, to target: String?, context: CommandContext) throws(CommandFailure) -> ExitCode {
        guard let target, target != "-" else {
            context.console.out(text)
            return .success
        }
        do {
            try SafeFile.write(Array(text.utf8), to: target, overwrite: false)
        } catch .exists(let path) {
            // Not the generic "use --force": export and handout never overwrite, and have no --force.
            context.console.err("signaal: " + context.t("scenario.exists", ["path": UserText.line(path)]) + "\n")
            throw .reported(.cantCreate)
        } catch {
            throw .file(error)
        }
        return .success
    }

    // MARK: check

    /// `check [FILE|DIR] [--sources DIR]`: one line per file on stdout, the totals on stderr; 65 when
    /// any file fails. Without a path the bundled scenarios are checked. Citations are checked against
    /// the seed texts in `--sources DIR`; without it only their sources and line ranges can be, and the
    /// totals say so.
    static func check(_ target: String?, sources: String?, context: CommandContext) throws(CommandFailure) -> ExitCode {
        let seeds = try seedTexts(sources, context: context)
        var files: [(name: String, bytes: [UInt8])] = []
        if let target {
            var paths = [target]
            if target != "-" && System.kind(of: target) == .directory {
                let names = System.contentsOfDirectory(target) ?? []
                let base = target.hasSuffix("/") ? target : target + "/"
                paths = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { base + $0 }
                if paths.isEmpty {
                    context.console.err("signaal: " + context.t("scenario.check.no_files", ["path": target]) + "\n")
                    throw .reported(.noInput)
                }
            }
            // Files found in a folder must be regular files: a FIFO named *.json is refused, not waited on.
            let fromFolder = paths != [target]
            for path in paths { files.append((InputReader.displayName(path), try read(path, regularOnly: fromFolder))) }
        } else {
            for (name, text) in context.knowledge.files.sorted(by: { $0.key < $1.key })
            where name.hasPrefix("scenarios/") && name.hasSuffix(".json") {
                files.append(("Resources/" + name, Array(text.utf8)))
            }
        }
        let outcomes = ScenarioCheck.check(files: files, knowledge: context.knowledge, seeds: seeds)
        let renderer = ScenarioRenderer(knowledge: context.knowledge, language: context.language)
        // A trainer's file that takes a built-in id passes, with a warning: by that id, show, play
        // and export mean the built-in scenario, not the file (issue 22 N11). The built-in file
        // itself (`check Resources/scenarios`) is no such case.
        var builtIn: [String: [UInt8]] = [:]
        if target != nil {
            for (name, text) in context.knowledge.files where name.hasPrefix("scenarios/") && name.hasSuffix(".json") {
                if let id = try? Scenario.decode(Array(text.utf8), knowledge: context.knowledge).id { builtIn[id] = Array(text.utf8) }
            }
        }
        // Warnings come after the totals, with the other notes.
        var warnings: [String] = []
        for (file, outcome) in zip(files, outcomes) {
            context.console.out(renderer.check(outcome, file: file.name))
            if case .checked(let result) = outcome, let original = builtIn[result.scenario.id], original != file.bytes {
                warnings.append(context.t("scenario.check.builtin_id", ["file": file.name, "id": result.scenario.id]) + "\n")
            }
            if case .checked(let result) = outcome {
                for tag in result.scenario.profileTags {
                    warnings.append(context.t("warning.profile_note", ["place": file.name + ": $.tags", "word": tag]) + "\n")
                }
            }
        }
        let failed = outcomes.filter { !$0.passed }.count
        context.console.err(context.t("scenario.check.total", ["passed": String(outcomes.count - failed), "failed": String(failed)]) + "\n")
        for warning in warnings { context.console.err(warning) }
        let unverified = outcomes.reduce(0) { total, outcome in
            if case .checked(let result) = outcome { return total + result.quotesNotVerified }
            return total
        }
        if unverified > 0 {
            context.console.err(context.t("scenario.check.sources_hint", ["count": String(unverified), "example": Seeds.files[0]]) + "\n")
        }
        return failed == 0 ? .success : .dataError
    }

    /// The seed texts in `--sources DIR` (the seed files found there), or none without the option.
    static func seedTexts(_ sources: String?, context: CommandContext) throws(CommandFailure) -> SeedTexts {
        guard let directory = sources else { return .none }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        var texts: [String: String] = [:]
        for file in Seeds.files where System.kind(of: base + file) != nil {
            texts[file] = String(decoding: try read(base + file, regularOnly: true), as: UTF8.self)
        }
        guard !texts.isEmpty else {
            context.console.err("signaal: " + context.t("scenario.check.sources_missing", ["path": directory, "example": Seeds.files[0]]) + "\n")
            throw .reported(.noInput)
        }
        return SeedTexts(texts: texts)
    }
}
