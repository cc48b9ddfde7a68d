import Foundation
import Testing

/// The bad-input corpus: every file in Tests/Fixtures/bad/ with its exact expected outcome in
/// manifest.json, run end to end against the built binary.
///
/// Manifest entry per file:
/// - `about`: what is wrong with it (hand-written);
/// - `exit`, `stderr`: the outcome of `signaal score -` with the file on stdin (English);
/// - `batch`: the outcome of `signaal score --batch -` with the file as NDJSON (its bytes plus a
///   final `\n` if it lacks one). `"same"` means: one line, one error record of kind `kind` whose
///   located message is exactly the single-mode `stderr` (or, for exit 0, one result), the same
///   exit code. Otherwise `{exit, stderr, kinds}` — files with line breaks become several lines.
///
/// After a deliberate change of messages run with SIGNAAL_UPDATE_GOLDEN=1 to rewrite everything but
/// `about`, then review the diff. A new bad input: add the file and an entry with only `about`.
enum BadCorpus {
    static let folder = Binary.root.appendingPathComponent("Tests/Fixtures/bad")
    static let manifestURL = folder.appendingPathComponent("manifest.json")
    static let updating = GoldenUpdate.updating

    static func manifest() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: manifestURL)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root["files"] as? [String: [String: Any]])
    }

    /// File names in the manifest, for parameterised tests.
    static let names: [String] = ((try? manifest()) ?? [:]).keys.sorted()

    static func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// The file as NDJSON: its bytes, ending in a newline.
    static func asLines(_ data: Data) -> Data {
        data.last == 0x0A ? data : data + Data([0x0A])
    }

    /// The summary `score --batch` ends with, for one line.
    static func oneLineSummary(failed: Bool) -> String {
        failed
            ? "signaal: batch done: 1 read, 0 scored, 1 failed\nsignaal: failed lines: 1\n"
            : "signaal: batch done: 1 read, 1 scored, 0 failed\n"
    }

    /// No trap, no sanitizer report, no signal: only the documented exit codes.
    static func expectNoCrash(_ result: Binary.Result, _ what: String) {
        #expect([0, 64, 65, 66, 73, 74].contains(result.status), "\(what): exit \(result.status)")
        for marker in ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation fault", "Current stack trace", "⟦"] {
            #expect(!result.stderr.contains(marker), "\(what): \(marker) in stderr")
        }
    }

    /// The kind of each output record: the error's `kind`, or `scored` for an assessment.
    static func kinds(_ stdout: String) throws -> [String] {
        try stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if let error = object["error"] as? [String: Any] { return try #require(error["kind"] as? String) }
            #expect(object["level"] is String, "a record is neither a result nor an error: \(line)")
            return "scored"
        }
    }

    /// The located stderr line rebuilt from an error record, to prove the record's fields agree
    /// with the message for people.
    static func locatedMessage(fromRecord line: Substring) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let error = try #require(object["error"] as? [String: Any])
        let number = try #require(object["line"] as? Int)
        let column = try #require(error["column"] as? Int)
        let path = (error["path"] as? String).map { $0 + ": " } ?? ""
        let message = try #require(error["message"] as? String)
        return "signaal: <stdin>:\(number):\(column): \(path)\(message)\n"
    }
}

