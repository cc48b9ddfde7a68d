import Foundation
import Testing

/// Fixture cases under Tests/Fixtures/cases; their exact expected outputs under Tests/Fixtures/expected.
/// Set SIGNAAL_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then review
/// the diff before committing.
enum Golden {
    static let cases = Binary.root.appendingPathComponent("Tests/Fixtures/cases")
    static let expected = Binary.root.appendingPathComponent("Tests/Fixtures/expected")
    static let updating = GoldenUpdate.updating

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cases.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Compares `actual` with the expected file, or writes it when updating.
    static func check(_ actual: String, against name: String) throws {
        let url = expected.appendingPathComponent(name)
        if updating {
            try GoldenUpdate.write(actual, to: url)
            return
        }
        let wanted = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == wanted, "output differs from \(name)")
    }
}

@Suite("signaal score, end to end")
struct ScoreEndToEndTests {
    @Test("there are fixture cases")
    func fixturesExist() {
        #expect(Golden.caseNames.count >= 6)
    }

    @Test("text output in both languages and JSON match the expected files exactly", arguments: Golden.caseNames)
    func fixture(name: String) throws {
        let file = "Tests/Fixtures/cases/\(name).json"
        for language in ["en", "nl"] {
            let result = try Binary.run(["score", file, "--lang", language], directory: Binary.root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr == "")
            try Golden.check(result.stdout, against: "\(name).\(language).txt")
        }
        let json = try Binary.run(["score", "--format", "json", file], directory: Binary.root)
        #expect(json.status == 0)
        try Golden.check(json.stdout, against: "\(name).json")
        // The JSON result parses and carries the documented keys.
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        for key in ["catalogVersion", "level", "score", "signals", "unknowns", "route", "notes"] {
            #expect(object?[key] != nil, "missing \(key)")
        }
    }

    @Test("stdin and a file give byte-identical output, twice")
    func stdinAndDeterminism() throws {
        let name = try #require(Golden.caseNames.first)
        let data = try Data(contentsOf: Golden.cases.appendingPathComponent("\(name).json"))
        let fromFile = try Binary.run(["score", "--format", "json", "Tests/Fixtures/cases/\(name).json"], directory: Binary.root)
        let fromStdin = try Binary.run(["score", "--format", "json", "-"], stdin: data)
        let again = try Binary.run(["score", "--format", "json"], stdin: data)
        #expect(fromFile.stdout == fromStdin.stdout)
        #expect(fromStdin.stdout == again.stdout)
    }

    @Test("LANG chooses Dutch; --lang overrides it")
    func language() throws {
        let name = try #require(Golden.caseNames.first)
        let file = "Tests/Fixtures/cases/\(name).json"
        let dutch = try Binary.run(["score", file], environment: ["LANG": "nl_NL.UTF-8"], directory: Binary.root)
        let english = try Binary.run(["score", file, "--lang", "en"], environment: ["LANG": "nl_NL.UTF-8"], directory: Binary.root)
        #expect(dutch.stdout.hasPrefix("Signaal — beoordeling"))
        #expect(english.stdout.hasPrefix("Signaal — criminal exploitation assessment"))
    }

    @Test(
        "bad input: one located message on stderr, nothing on stdout, the documented exit code",
        arguments: [
            ("{\"version\":1,\n\"context\":{\"age\":230,\"role\":\"police\"},\"answers\":{}}", 65,
             "signaal: <stdin>:2:18: $.context.age: 230 is outside the range 0–120\n"),
            ("{\"version\": 1, \"context\": {\"age\": 13, \"role\": \"police\"", 65,
             "signaal: <stdin>:1:55: not valid JSON: the input ends in the middle of a value\n"),
            ("", 65, "signaal: <stdin>:1:1: not valid JSON: the input is empty\n"),
            ("{\"version\":3,\"context\":{},\"answers\":{}}", 65,
             "signaal: <stdin>:1:12: $.version: version 3 is not supported; this Signaal reads versions 1 to 2\n"),
        ])
    func badInput(input: String, status: Int32, message: String) throws {
        let result = try Binary.run(["score", "-"], stdin: Data(input.utf8))
        #expect(result.status == status)
        #expect(result.stdout == "")
        #expect(result.stderr == message)
    }

    @Test("a profile attribute is refused with the reason")
    func profile() throws {
        let input = #"{"version":1,"context":{"age":13,"role":"police","nationality":"x"},"answers":{}}"#
        let result = try Binary.run(["score", "-", "--lang", "nl"], stdin: Data(input.utf8))
        #expect(result.status == 65)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("signaal: <stdin>:1:50: $.context.nationality: \"nationality\" is een persoonskenmerk"))
    }

    @Test("usage and file problems have their own exit codes")
    func exitCodes() throws {
        let missing = try Binary.run(["score", "/nonexistent/case.json"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "signaal: /nonexistent/case.json: no such file\n")
        let directory = try Binary.run(["score", "/tmp"])
        #expect(directory.status == 66)
        let option = try Binary.run(["score", "--fromat", "json"])
        #expect(option.status == 64)
        #expect(option.stderr == "signaal: unknown option \"--fromat\" for \"score\". Did you mean \"--format\"?\nSee 'signaal help'.\n")
        let command = try Binary.run(["scroe"])
        #expect(command.status == 64)
        #expect(command.stderr.contains("Did you mean \"score\"?"))
        let badTime = try Binary.run(["score", "--at", "gisteren", "-"], stdin: Data())
        #expect(badTime.status == 64)
    }
}

@Suite("Output that cannot be written")
struct FullDiskTests {
    @Test("a full disk on stdout ends with exit 74 and a message, not a crash", arguments: [["score"], ["score", "--batch"]])
    func fullStdout(arguments: [String]) throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"), "/dev/full is not available")
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments + ["Tests/Fixtures/cases/money_mule_zsm.json"]
        process.currentDirectoryURL = Binary.root
        process.environment = Binary.baseEnvironment
        let errors = Pipe()
        process.standardOutput = full
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 74)
        #expect(stderr.contains("signaal: cannot write to stdout: No space left on device"))
    }
}

@Suite("Inputs larger than any case")
struct HugeInputTests {
    @Test("a 300 MB file is refused with exit 65 and a pointer to batch mode, without reading it all")
    func hugeFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("huge.json").path
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: 300 * 1024 * 1024)  // sparse: no disk, no test memory
            try handle.close()
            let result = try Binary.run(["score", path])
            #expect(result.status == 65)
            #expect(result.stdout == "")
            #expect(result.stderr == "signaal: \(path): larger than 256 MB; a case is a few kB. For many cases: signaal score --batch\n")
        }
    }
}
