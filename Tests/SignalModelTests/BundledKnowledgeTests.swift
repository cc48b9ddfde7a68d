import Testing

@testable import SignalModel

/// The built-in knowledge is not decoded at run time: the EmbedResources plugin decodes Resources/
/// at build time and writes the catalogue, contacts and routing table back as Swift source
/// (`SwiftSourceConvertible`). These tests prove that what the binary constructs is exactly what the
/// JSON decoders make of the files in Resources/, so a field the emitter leaves out fails here.
@Suite("Built-in knowledge compiled at build time")
struct BundledKnowledgeTests {
    /// What the binary constructs instead of carrying the text: catalogue, contacts, routing, texts.
    static func isConstructed(_ name: String) -> Bool {
        ["catalog.json", "contacts.json", "routing.json"].contains(name) || name.hasPrefix("strings/")
    }

    @Test("the generated catalogue, contacts, routing table and texts equal Knowledge.load(files:) of Resources/")
    func bundledEqualsDecoded() throws {
        var decoded = try Knowledge.load(files: resourceFiles)
        let bundled = Knowledge.bundled
        // The binary carries the text only of the files it does not construct (scenarios, schema).
        #expect(Set(bundled.files.keys) == Set(resourceFiles.keys.filter { !Self.isConstructed($0) }))
        #expect(bundled.files.keys.contains("schema/case.schema.json") && bundled.files.keys.contains { $0.hasPrefix("scenarios/") })
        decoded.files = decoded.files.filter { !Self.isConstructed($0.key) }
        // Compared as booleans: on a failure the loops below name what differs, instead of printing
        // the whole catalogue twice.
        #expect(bundled.catalogVersion == decoded.catalog.catalogVersion)
        let sameTexts = bundled.texts == decoded.texts
        let sameContacts = bundled.contacts == decoded.contacts
        let sameRouting = bundled.routing == decoded.routing
        let sameCatalog = bundled.catalog == decoded.catalog
        let sameKnowledge = bundled == decoded
        #expect(sameTexts, "texts differ")
        #expect(sameContacts, "contacts differ")
        #expect(sameRouting, "routing table differs")
        #expect(sameCatalog, "catalogue differs")
        #expect(sameKnowledge, "knowledge differs")
        // Part by part, so a failure names what differs.
        #expect(bundled.catalog.indicators.count == decoded.catalog.indicators.count)
        #expect(bundled.routing.rules.count == decoded.routing.rules.count)
        for (built, read) in zip(bundled.catalog.indicators, decoded.catalog.indicators) where built != read {
            Issue.record("indicator \(read.id) differs between the generated code and the JSON")
        }
        for (built, read) in zip(bundled.routing.rules, decoded.routing.rules) where built != read {
            Issue.record("route rule \(read.id) differs between the generated code and the JSON")
        }
        for (built, read) in zip(bundled.routing.notes, decoded.routing.notes) where built != read {
            Issue.record("legal note \(read.id) differs between the generated code and the JSON")
        }
        for (built, read) in zip(bundled.contacts.contacts, decoded.contacts.contacts) where built != read {
            Issue.record("contact \(read.id) differs between the generated code and the JSON")
        }
    }

    @Test("string literals hold exactly their scalars: quotes, backslashes, line ends and non-ASCII are escaped")
    func stringLiterals() {
        #expect("plain text".swiftSource == "\"plain text\"")
        #expect("a\"b\\c".swiftSource == #""a\"b\\c""#)
        #expect("r\r\nn\ttab".swiftSource == #""r\u{d}\u{a}n\u{9}tab""#)
        #expect("één €".swiftSource == #""\u{e9}\u{e9}n \u{20ac}""#)
        #expect("\u{2028}#\"\"\"".swiftSource == #""\u{2028}#\"\"\"""#)
        #expect("e\u{301}".swiftSource == #""e\u{301}""#, "a combining accent stays a scalar of its own")
    }

    @Test("collections and optionals are written in a fixed order")
    func collections() {
        #expect(Set(["b", "a", "c"]).swiftSource == #"["a", "b", "c"]"#)
        #expect(["z": Answer.no, "a": Answer.yes].swiftSource == #"["a": Answer.`yes`, "z": Answer.`no`]"#)
        #expect([String: Answer]().swiftSource == "[:]")
        #expect((nil as [Role]?).swiftSource == "nil")
        #expect(([Role.police, .zsm] as [Role]?).swiftSource == "[Role.`police`, Role.`zsm`]")
        #expect((3...7).swiftSource == "3...7")
        #expect(Level.none.swiftSource == "Level.`none`")
    }
}