@Suite("Bad-input corpus, end to end")
struct BadInputCorpusTests {
    @Test("the manifest lists every file of the corpus, and there are at least 50")
    func manifestCoversCorpus() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: BadCorpus.folder.path).filter { $0 != "manifest.json" }
        #expect(Set(files) == Set(try BadCorpus.manifest().keys))
        #expect(files.count >= 50)
        for (name, entry) in try BadCorpus.manifest() {
            #expect(entry["about"] is String, "\(name) has no about")
        }
    }

    @Test("single mode: the exact message and exit code, on stdin and from the file", arguments: BadCorpus.names)
    func single(name: String) throws {
        let entry = try #require(try BadCorpus.manifest()[name])
        let data = try BadCorpus.bytes(name)
        let result = try Binary.run(["score", "-"], stdin: data)
        BadCorpus.expectNoCrash(result, name)
        if BadCorpus.updating { return }
        let exit = try #require(entry["exit"] as? Int)
        let stderr = try #require(entry["stderr"] as? String)
        #expect(result.status == Int32(exit), "\(name)")
        #expect(result.stderr == stderr, "\(name)")
        if exit == 0 {
            #expect(result.stdout.hasPrefix("Signaal — "), "\(name)")
        } else {
            #expect(result.stdout == "", "\(name)")
        }
        // The same file by name: the same message, attributed to the file.
        let relative = "Tests/Fixtures/bad/" + name
        let byPath = try Binary.run(["score", relative], directory: Binary.root)
        #expect(byPath.status == Int32(exit), "\(name)")
        #expect(byPath.stderr == stderr.replacing("<stdin>", with: relative), "\(name)")
        // Dutch: same exit code, a message without missing texts.
        let dutch = try Binary.run(["score", "-", "--lang", "nl"], stdin: data)
        BadCorpus.expectNoCrash(dutch, name + " (nl)")
        #expect(dutch.status == Int32(exit), "\(name) (nl)")
        #expect((dutch.stderr == "") == (exit == 0), "\(name) (nl)")
    }

    @Test("batch mode: the file as NDJSON gives its error records and exit code", arguments: BadCorpus.names)
    func batch(name: String) throws {
        let entry = try #require(try BadCorpus.manifest()[name])
        let input = BadCorpus.asLines(try BadCorpus.bytes(name))
        let result = try Binary.run(["score", "--batch", "-"], stdin: input)
        BadCorpus.expectNoCrash(result, name + " (batch)")
        if BadCorpus.updating { return }
        let kinds = try BadCorpus.kinds(result.stdout)
        if entry["batch"] as? String == "same" {
            let exit = try #require(entry["exit"] as? Int)
            let stderr = try #require(entry["stderr"] as? String)
            let kind = try #require(entry["kind"] as? String)
            #expect(result.status == Int32(exit), "\(name)")
            #expect(kinds == [kind], "\(name)")
            #expect(result.stderr == stderr + BadCorpus.oneLineSummary(failed: exit != 0), "\(name)")
            if exit != 0, let line = result.stdout.split(separator: "\n").first {
                #expect(try BadCorpus.locatedMessage(fromRecord: line) == stderr, "\(name): record and message disagree")
            }
        } else {
            let batch = try #require(entry["batch"] as? [String: Any], "\(name): batch must be \"same\" or an object")
            #expect(result.status == Int32(try #require(batch["exit"] as? Int)), "\(name)")
            #expect(result.stderr == (try #require(batch["stderr"] as? String)), "\(name)")
            #expect(kinds == (try #require(batch["kinds"] as? [String])), "\(name)")
        }
    }

    /// SIGNAAL_UPDATE_GOLDEN=1: rewrites the manifest from the binary's behaviour, keeping `about`.
    @Test("manifest update", .enabled(if: BadCorpus.updating))
    func update() throws {
        var files: [String: Any] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: BadCorpus.folder.path).filter { $0 != "manifest.json" }
        let old = try BadCorpus.manifest()
        for name in names.sorted() {
            let data = try BadCorpus.bytes(name)
            let single = try Binary.run(["score", "-"], stdin: data)
            var entry: [String: Any] = [
                "about": old[name]?["about"] as? String ?? "TODO: say what is wrong", "exit": Int(single.status),
                "stderr": single.stderr,
            ]
            let input = BadCorpus.asLines(data)
            let batch = try Binary.run(["score", "--batch", "-"], stdin: input)
            let kinds = try BadCorpus.kinds(batch.stdout)
            let oneLine = input.filter { $0 == 0x0A }.count == 1
            if oneLine, kinds.count == 1, batch.status == single.status,
                batch.stderr == single.stderr + BadCorpus.oneLineSummary(failed: single.status != 0)
            {
                entry["batch"] = "same"
                entry["kind"] = kinds[0]
            } else {
                entry["batch"] = ["exit": Int(batch.status), "stderr": batch.stderr, "kinds": kinds] as [String: Any]
            }
            files[name] = entry
        }
        let root: [String: Any] = ["version": 1, "files": files]
        let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try GoldenUpdate.write(String(decoding: data, as: UTF8.self) + "\n", to: BadCorpus.manifestURL)
    }
}

/// Inputs too big to commit, made at test time.
@Suite("Generated bad inputs: huge lines and deep nesting", .serialized, .enabled(if: Exhaustive.on, Exhaustive.skipReason))
struct GeneratedBadInputTests {
    static let valid = #"{"version":1,"context":{"age":15,"role":"police","assessedAt":"2026-11-24T10:00:00+01:00"},"answers":{}}"#
    static let hundredMegabytes = 100_000_000

