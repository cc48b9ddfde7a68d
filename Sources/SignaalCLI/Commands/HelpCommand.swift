import SignalModel

/// Help text rendered from the command specs and strings/*.json. The same specs and texts feed the
/// man page (`ManPage`) and the shell completions (`Completions`), so nothing is written twice.
public struct HelpText {
    /// Where the texts come from.
    public let knowledge: Knowledge
    /// The language the help is written in.
    public let language: Language
    /// The registered commands (`Signaal.specs`); a parameter so tests can pass others.
    public let specs: [CommandSpec]

    /// The width help text is wrapped to.
    static let width = 80

    /// Renders for `specs`, or for the registered commands when nil.
    public init(knowledge: Knowledge, language: Language, specs: [CommandSpec]? = nil) {
        self.knowledge = knowledge
        self.language = language
        self.specs = specs ?? Signaal.specs
    }

    func t(_ key: String, _ values: [String: String] = [:]) -> String {
        knowledge.texts.text(key, language, values)
    }

    /// `--help`, `--version` (without a command) and the options every command takes.
    static let globalOptions: [OptionSpec] = {
        let common = CommandSpec.commonOptions
        let version = OptionSpec("version", short: "V", help: "option.version")
        return common.filter { $0.name == "help" } + [version] + common.filter { $0.name != "help" }
    }()

