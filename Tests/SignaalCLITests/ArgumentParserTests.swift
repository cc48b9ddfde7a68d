import Testing

@testable import SignaalCLI

@Suite("Argument parser")
struct ArgumentParserTests {
    let spec = CommandSpec(
        name: "score", positionals: ["[FILE|-]"], maximumPositionals: 1,
        options: [
            OptionSpec("format", short: "f", value: "text|json", allowed: ["text", "json"], help: "option.format"),
            OptionSpec("force", help: "option.help"),
        ])

    @Test("long, inline, short options, flags and a positional")
    func parses() throws {
        let parsed = try ArgumentParser.parse(["--format", "json", "case.json", "--lang=nl", "--force"], spec: spec)
        var read = OptionReader(parsed)
        let format = read.value(spec.options[0])
        let language = read.value(OptionSpec.lang)
        let force = read.flag(spec.options[1])
        let help = read.flag(OptionSpec.help)
        #expect(format == "json" && language == "nl" && force && !help)
        #expect(read.read == ["format", "lang", "force", "help"])
        #expect(parsed.givenOptions == ["format", "lang", "force"])
        #expect(parsed.positionals == ["case.json"])
        #expect(try ArgumentParser.parse(["-f", "text", "-"], spec: spec).positionals == ["-"])
        #expect(try ArgumentParser.parse(["--", "--weird-name.json"], spec: spec).positionals == ["--weird-name.json"])
    }

    @Test(
        "mistakes are typed usage errors with suggestions",
        arguments: [
            (["--fromat", "json"], UsageError.unknownOption("--fromat", command: "score", suggestion: "--format")),
            (["--format"], .missingValue(option: "--format")),
            (["--format", "xml"], .invalidValue(option: "--format", value: "xml", allowed: ["text", "json"])),
            (["a.json", "b.json"], .unexpectedArgument("b.json", command: "score")),
            (["--force=yes"], .flagWithValue(option: "--force")),
            (["-x"], .unknownOption("-x", command: "score", suggestion: nil)),
        ])
    func mistakes(arguments: [String], expected: UsageError) {
        #expect(throws: expected) { try ArgumentParser.parse(arguments, spec: spec) }
    }

    @Test("the language follows --lang, then LANG")
    func language() {
        #expect(Signaal.language(arguments: ["score", "--lang", "nl"], environment: ["LANG": "en_US"]) == .nl)
        #expect(Signaal.language(arguments: ["score", "--lang=en"], environment: ["LANG": "nl_NL.UTF-8"]) == .en)
        #expect(Signaal.language(arguments: ["score"], environment: ["LANG": "nl_NL.UTF-8"]) == .nl)
        #expect(Signaal.language(arguments: ["score"], environment: [:]) == .en)
    }
}
