import Foundation
import Testing

/// Bad combination rules fail the BUILD: the EmbedResources plugin's tool decodes Resources/ with
/// the library's own decoders. Each file in Tests/Fixtures/bad_catalog/ patches a copy of the real
/// Resources/ (`replace` → `with`) and gives the tool's exact located message (`stderr`, with
/// `<resources>` for the copy's folder). Rewrite `stderr` with SIGNAAL_UPDATE_GOLDEN=1 after a
/// deliberate change of messages, then review the diff.
@Suite("Bad catalogue data fails the build with a located error")
struct BadCatalogTests {
    static let folder = Binary.root.appendingPathComponent("Tests/Fixtures/bad_catalog")
    static let updating = GoldenUpdate.updating
    static let names: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()

    /// The plugin's tool, built beside `signaal`.
    static let tool: URL = {
        let directory = Binary.url.deletingLastPathComponent()
        for name in ["EmbedResourcesTool", "EmbedResourcesTool-tool"] {
            let url = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return directory.appendingPathComponent("EmbedResourcesTool")
    }()

    /// A private copy of Resources/ with catalog.json patched; the caller removes `folder`.
    static func patchedResources(replace: String?, with replacement: String?) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-badcatalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let resources = folder.appendingPathComponent("Resources")
        try FileManager.default.copyItem(at: Binary.root.appendingPathComponent("Resources"), to: resources)
        if let replace, let replacement {
            let catalog = resources.appendingPathComponent("catalog.json")
            let text = try String(contentsOf: catalog, encoding: .utf8)
            #expect(text.contains(replace), "the patch no longer applies to Resources/catalog.json")
            try text.replacingOccurrences(of: replace, with: replacement).write(to: catalog, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test("the real Resources/ passes the tool (so each failure below is the patch's)")
    func realDataPasses() throws {
        let folder = try Self.patchedResources(replace: nil, with: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Binary.run(
            [folder.appendingPathComponent("Resources").path, folder.appendingPathComponent("out.swift").path], executable: Self.tool)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("each bad combination stops the build with its exact located message", arguments: names)
    func refused(name: String) throws {
        let file = Self.folder.appendingPathComponent(name)
        var entry = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(entry["about"] is String)
        let folder = try Self.patchedResources(replace: entry["replace"] as? String, with: entry["with"] as? String)
        defer { try? FileManager.default.removeItem(at: folder) }
        let resources = folder.appendingPathComponent("Resources")
        let output = folder.appendingPathComponent("out.swift")
        let result = try Binary.run([resources.path, output.path], executable: Self.tool)
        #expect(result.status == 65, "\(name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "\(name): output written")
        // The line and column are checked to fall inside the combinations section, then written
        // as `L:C`, so other edits of catalog.json do not churn these files.
        var stderr = result.stderr.replacingOccurrences(of: resources.standardizedFileURL.path, with: "<resources>")
        let prefix = "<resources>/catalog.json:"
        #expect(stderr.hasPrefix(prefix), "\(name): not attributed to the catalogue: \(stderr)")
        let position = stderr.dropFirst(prefix.count).prefix { $0 != " " }
        let numbers = position.split(separator: ":").compactMap { Int($0) }
        #expect(numbers.count == 2, "\(name): no line and column")
        let text = try String(contentsOf: resources.appendingPathComponent("catalog.json"), encoding: .utf8)
        let section = try #require(text.range(of: "\n  \"combinations\": ["))
        let sectionLine = text[..<section.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).count + 1
        #expect((numbers.first ?? 0) >= sectionLine, "\(name): line \(numbers.first ?? 0) is before the combinations (line \(sectionLine))")
        stderr = prefix + "L:C:" + stderr.dropFirst(prefix.count + position.count)
        #expect(stderr.contains("$.combinations["), "\(name): not located in the combinations")
        if Self.updating {
            entry["stderr"] = stderr
            let data = try JSONSerialization.data(withJSONObject: entry, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try GoldenUpdate.write(String(decoding: data, as: UTF8.self) + "\n", to: file)
            return
        }
        #expect(stderr == (entry["stderr"] as? String), "\(name)")
    }
}

@Suite("signaal indicators lists the combination rules")
struct IndicatorsCombinationsTests {
    @Test("text (Dutch and English) and JSON name every rule, its condition and its level")
    func listed() throws {
        for language in ["en", "nl"] {
            let text = try Binary.run(["indicators", "--lang", language])
            #expect(text.status == 0)
            for id in ["dealing_line", "courier_travel_arranged"] { #expect(text.stdout.contains("  " + id + "  ["), "\(language) \(id)") }
            #expect(text.stdout.contains("residence.sent_to_other_places"))
        }
        let json = try Binary.run(["indicators", "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rules = try #require(object["combinations"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["dealing_line", "courier_travel_arranged"])
        let first = try #require(rules.first)
        #expect(first["offences"] as? [String] == ["drug_running", "drug_dealing"])
        #expect(first["anyYes"] as? [String] == ["residence.sent_to_other_places"])
        #expect(first["allYes"] as? [String] == [])
        #expect(first["atLeast"] as? String == "suspicion")
        #expect((first["citations"] as? [[String: Any]])?.first?["lines"] as? [Int] == [304, 304])
    }

    @Test("score, end to end: a drug-running case sent to another town is suspicion at score 2, and says why")
    func scored() throws {
        let input = Data(
            #"{"version":1,"context":{"age":15,"role":"police","offence":"drug_running"},"answers":{"residence.sent_to_other_places":"yes"}}"#.utf8)
        let json = try Binary.run(["score", "--format", "json", "-"], stdin: input)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "suspicion")
        #expect(object["score"] as? Int == 2)
        #expect((object["combinations"] as? [[String: Any]])?.map { $0["id"] as? String } == ["dealing_line"])
        let shoplifting = try Binary.run(
            ["score", "--format", "json", "-"],
            stdin: Data(String(decoding: input, as: UTF8.self).replacingOccurrences(of: "drug_running", with: "shoplifting").utf8))
        let other = try #require(try JSONSerialization.jsonObject(with: Data(shoplifting.stdout.utf8)) as? [String: Any])
        #expect(other["level"] as? String == "attention")
        #expect((other["combinations"] as? [Any])?.isEmpty == true)
        let dutch = try Binary.run(["score", "--lang", "nl", "-"], stdin: input)
        #expect(dutch.stdout.contains("Patroon van signalen die samen doorslaggevend zijn (1):"))
        #expect(dutch.stdout.contains("Drugsdelict in een andere plaats waar een ander het kind heen stuurde"))
    }
}
