import Foundation
import Testing

@testable import SignalModel

@Suite("Texts in Dutch and English")
struct TextsTests {
    /// Every string-literal key passed to a text lookup anywhere in Sources/.
    static func keysUsedInSources() throws -> Set<String> {
        let sources = repositoryRoot.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        let pattern = try NSRegularExpression(pattern: #"\b(?:t|text)\("([a-z0-9_]+(?:\.[a-zA-Z0-9_]+)+)""#)
        var keys = Set<String>()
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let source = try String(contentsOf: url, encoding: .utf8)
            let range = NSRange(source.startIndex..., in: source)
            for match in pattern.matches(in: source, range: range) {
                if let keyRange = Range(match.range(at: 1), in: source) { keys.insert(String(source[keyRange])) }
            }
        }
        return keys
    }

    @Test("every key the code looks up exists")
    func literalKeysExist() throws {
        let keys = try Self.keysUsedInSources()
        #expect(keys.count > 50)
        for key in keys.sorted() {
            #expect(knowledge.texts.strings[key] != nil, "strings/*.json lacks \(key)")
        }
    }

    @Test("keys built from enumerations exist for every case")
    func dynamicKeysExist() {
        var keys: [String] = []
        keys += Role.allCases.map { "role." + $0.rawValue }
        keys += Answer.allCases.map { "answer." + $0.rawValue }
        keys += Urgency.allCases.map { "urgency." + $0.rawValue }
        keys += IndicatorKind.allCases.map { "catalog.kind." + $0.rawValue }
        keys += ["render.trigger.hard", "render.trigger.acute"]
        keys += ["render.reason.unknown", "render.reason.not_answered"]
        for key in keys { #expect(knowledge.texts.strings[key] != nil, "strings/*.json lacks \(key)") }
    }

    /// `{name}` placeholders in a text.
    static func placeholders(_ text: String) -> Set<String> {
        var result = Set<String>()
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return result
    }

    @Test("every string has Dutch and English with the same placeholders")
    func bothLanguages() {
        for (key, text) in knowledge.texts.strings {
            #expect(!text.nl.isEmpty && !text.en.isEmpty, "\(key)")
            #expect(Self.placeholders(text.nl) == Self.placeholders(text.en), "\(key) placeholders differ")
        }
    }

    @Test("the language follows LANG: Dutch for nl*, English otherwise")
    func localeLanguage() {
        #expect(Language.fromLocale("nl_NL.UTF-8") == .nl)
        #expect(Language.fromLocale("nl_BE") == .nl)
        #expect(Language.fromLocale("en_GB.UTF-8") == .en)
        #expect(Language.fromLocale("C") == .en)
        #expect(Language.fromLocale(nil) == .en)
    }
}
