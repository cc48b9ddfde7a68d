import Foundation
import Glibc
import Testing

/// Hostile files, streams and signals, tried against the built binary: FIFOs and folders where a
/// file is expected, closed and broken streams, input that is the output, two sessions on one draft,
/// SIGPIPE/SIGTERM/SIGHUP, linked folders, leftovers of a killed process. Nothing here touches a real
/// device: FIFOs, pipes and files live in a fresh temporary folder.
@Suite("files, streams and signals", .serialized)
struct FileHardeningTests {
    static let at = ["--at", "2026-01-05T10:00:00+01:00"]

    /// A private scratch folder, removed afterwards.
    static func folder<T>(_ body: (String) throws -> T) throws -> T {
        try ScoreSandbox.folder { try body($0.path) }
    }

    static func isFIFO(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO
    }

    /// `count` batch lines, every second one bad, so both stdout and stderr carry text.
    static func batchInput(_ count: Int) -> String {
        (0..<count).map { $0 % 2 == 0 ? Batch.valid : #"{"version":1,"bad":true}"# }.map { $0 + "\n" }.joined()
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    // MARK: Output targets (findings 6, 12, 16)

    @Test("--report --force replaces only a regular file: a FIFO or a folder is refused (73) and left as it was")
    func reportTargets() throws {
        try Self.folder { root in
            let fifo = root + "/pipe.md"
            #expect(mkfifo(fifo, 0o600) == 0)
            let folder = root + "/reports"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            let input = try String(contentsOf: Golden.cases.appendingPathComponent("money_mule_zsm.json"), encoding: .utf8)
            for (target, message) in [
                (fifo, "is not a regular file (a device, FIFO or socket); Signaal writes only regular files"),
                (folder, "is a directory; give the name of a file"),
            ] {
                let result = try Binary.run(["score", "-", "--report", target, "--force"] + Self.at, stdin: Data(input.utf8))
                #expect(result.status == 73, "\(target): \(result.stderr)")
                #expect(result.stderr.contains(message), "\(result.stderr)")
                #expect(result.stdout.isEmpty, "refused before any output")
            }
            #expect(Self.isFIFO(fifo), "the FIFO must still be a FIFO")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
            // A regular file is replaced with --force, privately.
            let existing = root + "/old.md"
            try Self.write("old", to: existing)
            let replaced = try Binary.run(["score", "-", "--report", existing, "--force"] + Self.at, stdin: Data(input.utf8))
            #expect(replaced.status == 0, "\(replaced.stderr)")
            #expect(try String(contentsOfFile: existing, encoding: .utf8).hasPrefix("#"))
        }
    }

    @Test("triage checks --save and --report at the start: a folder, a FIFO or a missing folder is 73 before the first question")
    func triageTargetsAtStart() throws {
        try Self.folder { root in
            let fifo = root + "/pipe.md"
            #expect(mkfifo(fifo, 0o600) == 0)
            let environment = ["XDG_STATE_HOME": root + "/state"]
            for arguments in [["--save", root], ["--report", fifo, "--force"], ["--save", root + "/missing/case.json"]] {
                let result = try Binary.run(["triage"] + arguments + Self.at, stdin: Data("13\n".utf8), environment: environment)
                #expect(result.status == 73, "\(arguments): \(result.stderr)")
                #expect(!result.stderr.contains("Question"), "refused before the interview: \(result.stderr)")
            }
            #expect(Self.isFIFO(fifo))
        }
    }

    // MARK: Batch streams (findings 8, 9, 11, 12)

    @Test("batch with stdin closed or a folder on stdin is 66, as in single mode")
    func batchStdin() throws {
        try Self.folder { root in
            for mode in [["score", "--batch"], ["score"]] {
                let output = Spawn.pipe()
                let errors = Spawn.pipe()
                let closed = try Spawn.start(mode, streams: [0: nil, 1: output.write, 2: errors.write])
                close(output.write)
                close(errors.write)
                let message = String(decoding: Spawn.readAll(errors.read), as: UTF8.self)
                close(output.read)
                close(errors.read)
                #expect(Spawn.wait(closed) == .exit(66), "\(mode) with stdin closed: \(message)")
                #expect(message.contains("<stdin>: is closed"), "\(message)")
            }
            let directory = open(root, O_RDONLY | O_CLOEXEC)
            defer { close(directory) }
            let folder = try Spawn.start(["score", "--batch"], streams: [0: directory])
            #expect(Spawn.wait(folder) == .exit(66))
        }
    }

    @Test("batch output appended to its own input is refused (same device and inode), the file unchanged")
    func batchSameFile() throws {
        try Self.folder { root in
            let path = root + "/cases.ndjson"
            let input = Self.batchInput(4)
            try Self.write(input, to: path)
            let output = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            defer { close(output) }
            let errors = Spawn.pipe()
            let pid = try Spawn.start(["score", "--batch", path] + Self.at, streams: [1: output, 2: errors.write])
            close(errors.write)
            // Wait first (the old behaviour never ended); the message is far smaller than a pipe.
            let ending = Spawn.wait(pid, timeout: 20)
            let message = String(decoding: Spawn.readAll(errors.read), as: UTF8.self)
            close(errors.read)
            #expect(ending == .exit(66), "\(message)")
            #expect(message.contains("input file is output file"), "\(message)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == input)
            // Same through stdin: `score --batch < f >> f`.
            let reading = open(path, O_RDONLY | O_CLOEXEC)
            defer { close(reading) }
            let viaStdin = try Spawn.start(["score", "--batch"] + Self.at, streams: [0: reading, 1: output])
            #expect(Spawn.wait(viaStdin, timeout: 20) == .exit(66))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == input)
        }
    }

    @Test("a reader that goes away gives the documented 74, not death by SIGPIPE — with SIGPIPE at its default")
    func closedReader() throws {
        try Self.folder { root in
            let path = root + "/cases.ndjson"
            try Self.write(Self.batchInput(2000), to: path)
            let output = Spawn.pipe()
            let errors = Spawn.pipe()
            let pid = try Spawn.start(["score", "--batch", path] + Self.at, streams: [1: output.write, 2: errors.write])
            close(output.write)
            close(errors.write)
            // Like `| head -c 100`: read a little, then the reader is gone.
            _ = Spawn.readSome(output.read, limit: 100)
            close(output.read)
            let message = String(decoding: Spawn.readAll(errors.read), as: UTF8.self)
            close(errors.read)
            #expect(Spawn.wait(pid) == .exit(74), "\(message)")
            #expect(message.contains("cannot write to stdout"))
        }
    }

    @Test("stderr closed or broken: diagnostics are best-effort, stdout still has one line per input line")
    func unwritableStderr() throws {
        try Self.folder { root in
            let count = 3000
            let path = root + "/cases.ndjson"
            try Self.write(Self.batchInput(count), to: path)
            // 2>&- and a pipe whose reader has gone (SIGPIPE at its default in the child).
            let broken = Spawn.pipe()
            close(broken.read)
            defer { close(broken.write) }
            for stderr: Int32? in [nil, broken.write] {
                let output = Spawn.pipe()
                let pid = try Spawn.start(["score", "--batch", path] + Self.at, streams: [1: output.write, 2: stderr])
                close(output.write)
                let bytes = Spawn.readAll(output.read)
                close(output.read)
                #expect(Spawn.wait(pid) == .exit(65), "stderr \(String(describing: stderr))")
                let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                #expect(lines.count == count + 1 && lines.last?.isEmpty == true, "\(lines.count - 1) lines of \(count)")
            }
        }
    }

    // MARK: SIGTERM and SIGHUP mid-batch (finding 13)

    @Test("SIGTERM, SIGHUP and Ctrl-C (SIGINT) mid-batch end at a record boundary with 143, 129 and 130", arguments: [SIGTERM, SIGHUP, SIGINT])
    func stopMidBatch(signal number: Int32) throws {
        try Self.folder { root in
            let path = root + "/cases.ndjson"
            let lines = (0..<4000).map { _ in try? Batch.line("money_mule_zsm") }.compactMap { $0 }.joined(separator: "\n")
            try Self.write(lines + "\n", to: path)
            let output = Spawn.pipe()
            let errors = Spawn.pipe()
            let pid = try Spawn.start(["score", "--batch", path] + Self.at, streams: [1: output.write, 2: errors.write])
            close(output.write)
            close(errors.write)
            // Read a little more than a pipe holds, so the writer is blocked part-way through a chunk.
            var bytes = Spawn.readSome(output.read, limit: 100_000)
            kill(pid, number)
            bytes += Spawn.readAll(output.read)
            close(output.read)
            let message = String(decoding: Spawn.readAll(errors.read), as: UTF8.self)
            close(errors.read)
            let ending = Spawn.wait(pid)
            let name = [SIGTERM: "SIGTERM", SIGHUP: "SIGHUP", SIGINT: "SIGINT"][number] ?? "?"
            #expect(ending == .exit([SIGTERM: 143, SIGHUP: 129, SIGINT: 130][number] ?? 0), "\(message)")
            #expect(bytes.last == 0x0A, "the output must end at a line end")
            let records = bytes.split(separator: 0x0A)
            #expect(records.count < 4000, "the run should have been stopped")
            for record in records {
                #expect((try? JSONSerialization.jsonObject(with: Data(record))) != nil, "a partial record")
            }
            #expect(message.contains("stopped by \(name)"), "\(message)")
        }
    }

    // MARK: FIFOs where Signaal picks the files (finding 10)

    @Test("a FIFO at a draft path or named *.json in a scenario folder is refused at once, not waited on")
    func fifosDoNotHang() throws {
        try Self.folder { root in
            let drafts = root + "/state/signaal/drafts"
            try FileManager.default.createDirectory(atPath: drafts, withIntermediateDirectories: true)
            #expect(mkfifo(drafts + "/20260105-100000-abcd.json", 0o600) == 0)
            let errors = Spawn.pipe()
            let pid = try Spawn.start(
                ["triage", "--resume", "20260105-100000-abcd"], environment: ["XDG_STATE_HOME": root + "/state"],
                streams: [2: errors.write])
            close(errors.write)
            let ending = Spawn.wait(pid, timeout: 20)
            let message = String(decoding: Spawn.readAll(errors.read), as: UTF8.self)
            close(errors.read)
            #expect(ending == .exit(66), "\(message)")
            #expect(message.contains("is not a regular file"), "\(message)")

            let scenarios = root + "/scenarios"
            try FileManager.default.createDirectory(atPath: scenarios, withIntermediateDirectories: true)
            #expect(mkfifo(scenarios + "/trap.json", 0o600) == 0)
            let check = try Spawn.start(["scenario", "check", scenarios], streams: [:])
            #expect(Spawn.wait(check, timeout: 20) == .exit(66))
        }
    }

    // MARK: One session per draft (finding 7)

    @Test("a second triage --resume of a draft in use is refused with a clear message; after the first ends it works")
    func draftLock() throws {
        try Self.folder { root in
            let environment = ["XDG_STATE_HOME": root + "/state"]
            let first = try Binary.run(["triage"] + Self.at, stdin: Data("13\nn\n".utf8), environment: environment)
            #expect(first.status == 0, "\(first.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: root + "/state/signaal/drafts")
            let id = try #require(names.first { $0.hasSuffix(".json") && !$0.hasPrefix(".") }).dropLast(5)

            // Session A resumes and waits at its next question (its stdin stays open).
            let input = Spawn.pipe()
            let errors = Spawn.pipe()
            let pid = try Spawn.start(
                ["triage", "--resume", String(id)], environment: environment, streams: [0: input.read, 2: errors.write])
            close(input.read)
            close(errors.write)
            var transcript: [UInt8] = []
            while !String(decoding: transcript, as: UTF8.self).contains("> ") {
                let more = Spawn.readSome(errors.read, limit: 1)
                if more.isEmpty { break }
                transcript += more
            }
            // Session B on the same draft.
            let second = try Binary.run(["triage", "--resume", String(id)], stdin: Data("y\n".utf8), environment: environment)
            #expect(second.status == 73, "\(second.stderr)")
            #expect(second.stderr.contains("draft \(id) is already open in another signaal triage session"), "\(second.stderr)")
            let delete = try Binary.run(["triage", "--delete-draft", String(id)], environment: environment)
            #expect(delete.status == 73, "a draft in use is not deleted under it")

            // A stops at end of input (draft kept); now B may resume.
            close(input.write)
            _ = Spawn.readAll(errors.read)
            close(errors.read)
            #expect(Spawn.wait(pid) == .exit(0))
            let again = try Binary.run(["triage", "--resume", String(id)], stdin: Data("q\n".utf8), environment: environment)
            #expect(again.status == 0, "\(again.stderr)")
        }
    }

    // MARK: Links (finding 14) and leftovers (finding 16)

    @Test("links: followed in the folders above the file (a linked XDG_STATE_HOME, --report linkdir/r.md), never at the file")
    func symlinkRule() throws {
        try Self.folder { root in
            let real = root + "/real-state"
            try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root + "/state", withDestinationPath: real)
            let environment = ["XDG_STATE_HOME": root + "/state"]
            let draft = try Binary.run(["triage"] + Self.at, stdin: Data("13\n".utf8), environment: environment)
            #expect(draft.status == 0, "\(draft.stderr)")
            #expect(!draft.stderr.contains("could not be saved"), "\(draft.stderr)")
            let saved = try FileManager.default.contentsOfDirectory(atPath: real + "/signaal/drafts")
            #expect(saved.contains { $0.hasSuffix(".json") }, "the draft is in the linked folder")

            let reports = root + "/reports"
            try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root + "/linkdir", withDestinationPath: reports)
            let input = Data(try String(contentsOf: Golden.cases.appendingPathComponent("money_mule_zsm.json"), encoding: .utf8).utf8)
            let through = try Binary.run(["score", "-", "--report", root + "/linkdir/r.md"] + Self.at, stdin: input)
            #expect(through.status == 0, "\(through.stderr)")
            #expect(FileManager.default.fileExists(atPath: reports + "/r.md"))
            try FileManager.default.createSymbolicLink(atPath: root + "/link.md", withDestinationPath: reports + "/other.md")
            let atFile = try Binary.run(["score", "-", "--report", root + "/link.md", "--force"] + Self.at, stdin: input)
            #expect(atFile.status == 73)
            #expect(!FileManager.default.fileExists(atPath: reports + "/other.md"))
        }
    }

