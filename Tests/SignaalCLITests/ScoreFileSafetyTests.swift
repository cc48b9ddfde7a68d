import Foundation
import Testing

/// What `signaal score` does to the file system and the network, seen from outside.
enum ScoreSandbox {
    /// A fresh private folder, removed afterwards.
    static func folder<T>(_ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }

    static func listing(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// strace, when installed and allowed to trace (containers may forbid ptrace).
    static let strace: String? = {
        let path = "/usr/bin/strace"
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: path)
        probe.arguments = ["-qq", "-o", "/dev/null", "/bin/true"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? path : nil
    }()

    /// System calls that create, change or remove files, and every network call.
    static let traced = "trace=%network,openat,open,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,link,linkat,"
        + "symlink,symlinkat,truncate,ftruncate,chmod,fchmod,fchmodat,chown,fchown,fchownat,utimensat"

    /// Runs `signaal` under strace and returns the traced calls (one per line) and the exit status.
    static func traceCalls(_ arguments: [String], stdin: Data? = nil, directory: URL) throws -> (calls: [String], status: Int32) {
        let strace = try #require(strace)
        let log = directory.appendingPathComponent("strace.log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: strace)
        process.arguments = ["-f", "-qq", "-e", traced, "-o", log.path, Binary.url.path] + arguments
        process.environment = Binary.baseEnvironment
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let input = Pipe()
        process.standardInput = input
        _ = Binary.ignoreBrokenPipes
        try process.run()
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let text = try String(contentsOf: log, encoding: .utf8)
        try FileManager.default.removeItem(at: log)
        return (text.split(separator: "\n").map(String.init), process.terminationStatus)
    }

    /// Calls that write to the file system or touch the network: anything but a read-only open.
    static func writesOrNetwork(_ calls: [String]) -> [String] {
        calls.filter { call in
            if call.contains("+++ exited") || call.contains("--- SIG") { return false }
            let isOpen = call.contains(" openat(") || call.contains(" open(")
            if isOpen { return !call.contains("O_RDONLY") || call.contains("O_CREAT") || call.contains("O_TRUNC") }
            return true
        }
    }
}

@Suite("signaal score reads only and stays off the network")
struct ScoreFileSafetyTests {
    @Test("score, single and batch, leaves the working folder, HOME and TMPDIR empty and the input untouched")
    func readsOnly() throws {
        try ScoreSandbox.folder { root in
            let work = root.appendingPathComponent("work")
            let home = root.appendingPathComponent("home")
            let temporary = root.appendingPathComponent("tmp")
            let inputs = root.appendingPathComponent("inputs")
            for folder in [work, home, temporary, inputs] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            let single = inputs.appendingPathComponent("case.json")
            let batch = inputs.appendingPathComponent("cases.ndjson")
            try Data(Batch.valid.utf8).write(to: single)
            try Batch.ndjson([Batch.valid, "{", Batch.valid]).write(to: batch)
            // Read-only inputs: score must not need more.
            for file in [single, batch] { try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: file.path) }
            let before = try [single, batch].map { try FileManager.default.attributesOfItem(atPath: $0.path) }
            let environment = ["HOME": home.path, "TMPDIR": temporary.path]
            let runs: [[String]] = [
                ["score", single.path], ["score", "--format", "json", single.path], ["score", "--batch", batch.path],
                ["score", "--batch", "--summary", batch.path], ["score", "--report", "-", single.path],
            ]
            for arguments in runs {
                let result = try Binary.run(arguments, environment: environment, directory: work)
                #expect(result.status == (arguments.contains("--batch") ? 65 : 0), "\(arguments): \(result.stderr)")
            }
            for folder in [work, home, temporary] { #expect(try ScoreSandbox.listing(folder) == [], "\(folder.lastPathComponent)") }
            #expect(try ScoreSandbox.listing(inputs) == ["case.json", "cases.ndjson"])
            let after = try [single, batch].map { try FileManager.default.attributesOfItem(atPath: $0.path) }
            for (old, new) in zip(before, after) {
                #expect(old[.modificationDate] as? Date == new[.modificationDate] as? Date)
                #expect(old[.size] as? Int == new[.size] as? Int)
                #expect(old[.posixPermissions] as? Int == new[.posixPermissions] as? Int)
            }
            #expect(try Data(contentsOf: single) == Data(Batch.valid.utf8))
        }
    }

    @Test(
        "traced: score opens files read-only, creates, renames or removes nothing, and makes no network call",
        .enabled(if: ScoreSandbox.strace != nil, "strace is not installed or may not trace here"))
    func traced() throws {
        try ScoreSandbox.folder { folder in
            let input = Batch.ndjson([Batch.valid, "{", Batch.valid])
            let runs: [([String], Data)] = [
                (["score", "-"], Data(Batch.valid.utf8)),
                (["score", "--format", "json", "-"], Data(Batch.valid.utf8)),
                (["score", "--batch", "--summary", "-"], input),
                (["score", "-"], Data("{\"version\":".utf8)),
            ]
            for (arguments, stdin) in runs {
                let (calls, status) = try ScoreSandbox.traceCalls(arguments, stdin: stdin, directory: folder)
                #expect([0, 65].contains(status), "\(arguments)")
                #expect(calls.contains { $0.contains("execve(") || $0.contains("openat(") }, "the trace recorded nothing")
                #expect(ScoreSandbox.writesOrNetwork(calls) == [], "\(arguments)")
            }
        }
    }

    @Test(
        "traced: with --report the only file written is the report, through a private temporary file beside it",
        .enabled(if: ScoreSandbox.strace != nil, "strace is not installed or may not trace here"))
    func tracedReport() throws {
        try ScoreSandbox.folder { folder in
            let (calls, status) = try ScoreSandbox.traceCalls(
                ["score", "--report", "report.md", "-"], stdin: Data(Batch.valid.utf8), directory: folder)
            #expect(status == 0)
            let writes = ScoreSandbox.writesOrNetwork(calls)
            #expect(!writes.isEmpty)
            for call in writes {
                let aboutReport = call.contains("report.md") || call.contains("fchmod(") || call.contains("fsync(")
                #expect(aboutReport, "unexpected: \(call)")
                #expect(!call.contains("socket(") && !call.contains("connect("), "\(call)")
            }
            #expect(writes.contains { $0.contains("O_CREAT|O_EXCL") && $0.contains("0600") })
            #expect(try ScoreSandbox.listing(folder) == ["report.md"])
            let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("report.md").path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }
}
