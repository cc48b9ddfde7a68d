import Foundation
import Testing

/// A route step or contact text that sends a reader to its own organisation fails the BUILD: the
/// EmbedResources plugin's tool decodes Resources/ with the library's own decoders. Each file in
/// Tests/Fixtures/bad_routing/ patches a copy of the real Resources/ (`file`: `replace` → `with`, and
/// `also` as a second pair) and gives the tool's exact located message (`stderr`, with `<resources>`
/// for the copy's folder and `L:C` for the line and column, which the test checks point at the
/// patched text). Rewrite `stderr` with SIGNAAL_UPDATE_GOLDEN=1 after a deliberate change of
/// messages, then review the diff.
@Suite("Bad routing data fails the build with a located error")
struct BadRoutingTests {
    static let folder = Binary.root.appendingPathComponent("Tests/Fixtures/bad_routing")
    static let names: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()

    @Test("each bad routing or contact text stops the build at the text, with its exact located message", arguments: names)
    func refused(name: String) throws {
        let file = Self.folder.appendingPathComponent(name)
        var entry = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(entry["about"] is String)
        let target = try #require(entry["file"] as? String)
        let replace = try #require(entry["replace"] as? String)
        let with = try #require(entry["with"] as? String)
        let folder = try BadCatalogTests.patchedResources(replace: nil, with: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let resources = folder.appendingPathComponent("Resources")
        let url = resources.appendingPathComponent(target)
        var text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(replace), "\(name): the patch no longer applies to Resources/\(target)")
        text = text.replacingOccurrences(of: replace, with: with)
        if let also = entry["also"] as? [String], also.count == 2 {
            #expect(text.contains(also[0]), "\(name): the second patch no longer applies")
            text = text.replacingOccurrences(of: also[0], with: also[1])
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out.swift")
        let result = try Binary.run([resources.path, output.path], executable: BadCatalogTests.tool)
        #expect(result.status == 65, "\(name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "\(name): output written")
        var stderr = result.stderr.replacingOccurrences(of: resources.standardizedFileURL.path, with: "<resources>")
        let prefix = "<resources>/\(target):"
        #expect(stderr.hasPrefix(prefix), "\(name): not attributed to \(target): \(stderr)")
        let position = stderr.dropFirst(prefix.count).prefix { $0 != " " }
        let numbers = position.split(separator: ":").compactMap { Int($0) }
        #expect(numbers.count == 2, "\(name): no line and column")
        // The line is that of the patched text (or of the line the patched `also` text is on).
        let patched = (entry["also"] as? [String])?.last ?? with
        let at = try #require(text.range(of: patched.split(separator: "\n").first.map(String.init) ?? patched))
        let line = text[..<at.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(numbers.first == line, "\(name): reported line \(numbers.first ?? 0), the patched text is on line \(line)")
        stderr = prefix + "L:C:" + stderr.dropFirst(prefix.count + position.count)
        #expect(stderr.contains(": error: $."), "\(name): no JSON path")
        // Array positions in the path are written as [n] (the line above already pins the place), so
        // rules or contacts added elsewhere do not churn these files.
        stderr = Self.withoutPositions(stderr)
        if GoldenUpdate.updating {
            entry["stderr"] = stderr
            let data = try JSONSerialization.data(withJSONObject: entry, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try GoldenUpdate.write(String(decoding: data, as: UTF8.self) + "\n", to: file)
            return
        }
        #expect(stderr == (entry["stderr"] as? String), "\(name)")
    }

    /// `$.rules[52].steps[1]` → `$.rules[n].steps[n]`.
    static func withoutPositions(_ text: String) -> String {
        var result = ""
        var inBracket = false
        var digits = ""
        for character in text {
            if inBracket {
                if character.isNumber {
                    digits.append(character)
                    continue
                }
                result += character == "]" && !digits.isEmpty ? "n]" : digits + String(character)
                inBracket = false
                digits = ""
                continue
            }
            result.append(character)
            if character == "[" { inBracket = true }
        }
        return result + digits
    }
}
