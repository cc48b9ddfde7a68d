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
}
