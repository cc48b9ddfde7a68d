import SignalModel

/// Help text rendered from the command specs and strings/*.json (one source for help, man page and
/// completions).
public struct HelpText {
    public let knowledge: Knowledge
    public let language: Language

    public init(knowledge: Knowledge, language: Language) {
        self.knowledge = knowledge
        self.language = language
    }

    private func t(_ key: String, _ values: [String: String] = [:]) -> String {
        knowledge.texts.text(key, language, values)
    }

    /// `signaal --help`.
    public func overview() -> String {
        var lines = [t("help.overview.summary"), "", t("help.usage") + " signaal <" + t("help.command") + "> [" + t("help.options") + "]", "", t("help.commands")]
        let width = Signaal.specs.map(\.name.count).max() ?? 0
        for spec in Signaal.specs {
            lines.append("  " + spec.name.padding(to: width) + "  " + t(spec.helpPrefix + ".summary"))
        }
        lines += ["", t("help.more")]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `signaal COMMAND --help`.
    public func help(for spec: CommandSpec) -> String {
        var usage = "signaal " + spec.name
        if !spec.subcommands.isEmpty { usage += " <" + spec.subcommands.map(\.name).joined(separator: "|") + ">" }
        usage += " [" + t("help.options") + "]"
        if !spec.positionals.isEmpty { usage += " " + spec.positionals.joined(separator: " ") }
        var lines = [t(spec.helpPrefix + ".summary"), "", t("help.usage") + " " + usage, "", t("help.options_heading")]
        let labels = spec.options.map { option in
            var label = (option.short.map { "-\($0), " } ?? "    ") + "--" + option.name
            if let value = option.valueName { label += " " + value }
            return label
        }
        let width = labels.map(\.count).max() ?? 0
        for (label, option) in zip(labels, spec.options) {
            lines.append("  " + label.padding(to: width) + "  " + t(option.helpKey))
        }
        let examples = t(spec.helpPrefix + ".examples")
        lines += ["", t("help.examples_heading"), examples]
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// `signaal help [COMMAND]`.
enum HelpCommand {
    static let spec = CommandSpec(name: "help", positionals: ["[COMMAND]"], maximumPositionals: 1)

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
        let help = HelpText(knowledge: context.knowledge, language: context.language)
        guard let name = context.arguments.positionals.first else {
            context.console.out(help.overview())
            return .success
        }
        guard let spec = Signaal.specs.first(where: { $0.name == name }) else {
            throw .usage(.unknownCommand(name, suggestion: Suggest.closest(to: name, in: Signaal.specs.map(\.name))))
        }
        context.console.out(help.help(for: spec))
        return .success
    }
}
