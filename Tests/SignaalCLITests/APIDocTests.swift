import Foundation
import Testing

/// docs/API.md is the public API of the library as the compiler sees it: `swift-symbolgraph-extract`
/// reads the built SignalModel and SignalKnowledge modules at the public level, and the page is
/// made from its symbols (every public type and member, with the first sentence of its doc
/// comment; a protocol's requirements are shown as the conformance). A declaration made public or package, added, renamed or removed changes the page, and
/// this test fails until it is regenerated: `SIGNAAL_UPDATE_GOLDEN=1 swift test --filter APIDocTests`.
@Suite("docs/API.md is the library's public API")
struct APIDocTests {
    /// One public symbol: where it belongs, what it declares, what it is for.
    struct Symbol {
        var path: [String]
        var kind: String
        var declaration: String
        var purpose: String?
        var file: String
        var line: Int
        var conformances: [String] = []
        /// A protocol's requirement (`==`, `hash(into:)`, `description`, Codable's pair): its doc is the
        /// protocol's, and the type's conformances say it is there.
        var witness = false
    }

    /// Conformances every type has without saying so.
    static let implicit: Set<String> = ["Copyable", "Escapable", "SendableMetatype"]

    static let typeKinds: Set<String> = ["swift.struct", "swift.enum", "swift.class", "swift.protocol", "swift.typealias"]

