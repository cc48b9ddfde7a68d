import Foundation
import SignalKnowledge
import Testing

@testable import SignalModel

let bundled = Knowledge.bundled

/// A temporary folder that is removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// A case at suspicion level for a police officer, so the route includes the RvdK.
func suspicionCase(region: String? = nil, at time: String? = nil) -> String {
    var context = #""age":13,"role":"police","acuteDanger":"no","guardianPresent":"yes","registeredInNL":"yes""#
    if let region { context += #","region":"\#(region)""# }
    if let time { context += #","assessedAt":"\#(time)""# }
    return #"{"version":1,"context":{\#(context)},"answers":{"proceeds.handed_over":"yes"}}"#
}

@Suite("Contacts, regions, office hours and the handover report")
struct ContactsReportTests {
    @Test("every region puts its own RvdK number in the route", arguments: bundled.contacts.regions.map(\.id))
    func region(id: String) throws {
        let region = try #require(bundled.contacts.region(id))
        let input = Data(suspicionCase(region: id, at: "2026-11-23T10:00:00+01:00").utf8)
        let result = try Binary.run(["score", "--format", "json", "-"], stdin: input)
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let route = try #require(json["route"] as? [[String: Any]])
        let rvdk = route.filter { $0["party"] as? String == "rvdk" }
        #expect(!rvdk.isEmpty)
        #expect(rvdk.allSatisfy { $0["phone"] as? String == region.rvdkPhone })
        // --region on the command line does the same for a case without one.
        let option = try Binary.run(["score", "--region", id, "-"], stdin: Data(suspicionCase(at: "2026-11-23T10:00:00+01:00").utf8))
        #expect(option.stdout.contains(region.rvdkPhone))
        #expect(option.stdout.contains("RvdK " + region.rvdkLocation))
    }

    @Test("an unknown region is a usage error with a suggestion")
    func unknownRegion() throws {
        let result = try Binary.run(["score", "--region", "zwole", "-"], stdin: Data(suspicionCase().utf8))
        #expect(result.status == 64)
        #expect(result.stdout == "")
        let inCase = try Binary.run(["score", "-"], stdin: Data(suspicionCase(region: "zwole").utf8))
        #expect(inCase.status == 65)
        #expect(inCase.stderr.contains("; did you mean \"zwolle\"?"))
    }

    @Test(
        "office hours decide between the regular and the crisis route",
        arguments: [
            ("2026-11-23T10:00:00+01:00", false),  // Monday morning
            ("2026-11-23T16:59:00+01:00", false),  // Monday, just before closing
            ("2026-11-23T17:00:00+01:00", true),  // Monday, closed
            ("2026-11-21T14:00:00+01:00", true),  // Saturday
            ("2026-11-22T23:40:00+01:00", true),  // Sunday night
            ("2026-11-24T03:00:00+01:00", true),  // Tuesday night
        ])
    func officeHours(time: String, crisis: Bool) throws {
        // No custodial parent in NL: the case the crisis arrangement is for (003 L143-148; issue 20).
        func noParent(_ text: String) -> String {
            text.replacingOccurrences(of: "\"guardianPresent\":\"yes\"", with: "\"guardianPresent\":\"no\"")
        }
        let result = try Binary.run(["score", "--format", "json", "-"], stdin: Data(noParent(suspicionCase(at: time)).utf8))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let parties = (json["route"] as? [[String: Any]] ?? []).compactMap { $0["party"] as? String }
        #expect(parties.contains("crisis_service") == crisis, "\(time): \(parties)")
        #expect((json["situation"] as? [String: Any])?["officeHours"] as? String == (crisis ? "no" : "yes"))
        // --at gives the same answer for a case without a time of its own.
        let viaOption = try Binary.run(["score", "--format", "json", "--at", time, "-"], stdin: Data(noParent(suspicionCase()).utf8))
        #expect(viaOption.stdout == result.stdout)
    }

    @Test("the contacts command lists every contact and region with source and date")
    func contactsCommand() throws {
        let text = try Binary.run(["contacts"])
        #expect(text.status == 0)
        for contact in bundled.contacts.contacts { #expect(text.stdout.contains(contact.name.en), "\(contact.id)") }
        for region in bundled.contacts.regions { #expect(text.stdout.contains(region.rvdkPhone), "\(region.id)") }
        #expect(text.stdout.contains("112"))
        #expect(text.stdout.contains("033 448 11 86"))
        let json = try Binary.run(["contacts", "--format", "json", "--region", "zwolle"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["regions"] as? [[String: Any]])?.count == 1)
    }

    @Test("the handover report of each fixture case matches its expected file exactly", arguments: Golden.caseNames)
    func report(name: String) throws {
        for language in ["nl", "en"] {
            let result = try Binary.run(
                ["score", "Tests/Fixtures/cases/\(name).json", "--report", "-", "--lang", language], directory: Binary.root)
            #expect(result.status == 0)
            try Golden.check(result.stdout, against: "\(name).report.\(language).md")
        }
    }

    @Test("the report never contains a field the case did not have")
    func reportOnlyWhatIsThere() throws {
        let minimal = #"{"version":1,"context":{"age":14,"role":"zsm"},"answers":{}}"#
        let result = try Binary.run(["score", "--report", "-", "--at", "2026-11-23T10:00:00+01:00", "-"], stdin: Data(minimal.utf8))
        #expect(result.status == 0)
        for absent in ["Case:", "Offence:", "Region:", "note:", "Professional judgement"] {
            #expect(!result.stdout.contains(absent), "report shows \(absent)")
        }
        #expect(result.stdout.contains("No questions were answered."))
        #expect(result.stdout.contains("a signal, not a finding"))
    }

    @Test("a report file is private, never overwritten without --force, never written through a link")
    func reportFileSafety() throws {
        try withTemporaryDirectory { directory in
            let target = directory.appendingPathComponent("overdracht.md").path
            let input = Data(suspicionCase(at: "2026-11-23T10:00:00+01:00").utf8)
            let first = try Binary.run(["score", "--report", target, "-"], stdin: input)
            #expect(first.status == 0)
            #expect(first.stderr.contains("Handover report written to \(target)"))
            let attributes = try FileManager.default.attributesOfItem(atPath: target)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let original = try String(contentsOfFile: target, encoding: .utf8)
            #expect(original.hasPrefix("# Handover"))

            try "keep me".write(toFile: target, atomically: true, encoding: .utf8)
            let second = try Binary.run(["score", "--report", target, "-"], stdin: input)
            #expect(second.status == 73)
            #expect(second.stderr.contains("already exists; use --force"))
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
            // Refused before reading the input or printing anything: no half-done run.
            #expect(second.stdout == "")

            let forced = try Binary.run(["score", "--report", target, "--force", "-"], stdin: input)
            #expect(forced.status == 0)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == original)

            let link = directory.appendingPathComponent("link.md").path
            let elsewhere = directory.appendingPathComponent("elsewhere.md").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: elsewhere)
            let linked = try Binary.run(["score", "--report", link, "--force", "-"], stdin: input)
            #expect(linked.status == 73)
            #expect(!FileManager.default.fileExists(atPath: elsewhere))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
        }
    }
}
