import Foundation
import SignalKnowledge
import SignalModel
import Testing

@testable import SignaalCLI

/// Expected help output under Tests/Fixtures/help. After a deliberate change (a new command, an
/// edited text) rewrite them with `SIGNAAL_UPDATE_GOLDEN=1 swift test --filter HelpTests`, then
/// review the diff before committing.
enum HelpFixtures {
    static let directory = Binary.root.appendingPathComponent("Tests/Fixtures/help")
    static let updating = GoldenUpdate.updating

    static func check(_ actual: String, against name: String) throws {
        let url = directory.appendingPathComponent(name)
        if updating {
            try GoldenUpdate.write(actual, to: url)
            return
        }
        let wanted = try String(contentsOf: url, encoding: .utf8)
        #expect(
            actual == wanted,
            "output differs from Tests/Fixtures/help/\(name); if the change is deliberate, run SIGNAAL_UPDATE_GOLDEN=1 swift test --filter HelpTests and review the diff")
    }
}

/// A command or subcommand as the user types it (`["scenario", "play"]`).
struct CommandName: CustomTestStringConvertible, Sendable {
    var names: [String]
    var testDescription: String { names.joined(separator: " ") }

    static var all: [CommandName] { CommandPath.all(Signaal.specs).map { CommandName(names: $0.names) } }
}

@Suite("Help, version and usage errors")
struct HelpTests {
    static let knowledge = Knowledge.bundled

    // MARK: Verbatim

    @Test("signaal --help and signaal help score match the expected files, in Dutch and English")
    func verbatim() throws {
        for language in ["en", "nl"] {
            let overview = try Binary.run(["--help", "--lang", language])
            #expect(overview.status == 0)
            #expect(overview.stderr == "")
            try HelpFixtures.check(overview.stdout, against: "overview.\(language).txt")
            let score = try Binary.run(["help", "score", "--lang", language])
            #expect(score.status == 0)
            #expect(score.stderr == "")
            try HelpFixtures.check(score.stdout, against: "score.\(language).txt")
        }
    }

    @Test("LANG picks the language of the help; --lang overrides it")
    func language() throws {
        let dutch = try Binary.run(["--help"], environment: ["LANG": "nl_NL.UTF-8"])
        let dutchFlag = try Binary.run(["--help", "--lang", "nl"])
        let english = try Binary.run(["--help", "--lang", "en"], environment: ["LANG": "nl_NL.UTF-8"])
        #expect(dutch.stdout == dutchFlag.stdout)
        #expect(dutch.stdout.contains("Afsluitcodes:"))
        #expect(english.stdout.contains("Exit codes:"))
    }

    // MARK: Every command