    /// A case whose one note is `size` bytes long, on one line.
    static func caseWithNote(bytes size: Int) -> Data {
        var data = Data(#"{"version":1,"context":{"age":13,"role":"police"},"answers":{"proceeds.handed_over":{"answer":"yes","note":""#.utf8)
        data.append(Data(repeating: UInt8(ascii: "x"), count: size))
        data.append(Data(#""}}}"#.utf8))
        return data
    }

    @Test("single mode: a 100 MB line is read and refused with the note's limit")
    func hugeLineSingle() throws {
        let result = try Binary.run(["score", "-"], stdin: Self.caseWithNote(bytes: Self.hundredMegabytes))
        BadCorpus.expectNoCrash(result, "100 MB line")
        #expect(result.status == 65)
        #expect(result.stdout == "")
        #expect(result.stderr == "signaal: <stdin>:1:108: $.answers[\"proceeds.handed_over\"].note: length must be between 0 and 2000\n")
    }

    @Test("batch mode: a 100 MB line becomes one error record, memory stays small, the next line is scored")
    func hugeLineBatch() throws {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["score", "--batch", "-", "--at", "2026-11-24T10:00:00+01:00"]
        process.environment = Binary.baseEnvironment
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        _ = Binary.ignoreBrokenPipes
        try process.run()
        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            collected.errors = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let writer = input.fileHandleForWriting
        try writer.write(contentsOf: Data((Self.valid + "\n").utf8))
        try writer.write(contentsOf: Self.caseWithNote(bytes: Self.hundredMegabytes) + Data("\n".utf8))
        // Wait until both records are out, then read the peak memory while the process still runs.
        let deadline = Date().addingTimeInterval(300)
        while collected.lineCount < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        let kilobytes = peak.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        try writer.write(contentsOf: Data((Self.valid + "\n").utf8))
        try writer.close()
        process.waitUntilExit()
        group.wait()

        #expect(kilobytes > 0 && kilobytes < 80_000, "peak resident memory \(kilobytes) kB after a 100 MB line")
        #expect(process.terminationStatus == 65)
        let stdout = String(decoding: collected.data, as: UTF8.self)
        #expect(try BadCorpus.kinds(stdout) == ["scored", "line_too_long", "scored"])
        let lines = stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines.dropFirst().first
                == #"{"outputVersion":1,"line":2,"error":{"kind":"line_too_long","path":null,"column":1048577,"message":"line longer than 1048576 bytes; skipped to the next line"}}"#
        )
        #expect(
            String(decoding: collected.errors, as: UTF8.self)
                == "signaal: <stdin>:2:1048577: line longer than 1048576 bytes; skipped to the next line\n"
                + "signaal: batch done: 3 read, 2 scored, 1 failed\nsignaal: failed lines: 2\n")
    }

    @Test("batch mode: a line of exactly 1 MiB is scored, one byte more is refused")
    func lineLimitBoundary() throws {
        let limit = 1 << 20
        let padding = limit - Self.valid.utf8.count
        let exact = Data(Self.valid.dropLast().utf8) + Data(repeating: 0x20, count: padding) + Data("}".utf8)
        #expect(exact.count == limit)
        let over = Data(repeating: 0x20, count: 1) + exact
        let result = try Binary.run(["score", "--batch"], stdin: exact + Data("\n".utf8) + over + Data("\n".utf8))
        BadCorpus.expectNoCrash(result, "1 MiB boundary")
        #expect(result.status == 65)
        #expect(try BadCorpus.kinds(result.stdout) == ["scored", "line_too_long"])
        // CRLF: the \r is part of the line ending, not of the 1 MiB.
        let crlf = try Binary.run(["score", "--batch"], stdin: exact + Data("\r\n".utf8) + exact + Data("\r\n".utf8))
        #expect(crlf.status == 0)
        #expect(try BadCorpus.kinds(crlf.stdout) == ["scored", "scored"])
    }

    @Test("a 20 kB unknown key or indicator id is refused in one message of readable length")
    func longKeys() throws {
        let key = String(repeating: "k", count: 20_000)
        let inputs = [
            ("top-level key", #"{"version":1,"context":{"age":13,"role":"police"},"answers":{},""# + key + #"":1}"#),
            ("indicator id", #"{"version":1,"context":{"age":13,"role":"police"},"answers":{""# + key + #"":"yes"}}"#),
        ]
        for (label, input) in inputs {
            let result = try Binary.run(["score", "-"], stdin: Data(input.utf8))
            BadCorpus.expectNoCrash(result, label)
            #expect(result.status == 65, "\(label)")
            #expect(result.stderr.utf8.count < 1000, "\(label): \(result.stderr.utf8.count) bytes")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(label)")
        }
    }

    @Test("a million open brackets: refused at the depth limit in both modes, no stack overflow")
    func deepNesting() throws {
        let data = Data(repeating: UInt8(ascii: "["), count: 1_000_000)
        let single = try Binary.run(["score", "-"], stdin: data)
        BadCorpus.expectNoCrash(single, "deep nesting")
        #expect(single.status == 65)
        #expect(single.stderr == "signaal: <stdin>:1:65: not valid JSON: nested deeper than 64 levels\n")
        let batch = try Binary.run(["score", "--batch", "-"], stdin: data)
        #expect(batch.status == 65)
        #expect(try BadCorpus.kinds(batch.stdout) == ["syntax.too_deep"])
    }
}

/// Output gathered from another thread.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    private var storedErrors = Data()

    func append(_ chunk: Data) {
        lock.lock()
        stored.append(chunk)
        lock.unlock()
    }

    var data: Data {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    var errors: Data {
        get {
            lock.lock()
            defer { lock.unlock() }
            return storedErrors
        }
        set {
            lock.lock()
            storedErrors = newValue
            lock.unlock()
        }
    }

    var lineCount: Int { data.filter { $0 == 0x0A }.count }
}
