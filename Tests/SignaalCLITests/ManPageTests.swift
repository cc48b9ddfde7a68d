import Foundation
import SignalKnowledge
import SignalModel
import Testing

@testable import SignaalCLI

@Suite("Man page signaal(1)")
struct ManPageTests {
    static let knowledge = Knowledge.bundled

    /// `docs/signaal.1` (English) and `docs/signaal.nl.1` (Dutch).
    static func committedPath(_ language: Language) -> String {
        language == .en ? "docs/signaal.1" : "docs/signaal.\(language.rawValue).1"
    }

    @Test("the committed man pages are current", arguments: Language.allCases)
    func committedIsCurrent(language: Language) throws {
        let path = Self.committedPath(language)
        let rendered = ManPage(knowledge: Self.knowledge, language: language).render()
        if HelpFixtures.updating {
            try GoldenUpdate.write(rendered, to: Binary.root.appendingPathComponent(path))
            return
        }
        let committed = try String(contentsOf: Binary.root.appendingPathComponent(path), encoding: .utf8)
        #expect(committed == rendered, "\(path) is stale: run `make docs` (or SIGNAAL_UPDATE_GOLDEN=1 swift test --filter ManPageTests) and review the diff")
    }

    @Test("signaal help --man prints the page on stdout")
    func binary() throws {
        let result = try Binary.run(["help", "--man", "--lang", "en"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == ManPage(knowledge: Self.knowledge, language: .en).render())
    }

    @Test("the page documents every command, subcommand, option, exit code, the environment, files and privacy", arguments: Language.allCases)
    func complete(language: Language) {
        let page = ManPage(knowledge: Self.knowledge, language: language).render()
        #expect(!page.contains("⟦"), "a text key is missing")
        #expect(page.hasPrefix(".\\\" ") && page.contains("signaal help --man --lang \(language.rawValue)`"))
        #expect(page.contains("\n.TH SIGNAAL 1 \"\" \"signaal \(Signaal.version)\""))
        for command in CommandPath.all(Signaal.specs) {
            #expect(page.contains("\n.SS \"signaal " + command.names.joined(separator: " ")), "\(command.names)")
            for option in command.spec.options {
                #expect(page.contains("\\fB\\-\\-" + ManPage.escape(option.name) + "\\fR"), "\(command.names) --\(option.name)")
            }
        }
        for code in ExitCode.allCases { #expect(page.contains("\n.TP\n.B \(code.rawValue)\n")) }
        for variable in ["LANG", "NO_COLOR", "XDG_STATE_HOME"] { #expect(page.contains("\n.B " + ManPage.escape(variable) + "\n")) }
        #expect(page.contains("0600"))
        #expect(page.contains("signaal/drafts"))
        // No line may start a roff request by accident, and no raw minus remains in the text.
        for line in page.split(separator: "\n") where !line.hasPrefix(".") {
            #expect(!line.hasPrefix("'"))
            #expect(!line.contains(" -"), "unescaped minus: \(line)")
        }
    }

    @Test("roff escaping: backslash, minus, quotes and a leading dot")
    func escaping() {
        #expect(ManPage.escape("a\\b") == "a\\eb")
        #expect(ManPage.escape("--lang") == "\\-\\-lang")
        #expect(ManPage.escape("say \"hi\"") == "say \\(dqhi\\(dq")
        #expect(ManPage.escape(".level") == "\\&.level")
        #expect(ManPage.escape("'quoted'") == "\\&'quoted'")
    }

    @Test("subcommands get their own section")
    func subcommands() {
        let parent = CommandSpec(name: "drill", subcommands: [CommandSpec(name: "list"), CommandSpec(name: "play", positionals: ["ID"], maximumPositionals: 1)])
        let page = ManPage(knowledge: Self.knowledge, language: .en, specs: [parent]).render()
        #expect(page.contains("\n.SS \"signaal drill <list|play> [options]\"\n"))
        #expect(page.contains("\n.SS \"signaal drill play [options] ID\"\n"))
        #expect(page.contains("\\fBlist\\fR, \\fBplay\\fR"))
    }

    @Test("groff formats the page without warnings", .enabled(if: Tool.find("groff") != nil, "groff is not installed"))
    func groffLint() throws {
        for language in Language.allCases {
            let page = ManPage(knowledge: Self.knowledge, language: language).render()
            let result = try Tool.run("groff", ["-man", "-Tutf8", "-ww", "-z"], stdin: page)
            #expect(result.status == 0)
            #expect(result.stderr == "", "groff warnings (\(language)): \(result.stderr)")
        }
    }

    @Test("man renders it with ASCII minus signs, so copied commands work", .enabled(if: Tool.find("man") != nil, "man is not installed"))
    func rendered() throws {
        let url = Binary.root.appendingPathComponent(Self.committedPath(.en))
        let result = try Tool.run("man", ["-l", url.path], environment: ["MANWIDTH": "100", "MANPAGER": "cat", "LANG": "C.UTF-8"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("signaal score --format json"), "\(result.stdout.prefix(400))")
        #expect(result.stdout.contains("EXIT STATUS"))
    }
}
