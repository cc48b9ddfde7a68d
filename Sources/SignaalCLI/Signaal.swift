import SignalKnowledge
import SignalModel

/// What a command needs besides its typed options: its positional arguments (in `arguments`), the
/// language, the knowledge base and the streams.
public struct CommandContext {
    public var arguments: ParsedArguments
    public var language: Language
    public var knowledge: Knowledge
    public var console: Console

    public func t(_ key: String, _ values: [String: String] = [:]) -> String {
        knowledge.texts.text(key, language, values)
    }
}

/// A failure that ends a command: reported once on stderr by `Signaal.run`, with its exit code.
package enum CommandFailure: Error {
    case usage(UsageError)
    case file(FileProblem)
    case input(SignalError)
    /// Every problem of one case, each on its own line.
    case inputProblems(CaseProblems)
    /// Already reported (batch runs report each line themselves).
    case reported(ExitCode)
}

/// The `signaal` command: turns argv into one command and calls `SignalModel`.
public enum Signaal {
    public static let version = "0.1.0"

    /// A command: its spec, the Swift type its options are read into, and what it does with them.
    struct Command {
        let spec: CommandSpec
        let options: any CommandOptions.Type
        /// Reads the options once, then runs the command.
        let run: (CommandContext) throws(CommandFailure) -> ExitCode

        init<Options: CommandOptions>(
            _ spec: CommandSpec, _ handler: @escaping (CommandContext, Options) throws(CommandFailure) -> ExitCode
        ) {
            self.spec = spec
            self.options = Options.self
            self.run = { context throws(CommandFailure) in
                var reader = OptionReader(context.arguments)
                return try handler(context, Options(&reader, knowledge: context.knowledge))
            }
        }
    }

    /// Every command.
    static var commands: [Command] {
        [
            Command(ScoreCommand.spec, ScoreCommand.run),
            Command(TriageCommand.spec, TriageCommand.run),
            Command(IndicatorsCommand.spec, IndicatorsCommand.run),
            Command(KnowledgeCommand.spec, KnowledgeCommand.run),
            Command(SchemaCommand.spec, SchemaCommand.run),
            Command(ContactsCommand.spec, ContactsCommand.run),
            Command(ScenarioCommand.spec, ScenarioCommand.run),
            Command(HelpCommand.spec, HelpCommand.run),
            Command(CompletionsCommand.spec, CompletionsCommand.run),
        ]
    }

    public static var specs: [CommandSpec] { commands.map(\.spec) }

    /// The language: `--lang` first, then `LANG` (Dutch for nl*, otherwise English).
    public static func language(arguments: [String], environment: [String: String]) -> Language {
        let lang = "--" + OptionSpec.lang.name
        for (index, argument) in arguments.enumerated() {
            if argument.hasPrefix(lang + "=") { return Language(rawValue: String(argument.dropFirst(lang.count + 1))) ?? .en }
            if argument == lang, index + 1 < arguments.count {
                return Language(rawValue: arguments[index + 1]) ?? Language.fromLocale(environment["LANG"])
            }
        }
        return Language.fromLocale(environment["LANG"])
    }