    @Test("temp drafts left by a killed process are removed on the next start; a live writer's are kept")
    func staleTemporaryDrafts() throws {
        try Self.folder { root in
            let drafts = root + "/state/signaal/drafts"
            try FileManager.default.createDirectory(atPath: drafts, withIntermediateDirectories: true)
            // A pid that is certainly gone: a child that has exited and been reaped.
            let gone = try Spawn.start(["--version"], streams: [:])
            #expect(Spawn.wait(gone) == .exit(0))
            let dead = drafts + "/.20260105-100000-abcd.json.\(gone).Ab12Cd"
            let alive = drafts + "/.20260105-100000-beef.json.\(getpid()).Ef34Gh"
            try Self.write("{}", to: dead)
            try Self.write("{}", to: alive)
            let run = try Binary.run(["triage"] + Self.at, stdin: Data("q\n".utf8), environment: ["XDG_STATE_HOME": root + "/state"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dead), "a dead writer's temp draft stays behind")
            #expect(FileManager.default.fileExists(atPath: alive), "a live writer's temp draft was removed")
        }
    }

    @Test("a draft folder that cannot be made gives a plain reason, not a Foundation error dump; the interview goes on")
    func draftSaveFailureMessage() throws {
        try Self.folder { root in
            // XDG_STATE_HOME is a file: nothing can be created under it.
            try Self.write("not a folder", to: root + "/state")
            let result = try Binary.run(["triage"] + Self.at, stdin: Data("13\nq\n".utf8), environment: ["XDG_STATE_HOME": root + "/state"])
            #expect(result.stderr.contains("Not a directory"), "\(result.stderr)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Error Domain"), "\(result.stderr)")
            #expect(result.stderr.contains("Question 2"), "the interview continues: \(result.stderr)")
        }
    }
}