    /// `signaal --help`: what the tool is, its commands, the options every command takes, exit codes
    /// and environment.
    public func overview() -> String {
        var lines = Self.wrap(t("help.overview.summary"), indent: 0)
        let usage = t("help.usage") + " "
        lines += ["", usage + "signaal <" + t("help.command") + "> [" + t("help.options") + "]"]
        lines += [String(repeating: " ", count: usage.count) + "signaal --help | --version", ""]
        lines.append(t("help.commands"))
        lines += table(specs.map { ($0.name, t($0.helpPrefix + ".summary")) })
        lines += ["", t("help.options_heading")]
        lines += optionTable(Self.globalOptions)
        lines += ["", t("help.exit_heading")]
        lines += table(ExitCode.allCases.map { (String($0.rawValue), exitText($0)) })
        lines += ["", t("help.environment_heading")]
        lines += table(environment())
        lines += ["", t("help.more"), t("help.more_man")]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `signaal COMMAND --help` and `signaal help COMMAND`; `parents` holds the enclosing command
    /// names for a subcommand (`["scenario"]` for `scenario play`).
    public func help(for spec: CommandSpec, parents: [String] = []) -> String {
        var lines = Self.wrap(t(spec.helpPrefix + ".summary"), indent: 0)
        lines += ["", t("help.usage") + " " + usage(for: spec, parents: parents)]
        if !spec.subcommands.isEmpty {
            lines += ["", t("help.subcommands_heading")]
            lines += table(spec.subcommands.map { ($0.name, t($0.helpPrefix + ".summary")) })
        }
        lines += ["", t("help.options_heading")]
        lines += optionTable(spec.options)
        lines += ["", t("help.examples_heading"), t(spec.helpPrefix + ".examples")]
        if !spec.subcommands.isEmpty {
            let path = (parents + [spec.name]).joined(separator: " ")
            lines += ["", t("help.more_subcommand", ["command": path])]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `signaal COMMAND [SUBCOMMAND…] --help`: the help of the deepest subcommand the leading
    /// `positionals` name (`scenario play --help` shows `play`), else of `spec` itself.
    public func help(for spec: CommandSpec, positionals: [String]) -> String {
        var command = CommandPath(parents: [], spec: spec)
        for name in positionals {
            guard let sub = command.spec.subcommands.first(where: { $0.name == name }) else { break }
            command = CommandPath(parents: command.names, spec: sub)
        }
        return help(for: command.spec, parents: command.parents)
    }

    /// `signaal scenario <list|play> [options] ID`.
    func usage(for spec: CommandSpec, parents: [String]) -> String {
        var usage = (["signaal"] + parents + [spec.name]).joined(separator: " ")
        if !spec.subcommands.isEmpty { usage += " <" + spec.subcommands.map(\.name).joined(separator: "|") + ">" }
        usage += " [" + t("help.options") + "]"
        if !spec.positionals.isEmpty { usage += " " + spec.positionals.joined(separator: " ") }
        return usage
    }

    /// `-f, --format text|json` (or `    --at TIME` when there is no short form).
    static func label(_ option: OptionSpec) -> String {
        var label = (option.short.map { "-\($0), " } ?? "    ") + "--" + option.name
        if let value = option.valueName { label += " " + value }
        return label
    }

    /// What an exit code means. A switch, so a new `ExitCode` case cannot go undocumented.
    func exitText(_ code: ExitCode) -> String {
        switch code {
        case .success: t("help.exit.success")
        case .usage: t("help.exit.usage")
        case .dataError: t("help.exit.data_error")
        case .noInput: t("help.exit.no_input")
        case .software: t("help.exit.software")
        case .cantCreate: t("help.exit.cant_create")
        case .ioError: t("help.exit.io_error")
        case .interrupted: t("help.exit.interrupted")
        case .hangup: t("help.exit.hangup")
        case .terminated: t("help.exit.terminated")
        }
    }

    /// The environment variables Signaal reads, with what they do.
    func environment() -> [(String, String)] {
        [
            ("LANG", t("help.env.lang")),
            ("NO_COLOR", t("help.env.no_color")),
            ("TERM", t("help.env.term")),
            ("XDG_STATE_HOME", t("help.env.xdg_state_home")),
        ]
    }

    private func optionTable(_ options: [OptionSpec]) -> [String] {
        table(options.map { (Self.label($0), t($0.helpKey)) })
    }

    /// Two columns: names padded to one width, descriptions wrapped with a hanging indent.
    private func table(_ rows: [(String, String)]) -> [String] {
        let width = rows.map(\.0.count).max() ?? 0
        var lines: [String] = []
        for (name, text) in rows {
            let indent = 2 + width + 2
            var wrapped = Self.wrap(text, indent: indent)
            let label = "  " + name.padding(to: width) + "  "
            wrapped[0] = label + wrapped[0].dropFirst(indent)
            lines += wrapped
        }
        return lines
    }

    /// Word-wraps `text` to `width` columns, every line indented by `indent`; at least one line.
    /// A word longer than a line stays whole.
    static func wrap(_ text: String, indent: Int, width: Int = width) -> [String] {
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: \.isWhitespace) {
            if !line.isEmpty, indent + line.count + 1 + word.count > width {
                lines.append(margin + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(margin + line)
        return lines
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// A command or subcommand with the names of the commands around it.
struct CommandPath {
    var parents: [String]
    var spec: CommandSpec

    var names: [String] { parents + [spec.name] }

    /// Every command and, depth first after it, its subcommands.
    static func all(_ specs: [CommandSpec], parents: [String] = []) -> [CommandPath] {
        specs.flatMap { spec in
            [CommandPath(parents: parents, spec: spec)] + all(spec.subcommands, parents: parents + [spec.name])
        }
    }

    /// The command named by `names` (`["scenario", "play"]`), or the usage error for the first
    /// name that does not exist, with a suggestion.
    static func find(_ names: [String], in specs: [CommandSpec]) throws(UsageError) -> CommandPath {
        var candidates = specs
        var found: CommandPath?
        for name in names {
            let parents = found?.names ?? []
            guard let spec = candidates.first(where: { $0.name == name }) else {
                let suggestion = Suggest.closest(to: name, in: candidates.map(\.name)).map { (parents + [$0]).joined(separator: " ") }
                throw .unknownCommand((parents + [name]).joined(separator: " "), suggestion: suggestion)
            }
            found = CommandPath(parents: parents, spec: spec)
            candidates = spec.subcommands
        }
        guard let found else { throw .missingArgument("COMMAND", command: "help") }
        return found
    }
}

/// The options of `help`.
struct HelpOptions: CommandOptions {
    static let man = OptionSpec("man", help: "option.man")

    /// `--man`: the manual page instead of the help.
    var man: Bool

    init(_ read: inout OptionReader, knowledge: Knowledge) {
        man = read.flag(Self.man)
    }
}

/// `signaal help [COMMAND [SUBCOMMAND]]` and `signaal help --man`.
enum HelpCommand {
    static let spec = CommandSpec(
        name: "help", positionals: ["[COMMAND [SUBCOMMAND]]"], maximumPositionals: 2, options: [HelpOptions.man])

    static func run(_ context: CommandContext, _ options: HelpOptions) throws(CommandFailure) -> ExitCode {
        let names = context.arguments.positionals
        if options.man {
            if let extra = names.first { throw .usage(.unexpectedArgument(extra, command: "help --man")) }
            context.console.out(ManPage(knowledge: context.knowledge, language: context.language).render())
            return .success
        }
        let help = HelpText(knowledge: context.knowledge, language: context.language)
        guard !names.isEmpty else {
            context.console.out(help.overview())
            return .success
        }
        let command: CommandPath
        do {
            command = try CommandPath.find(names, in: help.specs)
        } catch {
            throw .usage(error)
        }
        context.console.out(help.help(for: command.spec, parents: command.parents))
        return .success
    }
}