    /// Runs one invocation; returns the exit code. `arguments` excludes the program name.
    public static func run(_ arguments: [String], console: Console) -> ExitCode {
        var arguments = arguments
        // `signaal --lang nl score …` works like `signaal score --lang nl …`: move a leading
        // --lang behind the command so every command sees it.
        if arguments.count >= 3, arguments[0] == "--lang" {
            arguments = [arguments[2], "--lang", arguments[1]] + arguments.dropFirst(3)
        } else if arguments.count >= 2, arguments[0].hasPrefix("--lang=") {
            arguments = [arguments[1], arguments[0]] + arguments.dropFirst(2)
        }
        let language = language(arguments: arguments, environment: console.environment)
        // Checked when the binary was built and compiled into it as Swift values; each part is built
        // when a command first uses it, so `--version`, `help` and `completions` build no catalogue.
        let knowledge = Knowledge.bundled
        let texts = knowledge.texts
        guard let first = arguments.first else {
            console.err(HelpText(knowledge: knowledge, language: language).overview())
            return .usage
        }
        if first == "--version" || first == "-V" {
            console.out(texts.text("version.line", language, ["version": version, "catalog": knowledge.catalogVersion]) + "\n")
            return .success
        }
        if first == "--help" || first == "-h" {
            console.out(HelpText(knowledge: knowledge, language: language).overview())
            return .success
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            let failure = UsageError.unknownCommand(first, suggestion: Suggest.closest(to: first, in: specs.map(\.name) + ["--help", "--version"]))
            console.err(message(for: .usage(failure), texts: texts, language: language))
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        do throws(CommandFailure) {
            let parsed: ParsedArguments
            do {
                parsed = try ArgumentParser.parse(rest, spec: command.spec)
            } catch {
                throw CommandFailure.usage(error)
            }
            var common = OptionReader(parsed)
            if common.flag(OptionSpec.help) {
                console.out(HelpText(knowledge: knowledge, language: language).help(for: command.spec, positionals: parsed.positionals))
                return .success
            }
            let context = CommandContext(arguments: parsed, language: language, knowledge: knowledge, console: console)
            return try command.run(context)
        } catch {
            if case .reported(let code) = error { return code }
            console.err(message(for: error, texts: texts, language: language))
            return exitCode(for: error)
        }
    }

    static func exitCode(for failure: CommandFailure) -> ExitCode {
        switch failure {
        case .usage: .usage
        case .input, .inputProblems: .dataError
        case .reported(let code): code
        case .file(let problem):
            switch problem {
            case .notFound, .isDirectory, .unreadable, .noInputGiven, .stdinClosed, .notRegularFile, .inputIsOutput: .noInput
            case .exists, .symlink, .unwritable, .targetIsDirectory, .targetNotRegular, .draftInUse, .oneFileTwoRoles: .cantCreate
            case .writeFailed: .ioError
            case .tooLarge: .dataError
            }
        }
    }

    /// The one switch that turns a command failure into words for stderr. Values the user typed
    /// (paths, option values, arguments) are shown through `UserText.line`: no raw control characters.
    static func message(for failure: CommandFailure, texts: Texts, language: Language) -> String {
        func t(_ key: String, _ values: [String: String] = [:]) -> String { texts.text(key, language, values) }
        let body: String
        switch failure {
        case .reported: return ""
        case .input(let error): body = error.message(texts, language)
        case .inputProblems(let problems):
            var lines = problems.errors.map { "signaal: " + $0.message(texts, language) + "\n" }
            if problems.truncated {
                lines.append("signaal: " + t("error.more_problems", ["limit": String(problems.errors.count)]) + "\n")
            }
            return lines.joined()
        case .usage(let usage):
            switch usage {
            case .unknownCommand(let name, let suggestion):
                body = t("usage.unknown_command", ["name": UserText.line(name)]) + (suggestion.map { " " + t("error.did_you_mean", ["suggestion": $0]) } ?? "")
            case .unknownOption(let name, let command, let suggestion):
                body = t("usage.unknown_option", ["name": UserText.line(name), "command": command])
                    + (suggestion.map { " " + t("error.did_you_mean", ["suggestion": $0]) } ?? "")
            case .missingValue(let option): body = t("usage.missing_value", ["option": option])
            case .invalidValue(let option, let value, let allowed):
                body = t("usage.invalid_value", ["option": option, "value": UserText.line(value), "allowed": allowed.joined(separator: ", ")])
            case .unexpectedArgument(let argument, let command):
                body = t("usage.unexpected_argument", ["argument": UserText.line(argument), "command": command])
                    + (command == "score" ? " " + t("usage.score_one_case") : "")
            case .missingArgument(let argument, let command):
                body = t("usage.missing_argument", ["argument": UserText.line(argument), "command": command])
            case .flagWithValue(let option): body = t("usage.flag_with_value", ["option": option])
            case .unknownStep(let step, let suggestion, let route):
                body = t("usage.unknown_step", ["step": UserText.line(step)])
                    + (suggestion.map { " " + t("error.did_you_mean", ["suggestion": $0]) } ?? "")
                    + " " + (route.isEmpty ? t("usage.unknown_step.no_route") : t("usage.unknown_step.route", ["steps": route.joined(separator: ", ")]))
            case .conflict(let option, let with):
                body = t("usage.conflict", ["option": option, "with": with])
            case .needs(let option, let needed):
                body = t("usage.needs", ["option": option, "needed": needed])
            }
            return "signaal: " + body + "\n" + t("usage.see_help") + "\n"
        case .file(let problem):
            switch problem {
            case .notFound(let path): body = t("file.not_found", ["path": UserText.line(path)])
            case .isDirectory(let path): body = t("file.is_directory", ["path": UserText.line(path)])
            case .unreadable(let path, let reason): body = t("file.unreadable", ["path": UserText.line(path), "reason": reason])
            case .noInputGiven: body = t("file.no_input")
            case .stdinClosed: body = t("file.stdin_closed")
            case .targetIsDirectory(let path): body = t("file.target_is_directory", ["path": path])
            case .notRegularFile(let path): body = t("file.not_regular", ["path": path])
            case .targetNotRegular(let path): body = t("file.target_not_regular", ["path": path])
            case .inputIsOutput(let path): body = t("file.input_is_output", ["path": path])
            case .oneFileTwoRoles(let path, let first, let second):
                body = t("file.one_file_two_roles", ["path": path, "first": first, "second": second])
            case .draftInUse(let path, let id): body = t("file.draft_in_use", ["path": path, "id": id])
            case .tooLarge(let path, let limit):
                body = t("file.too_large", ["path": UserText.line(path), "megabytes": String(limit / (1024 * 1024))])
            case .exists(let path): body = t("file.exists", ["path": UserText.line(path)])
            case .symlink(let path): body = t("file.symlink", ["path": UserText.line(path)])
            case .unwritable(let path, let reason), .writeFailed(let path, let reason):
                body = t("file.unwritable", ["path": UserText.line(path), "reason": reason])
            }
        }
        return "signaal: " + body + "\n"
    }
}
