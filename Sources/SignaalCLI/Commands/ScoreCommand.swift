import Foundation
import SignalModel

/// `signaal score [FILE|-]`: one case in, the assessment out.
enum ScoreCommand {
    static let spec = CommandSpec(
        name: "score", positionals: ["[FILE|-]"], maximumPositionals: 1,
        options: [
            OptionSpec("format", short: "f", value: "text|json", allowed: ["text", "json"], help: "option.format"),
            OptionSpec("at", value: "TIME", help: "option.at"),
        ])

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
        let arguments = context.arguments
        let path = try inputPath(arguments, console: context.console)
        let bytes: [UInt8]
        do {
            bytes = try InputReader.read(path)
        } catch {
            throw .file(error)
        }
        let time = try assessmentTime(arguments)
        let parsed: Case
        do {
            parsed = try Case.decode(bytes, knowledge: context.knowledge)
        } catch {
            throw .input(error.inFile(InputReader.displayName(path)))
        }
        let assessment = Engine(knowledge: context.knowledge).assess(parsed, at: time)
        let renderer = AssessmentRenderer(knowledge: context.knowledge, language: context.language)
        if arguments.value("format") == "json" {
            context.console.out(renderer.json(assessment).serialized(pretty: true) + "\n")
        } else {
            context.console.out(renderer.text(assessment))
        }
        return .success
    }

    /// The input path: the positional argument, or stdin when it is piped.
    static func inputPath(_ arguments: ParsedArguments, console: Console) throws(CommandFailure) -> String {
        if let path = arguments.positionals.first { return path }
        guard !console.stdinIsTerminal else { throw .file(.noInputGiven) }
        return "-"
    }

    /// `--at` as a timestamp, if given.
    static func assessmentTime(_ arguments: ParsedArguments) throws(CommandFailure) -> Timestamp? {
        guard let text = arguments.value("at") else { return nil }
        guard let time = Timestamp(iso8601: text) else {
            throw .usage(.invalidValue(option: "--at", value: text, allowed: ["2026-11-21T23:40:00+01:00"]))
        }
        return time
    }
}

/// `signaal indicators [--format text|markdown|json]`: the catalogue, rendered from the data.
enum IndicatorsCommand {
    static let spec = CommandSpec(
        name: "indicators",
        options: [
            OptionSpec(
                "format", short: "f", value: "text|markdown|json", allowed: ["text", "markdown", "json"], help: "option.format")
        ])

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
        let renderer = CatalogRenderer(knowledge: context.knowledge, language: context.language)
        switch context.arguments.value("format") ?? "text" {
        case "markdown": context.console.out(renderer.markdown())
        case "json": context.console.out(renderer.json().serialized(pretty: true) + "\n")
        default: context.console.out(renderer.text())
        }
        return .success
    }
}

/// `signaal schema`: the JSON Schema of the case format.
enum SchemaCommand {
    static let spec = CommandSpec(name: "schema")

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
        guard let schema = context.knowledge.files["schema/case.schema.json"] else {
            context.console.err("signaal: internal error: schema missing\n")
            return .software
        }
        context.console.out(schema.hasSuffix("\n") ? schema : schema + "\n")
        return .success
    }
}
