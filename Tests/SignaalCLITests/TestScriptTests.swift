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
    static func bareBin() throws -> URL {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for tool in ["bash", "dirname", "find", "mktemp", "rm", "grep", "tee", "id", "cat"] {
            let real = try #require(Tool.find(tool), "\(tool) not found")
            try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent(tool), withDestinationURL: real)
        }
        let bash = try #require(Tool.find("bash")).path
        let stubs = [
            "swift": "echo \"STUB swift $*\" >&2; exit 3",
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
}
