import SignalModel

/// The options of `knowledge`: JSON is its one format (`--format json` is accepted, and is the default).
struct KnowledgeOptions: CommandOptions {
    enum Format: String, CaseIterable { case json }
    static let format = OptionSpec.choice("format", short: "f", of: Format.self, help: "option.format")

    var format: Format

    init(_ read: inout OptionReader, knowledge: Knowledge) {
        format = read.choice(Self.format, as: Format.self) ?? .json
    }
}

/// `signaal knowledge [--format json]`: the texts behind the ids of compact records, once.
enum KnowledgeCommand {
    static let spec = CommandSpec(name: "knowledge", options: [KnowledgeOptions.format])

    static func run(_ context: CommandContext, _ options: KnowledgeOptions) throws(CommandFailure) -> ExitCode {
        context.console.out(KnowledgeRenderer(knowledge: context.knowledge, language: context.language).json())
        return .success
    }
}
