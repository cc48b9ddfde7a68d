import Foundation
import SignalKnowledge
import SignalModel
import Testing

@testable import SignaalCLI

/// Runs a program found on PATH (or in the usual folders), as the completion and man page tests need.
enum Tool {
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        for folder in folders {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func run(_ name: String, _ arguments: [String], stdin: String = "", environment: [String: String] = [:], directory: URL? = nil) throws -> Binary.Result {
        let executable = try #require(find(name))
        return try Binary.run(
            arguments, stdin: Data(stdin.utf8), environment: environment, directory: directory, executable: executable)
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// A command line being completed: the words before the cursor and the word under it.
struct CompletionCase: CustomTestStringConvertible, Sendable {
    var words: [String]
    var expected: [String]
    var testDescription: String { words.joined(separator: " ") + "<TAB>" }
}

@Suite("Shell completions")
struct CompletionsTests {
    static let knowledge = Knowledge.bundled
    static let commandNames = Signaal.specs.map(\.name)

    static func script(_ shell: Completions.Shell, specs: [CommandSpec]? = nil) -> String {
        Completions(knowledge: knowledge, language: .en, specs: specs).script(for: shell)
    }

    /// A command with subcommands, so the generators are tested on that shape whatever is registered.
    static let drill = CommandSpec(
        name: "drill",
        subcommands: [
            CommandSpec(name: "list"),
            CommandSpec(
                name: "play", positionals: ["ID|FILE"], maximumPositionals: 1,
                options: [OptionSpec("speed", value: "slow|fast", allowed: ["slow", "fast"], help: "option.help")]),
        ])
    static let synthetic = [drill, HelpCommand.spec, CompletionsCommand.spec]

    @Test("signaal completions SHELL prints the script on stdout", arguments: Completions.Shell.allCases)
    func binary(shell: Completions.Shell) throws {
        let result = try Binary.run(["completions", shell.rawValue])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == Self.script(shell))
    }

    @Test("each script names every command, subcommand, option and enumerated value", arguments: Completions.Shell.allCases)
    func complete(shell: Completions.Shell) {
        for specs in [Signaal.specs, Self.synthetic] {
            let script = Self.script(shell, specs: specs)
            if specs == Signaal.specs { #expect(!script.contains("⟦"), "a text key is missing") }
            for command in CommandPath.all(specs) {
                #expect(script.contains("'" + command.names.joined(separator: " ") + "'"), "\(shell): \(command.names)")
                for option in command.spec.options {
                    switch shell {
                    case .bash: #expect(script.contains("--" + option.name + " ") || script.contains("--" + option.name + "'"), "--\(option.name)")
                    case .zsh: #expect(script.contains("'--" + option.name + ":"), "--\(option.name)")
                    case .fish: #expect(script.contains(" -l " + option.name + " "), "--\(option.name)")
                    }
                    for value in option.allowed ?? [] { #expect(script.contains(value), "\(option.name) \(value)") }
                }
            }
            for option in HelpText.globalOptions { #expect(script.contains("--" + option.name) || script.contains("-l " + option.name)) }
        }
    }

    @Test("bash accepts the script (bash -n)", .enabled(if: Tool.find("bash") != nil, "bash is not installed; syntax check skipped"))
    func bashSyntax() throws {
        for specs in [Signaal.specs, Self.synthetic] {
            let file = try Tool.temporaryFile(Self.script(.bash, specs: specs), name: "signaal.bash")
            let result = try Tool.run("bash", ["-n", file.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    @Test("zsh accepts the script (zsh -n)", .enabled(if: Tool.find("zsh") != nil, "zsh is not installed; syntax check skipped"))
    func zshSyntax() throws {
        for specs in [Signaal.specs, Self.synthetic] {
            let file = try Tool.temporaryFile(Self.script(.zsh, specs: specs), name: "_signaal")
            let result = try Tool.run("zsh", ["-n", file.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    @Test("fish accepts the script (fish --no-execute)", .enabled(if: Tool.find("fish") != nil, "fish is not installed; syntax check skipped"))
    func fishSyntax() throws {
        for specs in [Signaal.specs, Self.synthetic] {
            let file = try Tool.temporaryFile(Self.script(.fish, specs: specs), name: "signaal.fish")
            let result = try Tool.run("fish", ["--no-config", "--no-execute", file.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    // MARK: What a TAB offers

    /// The bundled scenario ids, read from the files (not from the code under test).
    static var scenarioIDs: [String] {
        let directory = Binary.root.appendingPathComponent("Resources/scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { name in
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return object["id"] as? String
        }
    }

    static var registeredCases: [CompletionCase] {
        var cases = [
            CompletionCase(words: ["signaal", ""], expected: commandNames),
            CompletionCase(words: ["signaal", "sc"], expected: commandNames.filter { $0.hasPrefix("sc") }),
            CompletionCase(words: ["signaal", "--lang", "nl", ""], expected: commandNames),
            CompletionCase(words: ["signaal", "score", "--format", ""], expected: ["text", "json"]),
            CompletionCase(words: ["signaal", "score", "-f", "j"], expected: ["json"]),
            CompletionCase(words: ["signaal", "indicators", "--format", "m"], expected: ["markdown"]),
            CompletionCase(words: ["signaal", "score", "--lang", ""], expected: ["nl", "en"]),
            CompletionCase(words: ["signaal", "indicators", "--f"], expected: ["--format"]),
            CompletionCase(words: ["signaal", "score", "-f", "json", "--l"], expected: ["--lang"]),
            CompletionCase(words: ["signaal", "completions", ""], expected: ["bash", "zsh", "fish"]),
            CompletionCase(words: ["signaal", "help", "ind"], expected: ["indicators"]),
            CompletionCase(words: ["signaal", "score", "Tests/Fixtures/cas"], expected: ["Tests/Fixtures/cases"]),
            // Data, not files: scenario ids after scenario show/play/…, region ids after --region.
            CompletionCase(words: ["signaal", "scenario", "show", "casus"], expected: scenarioIDs.filter { $0.hasPrefix("casus") }),
            CompletionCase(words: ["signaal", "scenario", "export", ""], expected: scenarioIDs),
            CompletionCase(words: ["signaal", "scenario", "handout", "under"], expected: scenarioIDs.filter { $0.hasPrefix("under") }),
            CompletionCase(words: ["signaal", "scenario", "play", "Tests/Fixtures/sc"], expected: ["Tests/Fixtures/scenarios"]),
            CompletionCase(words: ["signaal", "triage", "--region", "z"], expected: ["zwolle"]),
            CompletionCase(words: ["signaal", "score", "--region", "den"], expected: ["den_haag", "den_bosch"]),
            // Route step ids after triage --done (issue 25).
            CompletionCase(
                words: ["signaal", "triage", "--case", "zaak.json", "--done", "zsm_weigh"],
                expected: Array(Set(Knowledge.bundled.routing.rules.flatMap { $0.steps.map(\.id) })).sorted().filter { $0.hasPrefix("zsm_weigh") }),
        ]
        for command in Signaal.specs where !command.subcommands.isEmpty {
            let names = command.subcommands.map(\.name)
            cases.append(CompletionCase(words: ["signaal", command.name, ""], expected: names))
            cases.append(CompletionCase(words: ["signaal", "help", command.name, ""], expected: names))
        }
        return cases
    }

    static let syntheticCases = [
        CompletionCase(words: ["signaal", ""], expected: ["drill", "help", "completions"]),
        CompletionCase(words: ["signaal", "drill", ""], expected: ["list", "play"]),
        CompletionCase(words: ["signaal", "drill", "play", "--"], expected: ["--speed", "--lang", "--help"]),
        CompletionCase(words: ["signaal", "drill", "play", "--speed", ""], expected: ["slow", "fast"]),
        CompletionCase(words: ["signaal", "drill", "--lang", "en", "play", "--s"], expected: ["--speed"]),
        CompletionCase(words: ["signaal", "help", "drill", "p"], expected: ["play"]),
    ]

    /// What bash's `_signaal` puts in COMPREPLY for each case, run from the repository root.
    static func bashReplies(_ script: String, _ cases: [CompletionCase]) throws -> [[String]] {
        let file = try Tool.temporaryFile(script, name: "signaal.bash")
        var program = "source '\(file.path)'\n"
        for item in cases {
            let words = item.words.map { "'" + $0 + "'" }.joined(separator: " ")
            program += "COMP_WORDS=(\(words)); COMP_CWORD=\(item.words.count - 1); _signaal; printf '%s\\n' \"${COMPREPLY[*]}\"\n"
        }
        let result = try Tool.run("bash", ["--norc", "--noprofile", "-c", program], directory: Binary.root)
        #expect(result.stderr == "")
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0.split(separator: " ").map(String.init) }
    }

    @Test("bash offers the right words", .enabled(if: Tool.find("bash") != nil, "bash is not installed"))
    func bashBehaviour() throws {
        for (specs, cases) in [(Signaal.specs, Self.registeredCases), (Self.synthetic, Self.syntheticCases)] {
            let replies = try Self.bashReplies(Self.script(.bash, specs: specs), cases)
            try #require(replies.count == cases.count)
            for (item, reply) in zip(cases, replies) {
                #expect(Set(reply) == Set(item.expected), "\(item.testDescription)")
            }
        }
    }

    @Test("bash splits --format=VALUE at '=' and still completes the value", .enabled(if: Tool.find("bash") != nil, "bash is not installed"))
    func bashEquals() throws {
        let cases = [
            CompletionCase(words: ["signaal", "score", "--format", "=", ""], expected: ["text", "json"]),
            CompletionCase(words: ["signaal", "score", "--format", "=", "t"], expected: ["text"]),
            CompletionCase(words: ["signaal", "score", "--format", "=", "json", "--l"], expected: ["--lang"]),
        ]
        let replies = try Self.bashReplies(Self.script(.bash), cases)
        for (item, reply) in zip(cases, replies) { #expect(Set(reply) == Set(item.expected), "\(item.testDescription)") }
    }

    @Test("fish offers the right words", .enabled(if: Tool.find("fish") != nil, "fish is not installed; behaviour check skipped"))
    func fishBehaviour() throws {
        for (specs, cases) in [(Signaal.specs, Self.registeredCases), (Self.synthetic, Self.syntheticCases)] {
            let file = try Tool.temporaryFile(Self.script(.fish, specs: specs), name: "signaal.fish")
            for item in cases {
                let line = item.words.joined(separator: " ")
                let result = try Tool.run("fish", ["--no-config", "-c", "source '\(file.path)'; complete -C'\(line)'"], directory: Binary.root)
                let offered = result.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
                // fish returns directories with a trailing slash.
                let normalised = offered.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
                #expect(Set(normalised) == Set(item.expected), "\(item.testDescription): \(result.stderr)")
            }
        }
    }

    @Test("zsh offers the right words (completion functions stubbed)", .enabled(if: Tool.find("zsh") != nil, "zsh is not installed; behaviour check skipped"))
    func zshBehaviour() throws {
        for (specs, cases) in [(Signaal.specs, Self.registeredCases), (Self.synthetic, Self.syntheticCases)] {
            let file = try Tool.temporaryFile(Self.script(.zsh, specs: specs), name: "_signaal")
            // Stand-ins for zsh's completion system print what would be offered, one per line.
            var program = """
                compdef() { :; }
                _describe() { local item; for item in "${(@P)${@[-1]}}"; do print -r -- "${${item%%:*}//\\\\/}"; done; }
                compadd() { shift; print -rl -- "$@"; }
                _files() { print -rl -- ${PREFIX}*(N); }
                _message() { :; }
                compset() { PREFIX="${PREFIX#*=}"; }
                source '\(file.path)'

                """
            for item in cases {
                let words = item.words.map { "'" + $0 + "'" }.joined(separator: " ")
                // zsh filters by the typed prefix itself; the stand-ins leave that to this filter.
                program += "words=(\(words)); CURRENT=\(item.words.count); PREFIX=\"${words[CURRENT]}\"; "
                program += "print -r -- \"$(_signaal | while read -r w; do [[ $w == ${PREFIX#*=}* ]] && print -rn -- \"$w \"; done)\"\n"
            }
            let result = try Tool.run("zsh", ["-f", "-c", program], directory: Binary.root)
            #expect(result.stderr == "")
            let replies = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            try #require(replies.count == cases.count, "\(result.stdout)")
            for (item, reply) in zip(cases, replies) {
                #expect(Set(reply.split(separator: " ").map(String.init)) == Set(item.expected), "\(item.testDescription)")
            }
        }
    }

    @Test("positional placeholders: files, command names, or the listed words")
    func placeholders() {
        #expect(Completions.values(ofPositional: "[FILE|-]") == .files)
        #expect(Completions.values(ofPositional: "ID|FILE") == .files)
        #expect(Completions.values(ofPositional: "[COMMAND [SUBCOMMAND]]") == nil)
        #expect(Completions.values(ofPositional: "bash|zsh|fish") == .words(["bash", "zsh", "fish"]))
        #expect(Completions.values(ofPositional: "ID") == .free("ID"))
    }

    @Test("quoting keeps descriptions with quotes intact")
    func quoting() {
        #expect(Completions.singleQuoted("it's") == #"'it'\''s'"#)
        #expect(Completions.fishQuoted(#"it's a \ "#) == #"'it\'s a \\ '"#)
    }
}
