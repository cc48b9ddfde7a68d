import Foundation
import Testing

/// NDJSON helpers for the batch tests.
enum Batch {
    static let time = "2026-11-24T10:00:00+01:00"

    /// A fixture case on one line (the fixtures are pretty-printed; JSON strings hold no raw newline).
    static func line(_ name: String) throws -> String {
        let text = try String(contentsOf: Golden.cases.appendingPathComponent("\(name).json"), encoding: .utf8)
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    static func ndjson(_ lines: [String]) -> Data { Data(lines.map { $0 + "\n" }.joined().utf8) }

    static func object(_ text: some StringProtocol) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    static let valid = #"{"version":1,"context":{"age":15,"role":"police"},"answers":{"proceeds.handed_over":"yes"}}"#
}

@Suite("signaal score --batch, end to end")
struct BatchScoreTests {
    @Test("every fixture as one NDJSON line gives, in order, with --records full the object score --format json gives, on one line")
    func sameAsSingle() throws {
        let names = Golden.caseNames
        #expect(names.count >= 6)
        let options = ["--at", Batch.time, "--region", "amsterdam", "--lang", "nl"]
        let result = try Binary.run(["score", "--batch", "--records", "full", "-"] + options, stdin: Batch.ndjson(try names.map(Batch.line)))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "signaal: batch klaar: \(names.count) gelezen, \(names.count) beoordeeld, 0 mislukt\n")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == names.count + 1 && lines.last == "")
        for (name, line) in zip(names, lines) {
            let single = try Binary.run(
                ["score", "--format", "json", "Tests/Fixtures/cases/\(name).json"] + options, directory: Binary.root)
            #expect(try Batch.object(line) == (try Batch.object(single.stdout)), "\(name)")
            #expect(!line.contains(" \"") && !line.hasPrefix("{\n"), "\(name): not compact")
        }
    }

    @Test("bad, blank and CRLF lines: a record in each place, located messages and a summary on stderr, exit 65")
    func mixed() throws {
        let input = Batch.valid + "\n" + "\n" + Batch.valid + "\r\n"
            + #"{"version":1,"context":{"age":230,"role":"police"},"answers":{}}"# + "\n" + "   \n" + "nope\n" + Batch.valid
        let result = try Binary.run(["score", "--batch", "--at", Batch.time], stdin: Data(input.utf8))
        #expect(result.status == 65)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(try BadCorpus.kinds(result.stdout) == ["scored", "blank_line", "scored", "out_of_range", "blank_line", "syntax.unexpected_character", "scored"])
        #expect(lines.count > 3 && lines[3] == #"{"outputVersion":1,"line":4,"error":{"kind":"out_of_range","path":"$.context.age","column":31,"message":"230 is outside the range 0–120"}}"#)
        #expect(
            result.stderr == """
                signaal: <stdin>:2:1: empty line: there is no case on it
                signaal: <stdin>:4:31: $.context.age: 230 is outside the range 0–120
                signaal: <stdin>:5:1: empty line: there is no case on it
                signaal: <stdin>:6:2: not valid JSON: unexpected character 'o'
                signaal: batch done: 7 read, 3 scored, 4 failed
                signaal: failed lines: 2, 4, 5, 6

                """)
    }

    @Test("--summary counts the levels on stderr; stdout stays pure NDJSON")
    func summary() throws {
        let names = Golden.caseNames
        let result = try Binary.run(["score", "--batch", "--summary"], stdin: Batch.ndjson(try names.map(Batch.line)))
        #expect(result.status == 0)
        var counts: [String: Int] = [:]
        for line in result.stdout.split(separator: "\n") {
            let level = try #require(try Batch.object(line)["level"] as? String)
            counts[level, default: 0] += 1
        }
        let overridden = try result.stdout.split(separator: "\n").filter { try Batch.object($0)["override"] is NSDictionary }.count
        let levels = [("none", "No signals"), ("attention", "Attention"), ("suspicion", "Suspicion of exploitation"), ("acute", "Acute")]
        var expected = "signaal: batch done: \(names.count) read, \(names.count) scored, 0 failed\n"
        for (level, name) in levels { expected += "  \(name) (\(level)): \(counts[level] ?? 0)\n" }
        if overridden > 0 { expected += "  with a professional judgement that overrides: \(overridden)\n" }
        #expect(result.stderr == expected)
    }

    @Test("an empty input is zero lines; a last line without a newline still counts")
    func lineEnds() throws {
        let empty = try Binary.run(["score", "--batch", "-"], stdin: Data())
        #expect(empty.status == 0 && empty.stdout == "")
        #expect(empty.stderr == "signaal: batch done: 0 read, 0 scored, 0 failed\n")
        let unterminated = try Binary.run(["score", "--batch", "-"], stdin: Data((Batch.valid + "\n" + Batch.valid).utf8))
        #expect(unterminated.status == 0)
        #expect(try BadCorpus.kinds(unterminated.stdout) == ["scored", "scored"])
    }

    @Test("Dutch error records and summary with --lang nl")
    func dutch() throws {
        let result = try Binary.run(["score", "--batch", "--lang", "nl"], stdin: Data("{\n".utf8))
        #expect(result.status == 65)
        #expect(
            result.stdout
                == #"{"outputVersion":1,"line":1,"error":{"kind":"syntax.unexpected_end","path":null,"column":2,"message":"geen geldige JSON: de invoer houdt midden in een waarde op"}}"#
                + "\n")
        #expect(
            result.stderr == """
                signaal: <stdin>:1:2: geen geldige JSON: de invoer houdt midden in een waarde op
                signaal: <stdin>:1: dit lijkt één zaak verspreid over meerdere regels; --batch leest één zaak per regel (NDJSON). Scoor één zaak zonder --batch, of zet elke zaak op één regel: jq -c . zaak.json | signaal score --batch
                signaal: batch klaar: 1 gelezen, 0 beoordeeld, 1 mislukt
                signaal: mislukte regels: 1

                """)
    }

    @Test("options that need one case, and --summary without --batch, are usage errors before any input is read")
    func usage() throws {
        let input = Batch.ndjson([Batch.valid])
        let cases: [([String], String)] = [
            (["--summary"], "signaal: --summary only works with --batch\nSee 'signaal help'.\n"),
            (["--batch", "--format", "text"], "signaal: --format text cannot be used with --batch (a batch writes one JSON line per case)\nSee 'signaal help'.\n"),
            (["--batch", "--report", "out.md"], "signaal: --report cannot be used with --batch (a batch writes one JSON line per case)\nSee 'signaal help'.\n"),
            (["--batch", "--force"], "signaal: --force cannot be used with --batch (a batch writes one JSON line per case)\nSee 'signaal help'.\n"),
            (["--jobs", "2"], "signaal: --jobs only works with --batch\nSee 'signaal help'.\n"),
            (["--batch", "--jobs", "0"], "signaal: \"0\" is not a valid value for --jobs; choose from: 1, 2, …, 64.\nSee 'signaal help'.\n"),
            (["--batch", "-j", "65"], "signaal: \"65\" is not a valid value for --jobs; choose from: 1, 2, …, 64.\nSee 'signaal help'.\n"),
            (["--batch", "--jobs", "two"], "signaal: \"two\" is not a valid value for --jobs; choose from: 1, 2, …, 64.\nSee 'signaal help'.\n"),
            // Int("+2") is 2: a sign is no part of a count (issue 22).
            (["--batch", "--jobs", "+2"], "signaal: \"+2\" is not a valid value for --jobs; choose from: 1, 2, …, 64.\nSee 'signaal help'.\n"),
        ]
        for (arguments, message) in cases {
            let result = try Binary.run(["score"] + arguments + ["-"], stdin: input, directory: FileManager.default.temporaryDirectory)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.temporaryDirectory.appendingPathComponent("out.md").path))
        let json = try Binary.run(["score", "--batch", "--format", "json", "-"], stdin: input)
        #expect(json.status == 0)
    }

    @Test("--jobs N gives byte for byte what --jobs 1 gives: records in input order, messages in order, summary, exit code", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func jobs() throws {
        // Thousands of lines, so every read is cut into real slices: fixtures, bad lines of every
        // kind, blank lines (some held back and released together, more than a parallel round
        // holds), a pretty-printed case (the hint names its first line once), an over-long line,
        // and blank lines at the very end (no record).
        let fixtures = try Golden.caseNames.map(Batch.line)
        let bad = [
            "{", "", "   ", "nope", #"{"version":1,"context":{"age":230,"role":"police"},"answers":{}}"#,
            #"{"version":1,"context":{"age":13,"role":"police","nationality":"x"},"answers":{}}"#,
            #"{"version":1,"reference":"123456782","context":{"age":13,"role":"police"},"answers":{}}"#,
        ]
        var lines: [String] = []
        var state: UInt64 = 12
        for index in 0..<4_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let pick = Int(state >> 33)
            lines.append(pick % 9 == 0 ? bad[pick % bad.count] : fixtures[pick % fixtures.count])
            if index == 1_500 { lines += ["{", #"  "version": 1,"#, "}"] + Array(repeating: "", count: 40) }
            // More blank lines than the parallel run holds in flight (768 compact, 64 full records),
            // released together by the next case.
            if index == 3_000 { lines += Array(repeating: "", count: 2_100) }
            if index == 2_500 { lines.append(String(repeating: "x", count: (1 << 20) + 10)) }
        }
        lines += ["", " ", ""]
        let input = Batch.ndjson(lines)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-jobs-\(UUID().uuidString).ndjson")
        try input.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments = ["score", "--batch", "--summary", "--at", Batch.time]
        let one = try Binary.run(arguments + ["--jobs", "1", file.path])
        #expect(one.status == 65)
        #expect(one.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == lines.count - 3 + 1)
        #expect(one.stderr.contains("this looks like one case spread over several lines"))
        #expect(one.stderr.contains("line longer than"))
        for jobs in ["2", "3", "7", "64"] {
            for source in [file.path, "-"] {
                let many = try Binary.run(arguments + ["--jobs", jobs, source], stdin: source == "-" ? input : nil)
                #expect(many.status == one.status, "--jobs \(jobs) \(source)")
                // Compared as booleans with the first differing record named: a diff of megabytes
                // would cost more than the run.
                let sameOutput = many.stdout == one.stdout
                let sameMessages = many.stderr.replacingOccurrences(of: "<stdin>", with: file.path) == one.stderr
                #expect(sameOutput, "--jobs \(jobs) \(source): output differs from line \(firstDifference(many.stdout, one.stdout))")
                #expect(sameMessages, "--jobs \(jobs) \(source): messages differ from line \(firstDifference(many.stderr, one.stderr))")
            }
        }
        // The default (one job per core) is the same too, and so is a run where every line scores.
        let byDefault = try Binary.run(arguments + [file.path])
        let sameByDefault = byDefault.status == 65 && byDefault.stdout == one.stdout && byDefault.stderr == one.stderr
        #expect(sameByDefault, "default jobs: differs from line \(firstDifference(byDefault.stdout, one.stdout))")
        // Full records: smaller rounds, the same bytes.
        let fullOne = try Binary.run(arguments + ["--records", "full", "--jobs", "1", file.path])
        let fullTwo = try Binary.run(arguments + ["--records", "full", "--jobs", "2", "-"], stdin: input)
        let sameFull = fullOne.status == 65 && fullTwo.status == 65 && fullTwo.stdout == fullOne.stdout
            && fullTwo.stderr.replacingOccurrences(of: "<stdin>", with: file.path) == fullOne.stderr
        #expect(sameFull, "--records full: differs from line \(firstDifference(fullTwo.stdout, fullOne.stdout))")
        let clean = Batch.ndjson(Array(repeating: fixtures, count: 200).flatMap { $0 })
        let cleanOne = try Binary.run(arguments + ["--jobs", "1", "-"], stdin: clean)
        let cleanTwo = try Binary.run(arguments + ["--jobs", "2", "-"], stdin: clean)
        #expect(cleanOne.status == 0 && cleanTwo.status == 0)
        let sameClean = cleanTwo.stdout == cleanOne.stdout && cleanTwo.stderr == cleanOne.stderr
        #expect(sameClean, "all lines scored: differs from line \(firstDifference(cleanTwo.stdout, cleanOne.stdout))")
    }

    /// Issue 24 (never slower than one job on a busy machine): a worker that loses its core holds
    /// the oldest block, and nothing can be written until it is back; the other worker scores that
    /// block a second time and the copy that finishes first is kept. A debug-only hook stalls worker 0
    /// before each of its blocks until the other worker has scored it (at most 5 s: without the
    /// second scoring the run only gets slow, and the count below fails); the bytes stay those of one job.
    @Test("--jobs 2 with one worker stalled: the other scores the stalled block again, and output, messages and summary stay those of --jobs 1", arguments: ["full", "compact"])
    func stalledWorker(records: String) throws {
        let fixtures = try Golden.caseNames.map(Batch.line)
        var lines: [String] = []
        // Enough lines that the free worker fills every slot while worker 0 sleeps (compact
        // records: blocks of 128 lines, 6 slots).
        while lines.count < 4_000 { lines += fixtures + (lines.count % 7 == 0 ? ["{", "", "nope"] : []) }
        lines += ["", ""]
        let input = Batch.ndjson(lines)
        let arguments = ["score", "--batch", "--summary", "--records", records, "--at", Batch.time, "-"]
        let one = try Binary.run(arguments + ["--jobs", "1"], stdin: input)
        #expect(one.status == 65)
        let stalled = try Binary.run(arguments + ["--jobs", "2"], stdin: input, environment: ["SIGNAAL_TEST_STALL_WORKER": "5000"])
        #expect(stalled.status == one.status)
        #expect(stalled.stdout == one.stdout, "differs from line \(firstDifference(stalled.stdout, one.stdout))")
        let report = try #require(stalled.stderr.split(separator: "\n").first { $0.hasPrefix("signaal: test: ") })
        let twice = Int(report.split(separator: " ")[2]) ?? 0
        #expect(twice > 0, "no block was scored a second time: \(report)")
        let messages = stalled.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("signaal: test: ") }
        #expect(messages.joined(separator: "\n") == one.stderr)
    }

    @Test("--jobs 2 and 3 fed through a pipe a piece at a time: each line is answered once it is complete, blocks of one line and of many give the bytes of --jobs 1, and 2 jobs run 3 threads (no writer thread beside the workers)", arguments: ["full", "compact"])
    func jobsThroughPipe(records: String) throws {
        let fixtures = try Golden.caseNames.map(Batch.line)
        // Far more lines than the ring holds (64 full, 768 compact records), bad and blank ones among them.
        var lines: [String] = []
        for index in 0..<1_600 {
            lines.append(index % 97 == 5 ? "nope" : index % 89 == 7 ? "" : fixtures[index % fixtures.count])
        }
        let input = Array(Batch.ndjson(lines))
        let arguments = ["score", "--batch", "--summary", "--records", records, "--at", Batch.time]
        let one = try Binary.run(arguments + ["--jobs", "1", "-"], stdin: Data(input))
        #expect(one.status == 65)
        let expected = Array(one.stdout.utf8)
        let firstEnd = try #require(input.firstIndex(of: 0x0A)) + 1
        let secondEnd = try #require(input[firstEnd...].firstIndex(of: 0x0A)) + 1
        for jobs in [2, 3] {
            let source = Spawn.pipe()
            let output = Spawn.pipe()
            let errors = Spawn.pipe()
            let pid = try Spawn.start(
                arguments + ["--jobs", String(jobs), "-"], streams: [0: source.read, 1: output.write, 2: errors.write])
            close(source.read)
            close(output.write)
            close(errors.write)
            let send = { @Sendable (bytes: ArraySlice<UInt8>) in
                _ = bytes.withUnsafeBytes { write(source.write, $0.baseAddress, $0.count) }
            }
            // The first line in two reads, then the second alone: each record comes before more input.
            send(input[0..<(firstEnd / 2)])
            send(input[(firstEnd / 2)..<firstEnd])
            let first = readSome(output.read, limit: expected.firstIndex(of: 0x0A)! + 1)
            #expect(first.last == 0x0A, "--jobs \(jobs): the first record, before more input")
            let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").count) ?? 0
            #expect(threads == 1 + jobs, "--jobs \(jobs): \(threads) threads, expected the reading thread and \(jobs) workers")
            send(input[firstEnd..<secondEnd])
            var got = first + readSome(output.read, limit: expected[first.count...].firstIndex(of: 0x0A)! + 1 - first.count)
            #expect(got.count == expected[first.count...].firstIndex(of: 0x0A)! + 1, "--jobs \(jobs): the second record, before more input")
            // The rest in one go (from another thread: the pipes hold less than the output).
            let writer = Thread {
                send(input[secondEnd...])
                close(source.write)
            }
            writer.start()
            got += Spawn.readAll(output.read)
            close(output.read)
            let messages = String(decoding: Spawn.readAll(errors.read), as: UTF8.self)
            close(errors.read)
            #expect(Spawn.wait(pid) == .exit(65), "--jobs \(jobs): \(messages)")
            // Compared as booleans with the first differing record named: a diff of megabytes
            // would cost more than the run.
            let sameOutput = got == expected
            let sameMessages = messages == one.stderr
            #expect(sameOutput, "--jobs \(jobs) --records \(records): output differs from line \(firstDifference(String(decoding: got, as: UTF8.self), one.stdout))")
            #expect(sameMessages, "--jobs \(jobs) --records \(records): messages differ from line \(firstDifference(messages, one.stderr))")
        }
    }

    @Test("SIGINT mid-run with --jobs 2 and full records (the writing worker blocked on a full pipe): exit 130, the output a clean prefix of --jobs 1's")
    func jobsStopPrefix() throws {
        let fixtures = try Golden.caseNames.map(Batch.line)
        let lines = (0..<3_000).map { fixtures[$0 % fixtures.count] }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-jobs-stop-\(UUID().uuidString).ndjson")
        try Batch.ndjson(lines).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments = ["score", "--batch", "--records", "full", "--at", Batch.time]
        let one = try Binary.run(arguments + ["--jobs", "1", file.path])
        #expect(one.status == 0)
        let expected = Array(one.stdout.utf8)
        let output = Spawn.pipe()
        let errors = Spawn.pipe()
        let pid = try Spawn.start(arguments + ["--jobs", "2", file.path], streams: [1: output.write, 2: errors.write])
        close(output.write)
        close(errors.write)
        // More than a pipe holds, so a worker is blocked part-way through writing a block.
        var bytes = Spawn.readSome(output.read, limit: 300_000)
        kill(pid, SIGINT)
        bytes += Spawn.readAll(output.read)
        close(output.read)
        let message = String(decoding: Spawn.readAll(errors.read), as: UTF8.self)
        close(errors.read)
        #expect(Spawn.wait(pid) == .exit(130), "\(message)")
        #expect(bytes.last == 0x0A, "the output must end at a line end")
        #expect(bytes.count < expected.count, "the run should have been stopped")
        let prefix = bytes.count <= expected.count && expected[0..<bytes.count].elementsEqual(bytes)
        #expect(prefix, "not a prefix of --jobs 1's output")
        let records = bytes.split(separator: 0x0A).count
        #expect(message.contains("stopped by SIGINT") && message.contains("after \(records) complete lines"), "\(message)")
    }

    /// Reads up to `limit` bytes, giving up after `seconds` without any: a run that waited for more
    /// input than its lines need would otherwise hang the test instead of failing it.
    private func readSome(_ descriptor: Int32, limit: Int, seconds: Int32 = 60) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < limit {
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, seconds * 1_000) > 0 else { break }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, min($0.count, limit - bytes.count)) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    /// The 1-based number of the first line where two outputs differ (0 when they are equal).
    private func firstDifference(_ left: String, _ right: String) -> Int {
        let leftLines = left.split(separator: "\n", omittingEmptySubsequences: false)
        let rightLines = right.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(leftLines.count, rightLines.count) {
            if index >= leftLines.count || index >= rightLines.count || leftLines[index] != rightLines[index] { return index + 1 }
        }
        return 0
    }

    @Test("a missing file or a folder: exit 66 with the usual message")
    func files() throws {
        let missing = try Binary.run(["score", "--batch", "/nonexistent/cases.ndjson"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "signaal: /nonexistent/cases.ndjson: no such file\n")
        let folder = try Binary.run(["score", "--batch", "/tmp"])
        #expect(folder.status == 66)
        #expect(folder.stderr == "signaal: /tmp: is a directory, not a file\n")
    }

    @Test("determinism: the same input gives byte-identical output, run after run, from stdin or a file")
    func determinism() throws {
        var lines = try Golden.caseNames.map(Batch.line)
        // The blank line is not the last one: blank lines at the very end give no record.
        lines += [Batch.valid, "{", "", #"{"version":1,"context":{"age":13,"role":"police","nationality":"x"},"answers":{}}"#]
        let input = Batch.ndjson(lines)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-batch-\(UUID().uuidString).ndjson")
        try input.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments = ["score", "--batch", "--summary", "--at", Batch.time]
        let first = try Binary.run(arguments + ["-"], stdin: input)
        #expect(first.status == 65)
        #expect(first.stdout.split(separator: "\n").count == lines.count)
        // Each process hashes with a new random seed: dictionary order must never reach the output.
        for _ in 0..<3 {
            let again = try Binary.run(arguments + ["-"], stdin: input)
            #expect(Data(again.stdout.utf8) == Data(first.stdout.utf8))
            #expect(again.stderr == first.stderr)
        }
        let fromFile = try Binary.run(arguments + [file.path])
        #expect(fromFile.stdout == first.stdout)
        #expect(fromFile.stderr == first.stderr.replacing("<stdin>", with: file.path))
    }
}
