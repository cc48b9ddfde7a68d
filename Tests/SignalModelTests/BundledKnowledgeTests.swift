import SignalKnowledge
import Testing

@testable import SignalModel

/// The built-in knowledge is not decoded at run time: the EmbedResources plugin's tool decodes
/// Resources/ at build time and writes the texts, catalogue, contacts and routing table back as Swift
/// source for the SignalKnowledge target (`SwiftSourceConvertible` in the tool). These tests prove
/// that what the binary constructs is exactly what the JSON decoders make of the files in
/// Resources/, so a field the emitter leaves out fails here.
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
        // The binary carries the text only of the files it does not construct (scenarios, schema),
        // byte for byte (a literal that changed a line end would differ here).
        #expect(bundled.files == resourceFiles.filter { !Self.isConstructed($0.key) })
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
        #expect(Texts.bundled == decoded.texts)
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
}
