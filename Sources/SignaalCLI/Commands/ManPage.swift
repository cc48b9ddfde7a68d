import SignalModel

/// The manual page `signaal(1)` in roff (man macros), rendered from the same command specs and texts
/// as `--help`. `signaal help --man` prints it; `docs/signaal.1` is a committed copy a test keeps current.
public struct ManPage {
    /// Where the texts come from.
    public let knowledge: Knowledge
    /// The language the page is written in.
    public let language: Language
    /// The registered commands (`Signaal.specs`); a parameter so tests can pass others.
    public let specs: [CommandSpec]

    /// Renders for `specs`, or for the registered commands when nil.
    public init(knowledge: Knowledge, language: Language, specs: [CommandSpec]? = nil) {
        self.knowledge = knowledge
        self.language = language
        self.specs = specs ?? Signaal.specs
    }

    private func t(_ key: String, _ values: [String: String] = [:]) -> String {
        knowledge.texts.text(key, language, values)
    }

    /// The whole page. Deterministic: no date, so the committed copy only changes when its sources do.
    public func render() -> String {
        let help = HelpText(knowledge: knowledge, language: language, specs: specs)
        let common = Set(CommandSpec.commonOptions.map(\.name))
        var roff: [String] = [
            #".\" "# + t("help.man.generated", ["language": language.rawValue]),
            ".TH SIGNAAL 1 \"\" \"signaal \(Signaal.version)\" \"\(Self.escape(t("help.man.manual")))\"",
            ".SH " + Self.escape(t("help.man.section.name")),
            "signaal \\- " + Self.escape(t("help.man.tagline")),
            ".SH " + Self.escape(t("help.man.section.synopsis")),
            ".B signaal",
            ".I " + Self.escape(t("help.command")),
            ".RI [ " + Self.escape(t("help.options")) + " ]",
            ".br",
            ".B signaal",
            ".BR " + Self.escape("--help") + " | " + Self.escape("--version"),
            ".SH " + Self.escape(t("help.man.section.description")),
            Self.escape(t("help.overview.summary")),
            ".PP",
            Self.paragraphs(t("help.man.conventions")),
            ".SH " + Self.escape(t("help.man.section.commands")),
        ]
        for command in CommandPath.all(specs) {
            let spec = command.spec
            roff.append(".SS \"" + Self.escape(help.usage(for: spec, parents: command.parents)) + "\"")
            roff.append(Self.escape(t(spec.helpPrefix + ".summary")))
            if !spec.subcommands.isEmpty {
                roff.append(".PP")
                let names = spec.subcommands.map { "\\fB" + Self.escape($0.name) + "\\fR" }
                roff.append(Self.escape(t("help.subcommands_heading")) + " " + names.joined(separator: ", "))
            }
            let options = spec.options.filter { !common.contains($0.name) }
            for option in options { roff += item(option) }
            roff += [".PP", Self.escape(t("help.examples_heading")), ".PP", ".RS 4", ".nf"]
            for line in t(spec.helpPrefix + ".examples").split(separator: "\n", omittingEmptySubsequences: false) {
                roff.append(Self.escape(line.trimmingPrefix("  ")))
            }
            roff += [".fi", ".RE"]
        }
        roff += [".SH " + Self.escape(t("help.man.section.options")), Self.escape(t("help.man.global_options"))]
        for option in HelpText.globalOptions { roff += item(option) }
        roff.append(".SH " + Self.escape(t("help.man.section.exit_status")))
        for code in ExitCode.allCases {
            roff += [".TP", ".B \(code.rawValue)", Self.escape(help.exitText(code))]
        }
        roff.append(".SH " + Self.escape(t("help.man.section.environment")))
        for (name, text) in help.environment() {
            roff += [".TP", ".B " + Self.escape(name), Self.escape(text)]
        }
        roff += [".SH " + Self.escape(t("help.man.section.files")), Self.paragraphs(t("help.man.files"))]
        roff += [".SH " + Self.escape(t("help.man.section.privacy")), Self.paragraphs(t("help.man.privacy"))]
        roff += [".SH " + Self.escape(t("help.man.section.see_also")), ".BR jq (1)"]
        return roff.joined(separator: "\n") + "\n"
    }

    /// `.TP` with `\fB-f\fR, \fB--format\fR \fItext|json\fR` and the option's text.
    private func item(_ option: OptionSpec) -> [String] {
        var label = option.short.map { "\\fB" + Self.escape("-\($0)") + "\\fR, " } ?? ""
        label += "\\fB" + Self.escape("--" + option.name) + "\\fR"
        if let value = option.valueName { label += " \\fI" + Self.escape(value) + "\\fR" }
        return [".TP", label, Self.escape(t(option.helpKey))]
    }

    /// Several paragraphs (separated by a blank line in the text) as escaped roff.
    static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n.PP\n")
    }

    /// Text made safe for roff: backslashes, ASCII minus (so copied commands work), quotes inside
    /// macro arguments, and a leading `.` or `'` that would start a request.
    static func escape<S: StringProtocol>(_ text: S) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\e"
            case "-": result += "\\-"
            case "\"": result += "\\(dq"
            case "\n": result += " "
            default: result.append(character)
            }
        }
        if result.hasPrefix(".") || result.hasPrefix("'") { result = "\\&" + result }
        return result
    }
}