    /// The public symbols of a module (and its extensions of other modules' types), from the symbol graph.
    static func symbols(module: String) throws -> [Symbol] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-symbols-\(module)-\(UUID().uuidString)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let tool = try #require(
            path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("swift-symbolgraph-extract") }
                .first { FileManager.default.isExecutableFile(atPath: $0.path) }, "swift-symbolgraph-extract is not on PATH")
        let result = try Binary.run(
            [
                "-module-name", module, "-I", ExampleClientTests.buildFolder.appendingPathComponent("Modules").path,
                "-output-dir", folder.path, "-minimum-access-level", "public", "-skip-synthesized-members",
            ], environment: ["PATH": path], executable: tool)
        #expect(result.status == 0, "\(result.stderr)")
        var symbols: [Symbol] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".symbols.json") {
            let graph = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as? [String: Any])
            var conformances: [String: [String]] = [:]
            for relation in graph["relationships"] as? [[String: Any]] ?? [] where relation["kind"] as? String == "conformsTo" {
                let target = (relation["targetFallback"] as? String).map { String($0.split(separator: ".").last ?? "") } ?? ""
                if let source = relation["source"] as? String, !target.isEmpty { conformances[source, default: []].append(target) }
            }
            for entry in graph["symbols"] as? [[String: Any]] ?? [] {
                // Members the compiler adds (a raw value's init, inherited docs) have no place in the sources.
                guard let location = entry["location"] as? [String: Any], let uri = location["uri"] as? String,
                    let range = uri.range(of: "/Sources/")
                else { continue }
                let kind = (entry["kind"] as? [String: Any])?["identifier"] as? String ?? ""
                let fragments = entry["declarationFragments"] as? [[String: Any]] ?? []
                let declaration = fragments.map { $0["spelling"] as? String ?? "" }.joined()
                let doc = entry["docComment"] as? [String: Any]
                let ownDoc = ["SignalModel", "SignalKnowledge"].contains(doc?["module"] as? String ?? "")
                let lines = ownDoc ? (doc?["lines"] as? [[String: Any]] ?? []).map { $0["text"] as? String ?? "" } : []
                let precise = (entry["identifier"] as? [String: Any])?["precise"] as? String ?? ""
                symbols.append(
                    Symbol(
                        path: entry["pathComponents"] as? [String] ?? [], kind: kind, declaration: declaration,
                        purpose: purpose(lines), file: "Sources/" + String(uri[range.upperBound...]),
                        line: (location["position"] as? [String: Any])?["line"] as? Int ?? 0,
                        conformances: (conformances[precise] ?? []).filter { !implicit.contains($0) }.sorted(),
                        witness: doc != nil && !ownDoc))
            }
        }
        return symbols
    }

    /// The first sentence of a doc comment's first paragraph, on one line.
    static func purpose(_ lines: [String]) -> String? {
        let paragraph = lines.prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        guard !paragraph.isEmpty else { return nil }
        if let end = paragraph.range(of: ". ") { return String(paragraph[..<end.lowerBound]) + "." }
        return paragraph
    }

    /// The page: each public type (alphabetically) with its purpose, conformances, cases and members.
    static func page(_ symbols: [Symbol]) -> String {
        let types = symbols.filter { typeKinds.contains($0.kind) }.sorted { $0.path.joined(separator: ".") < $1.path.joined(separator: ".") }
        let members = symbols.filter { !typeKinds.contains($0.kind) && $0.kind != "swift.enum.case" && !$0.witness }
        var lines = [
            "# The public API of SignalModel",
            "",
            "<!-- Generated from the built modules by swift-symbolgraph-extract (Tests/SignaalCLITests/APIDocTests.swift);",
            "     do not edit: SIGNAAL_UPDATE_GOLDEN=1 swift test --filter APIDocTests rewrites it. -->",
            "",
            "What a client of the library sees (`import SignalModel`, and `import SignalKnowledge` for",
            "`Knowledge.bundled`): \(types.count) types and \(members.count) members. Everything else in the library is",
            "`package`: the `signaal` command, the build tool and the tests are in the package and use it; a",
            "client cannot. `Sources/SignalModelExample/main.swift` is a client of this API alone (a test",
            "type-checks it from outside the package). Usage: [USAGE.md — Using SignalModel](USAGE.md#using-signalmodel).",
        ]
        for type in types {
            let name = type.path.joined(separator: ".")
            lines += ["", "## `\(name)`", "", "`\(type.declaration)`" + (type.purpose.map { " — " + $0 } ?? "")]
            if !type.conformances.isEmpty { lines += ["", "Conforms to " + type.conformances.map { "`\($0)`" }.joined(separator: ", ") + "."] }
            let cases = symbols.filter { $0.kind == "swift.enum.case" && $0.path.dropLast() == type.path[...] }
            if !cases.isEmpty {
                lines += [""] + cases.sorted { ($0.file, $0.line) < ($1.file, $1.line) }.map { "- `\($0.declaration)`" + ($0.purpose.map { " — " + $0 } ?? "") }
            }
            let own = members.filter { $0.path.dropLast() == type.path[...] }.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
            if !own.isEmpty {
                lines += [""] + own.map { member in
                    let module = member.file.hasPrefix("Sources/SignalKnowledge/") ? " (`import SignalKnowledge`)" : ""
                    return "- `\(member.declaration)`" + module + (member.purpose.map { " — " + $0 } ?? "")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func currentSymbols() throws -> [Symbol] {
        try symbols(module: "SignalModel") + symbols(module: "SignalKnowledge")
    }

    @Test("docs/API.md lists every public type and member of the built modules (regenerate with SIGNAAL_UPDATE_GOLDEN=1)")
    func current() throws {
        let symbols = try Self.currentSymbols()
        let rendered = Self.page(symbols)
        let url = Binary.root.appendingPathComponent("docs/API.md")
        if GoldenUpdate.updating {
            try GoldenUpdate.write(rendered, to: url)
            return
        }
        let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        #expect(committed == rendered, "docs/API.md is stale: run SIGNAAL_UPDATE_GOLDEN=1 swift test --filter APIDocTests and review the diff")
    }

    @Test("every public type and member says what it is for; the client types are public and the plumbing is not")
    func surface() throws {
        let symbols = try Self.currentSymbols()
        let types = symbols.filter { Self.typeKinds.contains($0.kind) }
        for type in types { #expect(type.purpose != nil, "\(type.path.joined(separator: ".")) has no doc comment") }
        // Every member says what it is for too (a protocol's requirements are the protocol's).
        for member in symbols where !Self.typeKinds.contains(member.kind) && member.kind != "swift.enum.case" && !member.witness {
            #expect(member.purpose != nil, "\(member.path.joined(separator: ".")) (\(member.file):\(member.line)) has no doc comment")
        }
        let names = Set(types.map { $0.path.joined(separator: ".") })
        for client in ["Knowledge", "Engine", "Case", "CaseContext", "CaseAnswer", "Answer", "Assessment", "AssessmentRenderer", "Interview", "Language", "Role", "Timestamp", "SignalError"] {
            #expect(names.contains(client), "\(client) is not public")
        }
        for plumbing in ["LineSplitter", "BatchScorer", "EndBlock", "UserText", "RecordForm", "Catalog", "RoutingTable", "Texts", "CompiledKnowledge"] {
            #expect(!names.contains(plumbing), "\(plumbing) is public")
        }
        #expect(symbols.contains { $0.path == ["Knowledge", "bundled"] })
        #expect(symbols.contains { $0.path == ["Engine", "assess(_:at:)"] && $0.declaration.contains("throws(SignalError)") })
    }

    @Test("the README's 'Using SignalModel' links docs/API.md, and docs/DEVELOPMENT.md says how to regenerate it")
    func linked() throws {
        let readme = try String(contentsOf: Binary.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Using SignalModel").dropFirst().first?.components(separatedBy: "\n## ").first)
        #expect(section.contains("(docs/API.md)"))
        let development = try String(contentsOf: Binary.root.appendingPathComponent("docs/DEVELOPMENT.md"), encoding: .utf8)
        #expect(development.contains("SIGNAAL_UPDATE_GOLDEN=1 swift test --filter APIDocTests"))
    }
}
