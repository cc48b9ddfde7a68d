import Foundation
import Testing

/// Paths no test walked before (issue 22, part 4): the 09:00 opening of office hours through the
/// CLI, a BSN in a checklist note, and the default folders when no `XDG_*` variable is set. (The
/// terminal ones — `--full` and nothing saved, `TERM=dumb` — are in Scripts/tmux-triage.sh; Ctrl-C
/// mid-batch is in FileHardeningTests.)
@Suite("Paths no test walked before", .serialized)
struct UntestedPathsTests {
    /// A fresh temporary folder used as HOME, removed afterwards.
    static func withHome(_ body: (URL) throws -> Void) throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try body(home)
    }

    /// A police arrest without `assessedAt`, so `--at` decides office hours.
    static let timeless = #"{"version":1,"context":{"age":15,"role":"police","acuteDanger":"no","guardianPresent":"no","registeredInNL":"yes"},"answers":{"proceeds.handed_over":"yes"}}"#

    static func officeHours(at time: String) throws -> String? {
        let result = try Binary.run(["score", "-", "--format", "json", "--at", time], stdin: Data(timeless.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (object?["situation"] as? [String: Any])?["officeHours"] as? String
    }

    @Test("office hours open at 09:00 sharp and close at 17:00 local time, as the CLI reports them")
    func nineOClock() throws {
        #expect(try Self.officeHours(at: "2026-11-23T08:59:59+01:00") == "no")
        #expect(try Self.officeHours(at: "2026-11-23T09:00:00+01:00") == "yes")
        #expect(try Self.officeHours(at: "2026-11-23T16:59:59+01:00") == "yes")
        #expect(try Self.officeHours(at: "2026-11-23T17:00:00+01:00") == "no")
        // Local time of the offset, not UTC: 09:00 in Amsterdam is 08:00 UTC.
        #expect(try Self.officeHours(at: "2026-11-23T08:00:00Z") == "no")
        #expect(try Self.officeHours(at: "2026-11-23T09:00:00Z") == "yes")
        // The text says so too.
        let text = try Binary.run(["score", "-", "--at", "2026-11-23T09:00:00+01:00"], stdin: Data(Self.timeless.utf8))
        #expect(text.stdout.contains("within office hours"), "\(text.stdout)")
    }

    @Test("a BSN in a checklist note is refused through the CLI; it reaches neither the draft nor the output")
    func bsnInChecklistNote() throws {
        try Self.withHome { home in
            let answers = ["13", "utrecht", "n", "y", "n", "2", "3: bsn 123456782", "3: geen papieren"]
            let input = Data((answers.joined(separator: "\n") + "\n").utf8)
            let result = try Binary.run(["triage", "--at", "2026-11-21T23:40:00+01:00"], stdin: input, environment: ["HOME": home.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("this looks like or contains a BSN"), "\(result.stderr)")
            #expect(!result.stdout.contains("123456782"))
            let drafts = home.appendingPathComponent(".local/state/signaal/drafts")
            let names = try FileManager.default.contentsOfDirectory(atPath: drafts.path).filter { $0.hasSuffix(".json") }
            #expect(names.count == 1)
            for name in names {
                let text = try String(contentsOf: drafts.appendingPathComponent(name), encoding: .utf8)
                #expect(!text.contains("123456782"))
                // The second, clean note was kept: the refusal lost nothing else.
                #expect(text.contains("geen papieren"), "\(text)")
            }
        }
    }

    @Test("without XDG_* the drafts go to ~/.local/state/signaal/drafts and the settings to ~/.config/signaal")
    func defaultPaths() throws {
        try Self.withHome { home in
            let environment = ["HOME": home.path]
            let set = try Binary.run(["triage", "--set-region", "utrecht"], environment: environment)
            #expect(set.status == 0, "\(set.stderr)")
            let settings = home.appendingPathComponent(".config/signaal/settings.json")
            #expect(FileManager.default.fileExists(atPath: settings.path))
            let attributes = try FileManager.default.attributesOfItem(atPath: settings.path)
            #expect(attributes[.posixPermissions] as? Int == 0o600)
            // A stopped interview leaves its draft in the default state folder (0700) ...
            let stopped = try Binary.run(["triage", "--at", "2026-11-21T23:40:00+01:00"], stdin: Data("13\nq\n".utf8), environment: environment)
            #expect(stopped.status == 0, "\(stopped.stderr)")
            // ... and the region was not asked: the default settings file was read.
            #expect(!stopped.stderr.contains("Which region"), "\(stopped.stderr)")
            let drafts = home.appendingPathComponent(".local/state/signaal/drafts")
            let names = try FileManager.default.contentsOfDirectory(atPath: drafts.path).filter { $0.hasSuffix(".json") }
            #expect(names.count == 1)
            #expect(try FileManager.default.attributesOfItem(atPath: drafts.path)[.posixPermissions] as? Int == 0o700)
            let listed = try Binary.run(["triage", "--list-drafts"], environment: environment)
            #expect(listed.status == 0)
            for name in names { #expect(listed.stdout.contains(String(name.dropLast(5))), "\(listed.stdout)") }
            // Nothing was written outside HOME's two folders.
            let top = try FileManager.default.contentsOfDirectory(atPath: home.path).sorted()
            #expect(top == [".config", ".local"])
        }
    }
}