    @Test("help COMMAND and COMMAND --help print the same help, with every option, in both languages", arguments: CommandName.all)
    func everyCommand(command: CommandName) throws {
        let path = try CommandPath.find(command.names, in: Signaal.specs)
        for language in ["en", "nl"] {
            let viaHelp = try Binary.run(["help"] + command.names + ["--lang", language])
            let viaFlag = try Binary.run(command.names + ["--help", "--lang", language])
            let short = try Binary.run(command.names + ["-h", "--lang", language])
            #expect(viaHelp.status == 0, "\(viaHelp.stderr)")
            #expect(viaHelp.stderr == "")
            #expect(viaFlag.status == 0, "\(viaFlag.stderr)")
            #expect(viaFlag.stdout == viaHelp.stdout)
            #expect(short.stdout == viaHelp.stdout)
            let text = viaHelp.stdout
            #expect(!text.contains("⟦"), "a text key is missing: \(text)")
            #expect(text.contains("signaal " + command.names.joined(separator: " ")))
            for option in path.spec.options {
                #expect(text.contains("--" + option.name), "\(option.name) missing")
                if let short = option.short { #expect(text.contains("-\(short), --\(option.name)")) }
            }
            for sub in path.spec.subcommands { #expect(text.contains("  " + sub.name + " ")) }
        }
    }

    @Test("every command, subcommand and option has its help texts in Dutch and English", arguments: CommandName.all)
    func textsExist(command: CommandName) throws {
        let spec = try CommandPath.find(command.names, in: Signaal.specs).spec
        let texts = Self.knowledge.texts.strings
        for key in [spec.helpPrefix + ".summary", spec.helpPrefix + ".examples"] + spec.options.map(\.helpKey) {
            let text = try #require(texts[key], "strings/*.json lacks \(key)")
            #expect(!text.nl.isEmpty && !text.en.isEmpty, "\(key)")
        }
        // Examples run the command they document.
        let examples = Self.knowledge.texts.text(spec.helpPrefix + ".examples", .en)
        #expect(examples.contains("signaal " + command.names.joined(separator: " ")), "\(spec.helpPrefix).examples")
    }

    @Test("the overview lists every command, the global options, every exit code and the environment")
    func overview() throws {
        for language in Language.allCases {
            let text = HelpText(knowledge: Self.knowledge, language: language).overview()
            #expect(!text.contains("⟦"))
            for spec in Signaal.specs { #expect(text.contains("\n  " + spec.name + " ")) }
            for option in ["--help", "--version", "--lang"] { #expect(text.contains(option)) }
            for code in ExitCode.allCases { #expect(text.contains("\n  \(code.rawValue) ")) }
            for variable in ["LANG", "NO_COLOR", "XDG_STATE_HOME"] { #expect(text.contains("\n  " + variable + " ")) }
            for line in text.split(separator: "\n") { #expect(line.count <= HelpText.width, "too wide: \(line)") }
        }
    }

    @Test("help for a command with subcommands lists them; help COMMAND SUB and COMMAND SUB --help show the subcommand")
    func subcommands() throws {
        let play = CommandSpec(name: "play", positionals: ["ID"], maximumPositionals: 1, options: [OptionSpec("pause", help: "option.help")])
        let parent = CommandSpec(name: "drill", subcommands: [CommandSpec(name: "list"), play])
        let help = HelpText(knowledge: Self.knowledge, language: .en, specs: [parent])
        let parentText = help.help(for: parent)
        #expect(parentText.contains("Usage: signaal drill <list|play> [options]"))
        #expect(parentText.contains("Subcommands:\n  list  "))
        #expect(parentText.contains("More about a subcommand: signaal help drill <subcommand>"))
        let playText = help.help(for: play, parents: ["drill"])
        #expect(playText.contains("Usage: signaal drill play [options] ID"))
        #expect(playText.contains("--pause"))
        #expect(help.help(for: parent, positionals: ["play", "x"]) == playText)
        #expect(help.help(for: parent, positionals: ["nothing"]) == parentText)
        #expect(try CommandPath.find(["drill", "play"], in: [parent]).parents == ["drill"])
        #expect(throws: UsageError.unknownCommand("drill plya", suggestion: "drill play")) {
            try CommandPath.find(["drill", "plya"], in: [parent])
        }
    }

    @Test("long help texts wrap at 80 columns under their column")
    func wrapping() {
        let lines = HelpText.wrap(String(repeating: "word ", count: 40), indent: 6)
        #expect(lines.count > 1)
        for line in lines {
            #expect(line.count <= 80)
            #expect(line.hasPrefix("      w"))
        }
        #expect(HelpText.wrap("", indent: 2) == ["  "])
    }

    // MARK: Version

    @Test("--version and -V print the tool and catalogue versions on stdout")
    func version() throws {
        let catalogue = Self.knowledge.catalog.catalogVersion
        for flag in ["--version", "-V"] {
            let result = try Binary.run([flag])
            #expect(result.status == 0)
            #expect(result.stderr == "")
            #expect(result.stdout == "signaal \(Signaal.version) (catalogue \(catalogue))\n")
        }
        let dutch = try Binary.run(["--version"], environment: ["LANG": "nl_NL.UTF-8"])
        #expect(dutch.stdout == "signaal \(Signaal.version) (catalogus \(catalogue))\n")
    }

    // MARK: Usage errors

    @Test(
        "mistakes on the command line: one message on stderr with a suggestion, nothing on stdout, exit 64",
        arguments: [
            (["scroe"], "signaal: unknown command \"scroe\". Did you mean \"score\"?\nSee 'signaal help'.\n"),
            (["score", "--fromat", "json"], "signaal: unknown option \"--fromat\" for \"score\". Did you mean \"--format\"?\nSee 'signaal help'.\n"),
            (["indicators", "--formt=json"], "signaal: unknown option \"--formt=json\" for \"indicators\". Did you mean \"--format\"?\nSee 'signaal help'.\n"),
            (["help", "indicatros"], "signaal: unknown command \"indicatros\". Did you mean \"indicators\"?\nSee 'signaal help'.\n"),
            (["--verison"], "signaal: unknown command \"--verison\". Did you mean \"--version\"?\nSee 'signaal help'.\n"),
            (["completions", "tcsh"], "signaal: \"tcsh\" is not a valid value for SHELL; choose from: bash, zsh, fish.\nSee 'signaal help'.\n"),
            (["completions"], "signaal: \"completions\" needs bash|zsh|fish.\nSee 'signaal help'.\n"),
            (["help", "--man", "score"], "signaal: unexpected argument \"score\" for \"help --man\".\nSee 'signaal help'.\n"),
        ])
    func usageErrors(arguments: [String], message: String) throws {
        let result = try Binary.run(arguments)
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr == message)
    }

    @Test("a mistake is reported in Dutch under LANG=nl")
    func dutchUsageError() throws {
        let result = try Binary.run(["scroe"], environment: ["LANG": "nl_NL.UTF-8"])
        #expect(result.status == 64)
        #expect(result.stderr == "signaal: onbekende opdracht \"scroe\". Bedoelde je \"score\"?\nZie 'signaal help'.\n")
    }

    @Test("no command at all: the overview on stderr (stdout stays clean for pipes) and exit 64")
    func noCommand() throws {
        let result = try Binary.run([])
        #expect(result.status == 64)
        #expect(result.stdout == "")
        let overview = try Binary.run(["--help"])
        #expect(result.stderr == overview.stdout)
    }
}
