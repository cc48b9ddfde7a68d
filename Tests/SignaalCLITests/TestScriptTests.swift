import Foundation
import Testing

/// Scripts/test.sh's own choices that end before it builds anything (so a test can run them).
@Suite("Scripts/test.sh: options and the source folder")
struct TestScriptTests {
    static func script(_ arguments: [String], environment: [String: String] = [:]) throws -> Binary.Result {
        try Tool.run("bash", [Binary.root.appendingPathComponent("Scripts/test.sh").path] + arguments, environment: environment)
    }

    @Test("an unknown option is a usage error naming --quick and --no-install", .enabled(if: Tool.find("bash") != nil, "bash is not installed"))
    func usage() throws {
        let result = try Self.script(["--nope"])
        #expect(result.status == 64)
        #expect(result.stderr == "usage: Scripts/test.sh [--quick] [--no-install]\n")
    }

    @Test("SIGNAAL_SOURCES naming a missing or empty folder fails at once (exit 66) instead of skipping the source checks",
        .enabled(if: Tool.find("bash") != nil, "bash is not installed"))
    func sourcesMissing() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-nosources-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        for folder in [empty.path, empty.path + "/nosuch", ""] {
            let result = try Self.script(["--quick", "--no-install"], environment: ["SIGNAAL_SOURCES": folder])
            #expect(result.status == 66, "\(folder): \(result.stderr)")
            #expect(result.stderr.hasPrefix("test.sh: SIGNAAL_SOURCES=\(folder): geen map met de bronteksten (000_….txt) / not a folder with the source texts\n"), "\(result.stderr)")
            #expect(!result.stderr.contains("Compiling") && result.stdout.isEmpty)
        }
    }

    /// A PATH with the few tools test.sh needs before it builds, no tmux or jq, and stubs for
    /// `swift` (fails at once, exit 3), `sudo` and `apt-get` (say that they ran, on stderr).
    static func bareBin(swift: String = "echo \"STUB swift $*\" >&2; exit 3") throws -> URL {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for tool in ["bash", "dirname", "find", "mktemp", "rm", "grep", "tee", "id", "cat"] {
            let real = try #require(Tool.find(tool), "\(tool) not found")
            try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent(tool), withDestinationURL: real)
        }
        let bash = try #require(Tool.find("bash")).path
        let stubs = [
            "swift": swift,
            "sudo": "echo \"STUB sudo $*\" >&2; exec \"$@\"",
            "apt-get": "echo \"STUB apt-get $*\" >&2",
        ]
        for (name, body) in stubs {
            let url = bin.appendingPathComponent(name)
            try ("#!" + bash + "\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        return bin
    }

    @Test("without tmux and jq: says what it installs and why before apt-get runs; --no-install skips the terminal checks instead, naming them",
        .enabled(if: Tool.find("bash") != nil, "bash is not installed"))
    func missingTools() throws {
        let bin = try Self.bareBin()
        defer { try? FileManager.default.removeItem(at: bin) }
        let installing = try Self.script([], environment: ["PATH": bin.path])
        #expect(installing.status == 3, "\(installing.stderr)")
        let said = try #require(installing.stderr.range(of: "test.sh: tmux jq not found; the terminal checks (Scripts/tmux-triage.sh, tmux-scenario.sh) drive the\n"), "\(installing.stderr)")
        #expect(installing.stderr.contains("Installing: ") && installing.stderr.contains("apt-get install -y tmux jq\n"), "\(installing.stderr)")
        #expect(installing.stderr.contains("test.sh: (Scripts/test.sh --no-install skips those checks instead)\n"))
        let ran = try #require(installing.stderr.range(of: "STUB apt-get install -y -qq tmux jq"), "\(installing.stderr)")
        #expect(said.upperBound < ran.lowerBound, "apt-get ran before the script said why")

        let skipping = try Self.script(["--no-install"], environment: ["PATH": bin.path])
        #expect(skipping.status == 3, "\(skipping.stderr)")
        #expect(!skipping.stderr.contains("STUB apt-get") && !skipping.stderr.contains("STUB sudo"), "\(skipping.stderr)")
        #expect(skipping.stderr.hasSuffix("test.sh: tmux jq not installed (--no-install): skipped the terminal checks Scripts/tmux-triage.sh and Scripts/tmux-scenario.sh\n"), "\(skipping.stderr)")
        // --quick needs neither tool: nothing installed, nothing said about them.
        let quick = try Self.script(["--quick"], environment: ["PATH": bin.path])
        #expect(quick.status == 3)
        #expect(!quick.stderr.contains("STUB apt-get") && !quick.stderr.contains("tmux"), "\(quick.stderr)")
    }

    /// `swift build` succeeds; `swift test` says which SIGNAAL_EXHAUSTIVE it got and its arguments,
    /// then prints what Swift Testing prints for `skipped` tests (as many as `skips`) and fails (exit 3).
    static func recordingSwift(skips: Int) -> String {
        let skipped = String(repeating: "echo '➜ Test \"x\" skipped: \"uitputtende controle overgeslagen / exhaustive check skipped\"'\n", count: skips)
        return """
            if [ "$1" = build ]; then exit 0; fi
            echo "STUB swift $* SIGNAAL_EXHAUSTIVE=${SIGNAAL_EXHAUSTIVE-unset}" >&2
            \(skipped)exit 3
            """
    }

    @Test("the full run (CI) runs swift test with SIGNAAL_EXHAUSTIVE=1 and skips nothing; --quick runs it with 0 and says how many it skipped",
        .enabled(if: Tool.find("bash") != nil, "bash is not installed"))
    func exhaustiveInFullRun() throws {
        let bin = try Self.bareBin(swift: Self.recordingSwift(skips: 0))
        defer { try? FileManager.default.removeItem(at: bin) }
        let full = try Self.script(["--no-install"], environment: ["PATH": bin.path])
        #expect(full.status == 3, "\(full.stderr)")
        // test.sh shows swift test's output on stdout (and keeps it to count the skips).
        #expect(full.stdout.contains("STUB swift test -Xswiftc -warnings-as-errors SIGNAAL_EXHAUSTIVE=1\n"), "\(full.stdout)")
        #expect(!full.stdout.contains("--skip") && !full.stdout.contains("--filter"), "the full run leaves no suite out: \(full.stdout)")

        let quick = try Self.script(["--quick"], environment: ["PATH": bin.path, "SIGNAAL_EXHAUSTIVE": "1"])
        #expect(quick.status == 3, "\(quick.stderr)")
        #expect(quick.stdout.contains("STUB swift test -Xswiftc -warnings-as-errors SIGNAAL_EXHAUSTIVE=0\n"), "\(quick.stdout)")
        #expect(!quick.stderr.contains("--quick: done"), "a failed swift test is not 'done': \(quick.stderr)")
    }

    @Test("a full run in which an exhaustive check was skipped anyway fails and says so; --quick counts its skips in its summary line",
        .enabled(if: Tool.find("bash") != nil, "bash is not installed"))
    func exhaustiveSkipCounted() throws {
        let bin = try Self.bareBin(swift: Self.recordingSwift(skips: 2).replacingOccurrences(of: "exit 3", with: "exit 0"))
        defer { try? FileManager.default.removeItem(at: bin) }
        // swift test "passes" but skipped two exhaustive checks: the full run must not pass.
        let full = try Self.script(["--no-install"], environment: ["PATH": bin.path])
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("test.sh: FAILED: 2 exhaustive checks were skipped in the full run (SIGNAAL_EXHAUSTIVE=1 did not reach them)\n"), "\(full.stderr)")
        let quick = try Self.script(["--quick"], environment: ["PATH": bin.path])
        #expect(quick.status == 0, "\(quick.stderr)")
        #expect(quick.stderr.hasSuffix("test.sh: --quick: done; skipped: 2 exhaustive checks (SIGNAAL_EXHAUSTIVE=0: route sweeps, fast-path differentials, huge inputs, kill -9 at every question), tmux, fuzz, install; run the full Scripts/test.sh before landing\n"), "\(quick.stderr)")
    }
}
