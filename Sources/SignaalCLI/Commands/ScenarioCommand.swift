import Foundation
import SignalModel

/// `signaal scenario list|show|play|run|check`: training scenarios for the classroom.
///
/// The library decides everything (`Scenario`, `ScenarioSession`, `ScenarioCheck`) and renders the
/// text (`ScenarioRenderer`, `AssessmentRenderer`); this command only picks the subcommand, reads
/// files and the class's answers, and writes: data and transcripts on stdout, prompts on stderr.
enum ScenarioCommand {
    static let answersOption = OptionSpec("answers", value: "FILE", help: "scenario.option.answers")

    /// The subcommands, each with the options and arguments it accepts.
    static let subcommands: [CommandSpec] = [
        CommandSpec(name: "list", helpPrefix: "help.scenario.list"),
        CommandSpec(name: "show", positionals: ["ID|FILE"], maximumPositionals: 1, helpPrefix: "help.scenario.show"),
        CommandSpec(name: "play", positionals: ["ID|FILE"], maximumPositionals: 1, helpPrefix: "help.scenario.play"),
        CommandSpec(
            name: "run", positionals: ["ID|FILE"], maximumPositionals: 1, options: [answersOption],
            helpPrefix: "help.scenario.run"),
        CommandSpec(name: "check", positionals: ["FILE|DIR"], maximumPositionals: 1, helpPrefix: "help.scenario.check"),
    ]

