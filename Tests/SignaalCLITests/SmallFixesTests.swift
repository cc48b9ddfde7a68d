import Foundation
import Testing

@testable import SignaalCLI

/// Issue 22's small findings: a `TZ` libc does not know, `--delete-draft` of a draft that does not
/// exist. (`--jobs +2` is in BatchScoreTests.)
@Suite("Unknown TZ, deleting a draft that is not there")
struct SmallFixesTests {
    static let timeless = #"{"version":1,"context":{"age":15,"role":"police"},"answers":{}}"#

    @Test("a TZ that names no zone says so on stderr, in both languages; known zones and POSIX rules do not")
    func unknownZone() throws {
        let english = try Binary.run(["score", "-"], stdin: Data(Self.timeless.utf8), environment: ["TZ": "Europe/Amsterdm"])
        #expect(english.status == 0)
        #expect(english.stderr == "signaal: TZ=Europe/Amsterdm is not a known time zone; the clock is read as UTC, so office hours may be wrong. Set TZ to, for example, Europe/Amsterdam or give --at\n")
        let dutch = try Binary.run(["score", "-", "--lang", "nl"], stdin: Data(Self.timeless.utf8), environment: ["TZ": "Europe/Amsterdm"])
        #expect(dutch.stderr.hasPrefix("signaal: TZ=Europe/Amsterdm is geen bekende tijdzone; de klok wordt als UTC gelezen"), "\(dutch.stderr)")
        // An escape in the value is shown, not sent to the terminal.
        let hostile = try Binary.run(["score", "-"], stdin: Data(Self.timeless.utf8), environment: ["TZ": "Nowhere/\u{1B}[2J"])
        #expect(hostile.stderr.hasPrefix("signaal: TZ=Nowhere/\\u001B[2J is not a known time zone"), "\(hostile.stderr)")
        // --at: the clock is not read, nothing to say.
        let at = try Binary.run(["score", "-", "--at", "2026-11-23T10:00:00+01:00"], stdin: Data(Self.timeless.utf8), environment: ["TZ": "Europe/Amsterdm"])
        #expect(at.stderr == "")
        var known = ["UTC", "CET-1CEST,M3.5.0,M10.5.0/3", "EST5EDT", "<+03>-3", "UTC0", ""]
        if FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/Europe/Amsterdam") { known += ["Europe/Amsterdam", ":Europe/Amsterdam", "/usr/share/zoneinfo/Europe/Amsterdam"] }
        for zone in known {
            let result = try Binary.run(["score", "-"], stdin: Data(Self.timeless.utf8), environment: ["TZ": zone])
            #expect(result.stderr == "", "TZ=\(zone): \(result.stderr)")
        }
    }

    @Test("POSIX TZ rules are told apart from names libc cannot find")
    func posixRules() {
        for rule in ["UTC0", "CET-1", "CET-1CEST", "CET-1CEST,M3.5.0,M10.5.0/3", "EST5EDT,M3.2.0/2,M11.1.0", "<+03>-3", "IST-5:30", "NZST-12NZDT-13:00:00,M9.5.0,M4.1.0/3"] {
            #expect(LocalClock.isPOSIXRule(rule), "\(rule)")
        }
        for name in ["Europe/Amsterdm", "UTC", "nonsense", "CET", "CET-", "CET-123", "AB-1", "CET-1CEST,M3.5.0", "<+3>-3"] {
            #expect(!LocalClock.isPOSIXRule(name), "\(name)")
        }
        #expect(LocalClock.unknownZone(["TZ": "Europe/Amsterdm"]) == "Europe/Amsterdm")
        #expect(LocalClock.unknownZone(["TZ": ":CET-1"]) == ":CET-1")  // a ':' name is a file, never a rule
        #expect(LocalClock.unknownZone(["TZ": "../../etc/passwd"]) == "../../etc/passwd")
        #expect(LocalClock.unknownZone([:]) == nil)
        #expect(LocalClock.unknownZone(["TZ": "CET-1CEST,M3.5.0,M10.5.0/3"]) == nil)
    }

    @Test("--delete-draft of a draft that does not exist fails (66) and leaves no lock file behind")
    func deleteMissingDraft() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-del-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let state = home.appendingPathComponent("state")
        let result = try Binary.run(["triage", "--delete-draft", "nosuch"], environment: ["XDG_STATE_HOME": state.path])
        #expect(result.status == 66)
        let drafts = state.appendingPathComponent("signaal/drafts")
        #expect(result.stderr == "signaal: \(drafts.path)/nosuch.json: no such file\n")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: drafts.path)) ?? []
        #expect(left.isEmpty, "\(left)")
        // An existing draft is deleted with its lock.
        let stopped = try Binary.run(["triage", "--at", "2026-11-21T23:40:00+01:00"], stdin: Data("13\nq\n".utf8), environment: ["XDG_STATE_HOME": state.path, "XDG_CONFIG_HOME": home.path + "/config"])
        #expect(stopped.status == 0)
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: drafts.path).first { $0.hasSuffix(".json") }).dropLast(5)
        let deleted = try Binary.run(["triage", "--delete-draft", String(id)], environment: ["XDG_STATE_HOME": state.path])
        #expect(deleted.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: drafts.path).isEmpty)
    }
}
