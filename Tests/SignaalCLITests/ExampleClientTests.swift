import Foundation
import Testing

/// The example client (`Sources/SignalModelExample`) runs, and compiles against the public API alone.
@Suite("Example client of the library")
struct ExampleClientTests {
    static let buildFolder = Binary.url.deletingLastPathComponent()

    @Test("it builds a case in code, assesses it and renders text and JSON")
    func runs() throws {
        let result = try Binary.run([], executable: Self.buildFolder.appendingPathComponent("SignalModelExample"))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "level: suspicion (score 5)")
        #expect(result.stdout.contains("NIVEAU: VERMOEDEN VAN UITBUITING (score 5)"))
        let json = try #require(lines.last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "suspicion")
        #expect(object["reference"] as? String == "EXAMPLE-1")
    }

    /// Type-checks Swift source against the built SignalModel module as a separate package would
    /// (no `-package-name`, no @testable): only public declarations are visible.
    static func typecheck(_ files: [URL]) throws -> Binary.Result {
        let toolchain = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let swiftc = toolchain.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("swiftc") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? URL(fileURLWithPath: "/usr/bin/swiftc")
        return try Binary.run(
            ["-typecheck", "-swift-version", "6", "-I", buildFolder.appendingPathComponent("Modules").path] + files.map(\.path),
            environment: ["PATH": toolchain], executable: swiftc)
    }

    @Test("its source uses only the public API; a package-level name in its place is refused")
    func publicAPIOnly() throws {
        let example = Binary.root.appendingPathComponent("Sources/SignalModelExample/main.swift")
        let accepted = try Self.typecheck([example])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        // The check can fail: the same kind of client reaching for package-level parts is refused.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-api-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, body) in [
            ("compiled", "_ = Engine(knowledge: .bundled).compiled"),
            ("decoder", "_ = FastCaseDecoder(knowledge: .bundled)"),
            ("writer", #"_ = JSONOutput.string("x")"#),
            // CLI plumbing that was public before the API was cut to the client types (issue 23).
            ("splitter", "_ = LineSplitter.self"),
            ("scorer", "_ = BatchScorer.self"),
            ("end block", "_ = EndBlock.self"),
            ("user text", "_ = UserText.self"),
            ("record form", "_ = RecordForm.self"),
            ("catalogue", "_ = Knowledge.bundled.catalog"),
            ("history", "_ = Engine(knowledge: .bundled).history(of: Case(context: CaseContext(age: 15, role: .police), answers: [:]))"),
        ] {
            let file = folder.appendingPathComponent("\(name).swift")
            try Data(("import SignalKnowledge\nimport SignalModel\n" + body + "\n").utf8).write(to: file)
            let refused = try Self.typecheck([file])
            #expect(refused.status != 0, "\(name) type-checked from outside the package")
            // Refused for its access level, not for some other mistake in the line.
            #expect(refused.stderr.contains("'package' protection level") || refused.stderr.contains("cannot find"), "\(name): \(refused.stderr)")
        }
        // One JSON form of an assessment, the renderer's (issue 23): an Assessment is not Codable.
        let coded = folder.appendingPathComponent("coded.swift")
        try Data(
            """
            import Foundation
            import SignalKnowledge
            import SignalModel
            let assessment = try Engine(knowledge: .bundled).assess(Case(context: CaseContext(age: 15), answers: [:]))
            _ = try JSONEncoder().encode(assessment)
            """.utf8
        ).write(to: coded)
        let refused = try Self.typecheck([coded])
        #expect(refused.status != 0 && refused.stderr.contains("Encodable"), "\(refused.stderr)")
    }
}