    static let spec = CommandSpec(
        name: "scenario", positionals: ["[ID|FILE|DIR]"], maximumPositionals: 2, options: [answersOption],
        subcommands: subcommands)

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
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
        for option in arguments.values.keys.sorted() + arguments.flags.sorted() where !accepted.contains(option) {
            throw .usage(.unknownOption("--" + option, command: command, suggestion: nil))
        }
        let rest = Array(arguments.positionals.dropFirst())
        if rest.count > subcommand.maximumPositionals {
            throw .usage(.unexpectedArgument(rest[subcommand.maximumPositionals], command: command))
        }
        let target = rest.first
        if target == nil, let placeholder = subcommand.positionals.first {
            throw .usage(.missingArgument(placeholder, command: command))
        }
        let renderer = ScenarioRenderer(knowledge: context.knowledge, language: context.language)
        let engine = Engine(knowledge: context.knowledge)
        switch (name, target) {
        case ("show", let target?):
            context.console.out(renderer.show(try scenario(target, context: context), engine: engine))
            return .success
        case ("play", let target?):
            return try play(try scenario(target, context: context), context: context)
        case ("run", let target?):
            // Both inputs are read and checked before the transcript starts.
            let scenario = try scenario(target, context: context)
            guard let path = arguments.value("answers") else {
                throw .usage(.missingArgument("--answers FILE", command: command))
            }
            let bytes = try read(path)
            let answers: [String: Answer]
            do {
                answers = try scenario.decodeClassAnswers(bytes)
            } catch {
                throw .input(error.inFile(InputReader.displayName(path)))
            }
            return try replay(scenario, context: context, pause: false) { question throws(CommandFailure) in
                answers[question.indicator] ?? .unknown
            }
        case ("check", let target?):
            return try check(target, context: context)
        default:
            context.console.out(renderer.list(try bundled(context)))
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

    /// A built-in scenario by id, or a scenario file when the argument is a path (`…/x.json`).
    static func scenario(_ argument: String, context: CommandContext) throws(CommandFailure) -> Scenario {
        if argument.hasSuffix(".json") || argument.contains("/") {
            let bytes = try read(argument)
            do {
                return try Scenario.decode(bytes, knowledge: context.knowledge)
            } catch {
                throw .input(error.inFile(argument))
            }
        }
        let scenarios = try bundled(context)
        if let found = scenarios.first(where: { $0.id == argument }) { return found }
        var message = "signaal: " + context.t("scenario.not_found", ["id": argument])
        if let suggestion = Suggest.closest(to: argument, in: scenarios.map(\.id)) {
            message += " " + context.t("error.did_you_mean", ["suggestion": suggestion])
        }
        context.console.err(message + "\n")
        throw .reported(.usage)
    }

    private static func read(_ path: String, regularOnly: Bool = false) throws(CommandFailure) -> [UInt8] {
        do {
            return try InputReader.read(path, regularOnly: regularOnly)
        } catch {
            throw .file(error)
        }
    }

    // MARK: Sessions

    /// `play`: the class answers on stdin, one answer per line; prompts go to stderr. On a terminal
    /// the trainer presses Enter before each next stage and the summary; piped input holds answers only.
    static func play(_ scenario: Scenario, context: CommandContext) throws(CommandFailure) -> ExitCode {
        let console = context.console
        return try replay(scenario, context: context, pause: console.stdinIsTerminal) { _ throws(CommandFailure) in
            while true {
                console.err(context.t("scenario.prompt"))
                guard let line = readLine(strippingNewline: true) else {
                    console.err("\n" + context.t("scenario.input_ended") + "\n")
                    throw .reported(.ioError)
                }
                if let answer = ClassAnswerInput.parse(line) { return answer }
                console.err(context.t("scenario.prompt_again") + "\n")
            }
        }
    }

    /// Drives a session to its end: renders each phase on stdout and asks `answer` for each question.
    /// `run` and `play` share it, so piped answers to `play` give the same transcript as `run`.
    static func replay(
        _ scenario: Scenario, context: CommandContext, pause: Bool,
        answer: (ScenarioQuestion) throws(CommandFailure) -> Answer
    ) throws(CommandFailure) -> ExitCode {
        let console = context.console
        let renderer = ScenarioRenderer(knowledge: context.knowledge, language: context.language)
        let engine = Engine(knowledge: context.knowledge)
        var session = ScenarioSession(scenario: scenario)
        console.out(renderer.intro(scenario) + renderer.instructions())
        while true {
            switch session.phase {
            case .narrative(let stage):
                console.out(renderer.narrative(scenario, stage: stage))
                session.proceed()
            case .question(let stage, let index):
                console.out(renderer.question(scenario, stage: stage, question: index))
                guard let question = session.currentQuestion else { return .software }
                let given = try answer(question)
                console.out(renderer.classAnswer(given))
                session.answer(given)
            case .reveal(let stage):
                console.out(renderer.reveal(session.reveal(stage: stage, engine: engine)))
                if pause {
                    let last = stage + 1 == scenario.stages.count
                    console.err("\n" + (last ? context.t("scenario.next_summary") : context.t("scenario.next_stage")))
                    if readLine() == nil {
                        console.err("\n" + context.t("scenario.input_ended") + "\n")
                        throw .reported(.ioError)
                    }
                }
                session.proceed()
            case .finished:
                console.out(renderer.summary(session.summary(engine: engine)))
                return .success
            }
        }
    }

    // MARK: check

    /// `check FILE|DIR`: one line per file on stdout, the totals on stderr; 65 when any file fails.
    static func check(_ target: String, context: CommandContext) throws(CommandFailure) -> ExitCode {
        var paths: [String] = []
        var isDirectory: ObjCBool = false
        if target != "-" && FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) && isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
            let base = target.hasSuffix("/") ? target : target + "/"
            paths = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { base + $0 }
            if paths.isEmpty {
                context.console.err("signaal: " + context.t("scenario.check.no_files", ["path": target]) + "\n")
                throw .reported(.noInput)
            }
        } else {
            paths = [target]
        }
        // Files found in a folder must be regular files: a FIFO named *.json is refused, not waited on.
        let fromFolder = paths != [target]
        var files: [(name: String, bytes: [UInt8])] = []
        for path in paths { files.append((InputReader.displayName(path), try read(path, regularOnly: fromFolder))) }
        let outcomes = ScenarioCheck.check(files: files, knowledge: context.knowledge)
        let renderer = ScenarioRenderer(knowledge: context.knowledge, language: context.language)
        for (file, outcome) in zip(files, outcomes) {
            context.console.out(renderer.check(outcome, file: file.name))
        }
        let failed = outcomes.filter { !$0.passed }.count
        context.console.err(context.t("scenario.check.total", ["passed": String(outcomes.count - failed), "failed": String(failed)]) + "\n")
        return failed == 0 ? .success : .dataError
    }
}
