import SignalModel

/// The options of `indicators`.
struct IndicatorsOptions: CommandOptions {
    enum Format: String, CaseIterable { case text, markdown, json }
    static let format = OptionSpec.choice("format", short: "f", of: Format.self, help: "option.format")

    var format: Format

    init(_ read: inout OptionReader, knowledge: Knowledge) {
        format = read.choice(Self.format, as: Format.self) ?? .text
    }
}

/// `signaal indicators [--format text|markdown|json]`: the catalogue, rendered from the data.
enum IndicatorsCommand {
    static let spec = CommandSpec(name: "indicators", options: [IndicatorsOptions.format])

    static func run(_ context: CommandContext, _ options: IndicatorsOptions) throws(CommandFailure) -> ExitCode {
        let renderer = CatalogRenderer(knowledge: context.knowledge, language: context.language)
        switch options.format {
        case .markdown: context.console.out(renderer.markdown())
        case .json: context.console.out(renderer.json().serialized(pretty: true) + "\n")
        case .text: context.console.out(renderer.text())
        }
        return .success
    }
}
