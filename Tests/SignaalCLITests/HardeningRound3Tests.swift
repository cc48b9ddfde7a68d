import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 22, third hardening round: the repro commands of the issue, end to end against the built binary.
@Suite("Hardening round 3, end to end")
struct HardeningRound3Tests {
    static func caseJSON(reference: String = "R-1", note: String = "gezien") -> Data {
        func json(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                default:
                    if scalar.value < 0x20 { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
                }
            }
            return "\"" + out + "\""
        }
        return Data(
            (#"{"version":1,"reference":"# + json(reference) + #","context":{"age":13,"role":"police"},"answers":{"coercion.debt_bondage":{"answer":"yes","note":"#
                + json(note) + "}}}").utf8)
    }

    // MARK: N6

    @Test("N6: a BSN beside another number, between unusual separators or in digit look-alikes is refused with its position", arguments: [
        ("geb. 01-02-2012 123456782", 17), ("bsn/tel: 123456782, 0612345678", 10), ("123\u{2212}456\u{2212}782", 1),
        ("123\u{2800}456\u{2800}782", 1), ("123+456+782", 1), ("123|456|782", 1), ("123~456~782", 1),
        ("\u{2460}\u{2461}\u{2462}\u{2463}\u{2464}\u{2465}\u{2466}\u{2467}\u{2461}", 1),
        ("x \u{00B9}\u{00B2}\u{00B3}\u{2074}\u{2075}\u{2076}\u{2077}\u{2078}\u{00B2}", 3),
        ("1\u{FE0F}\u{20E3}2\u{FE0F}\u{20E3}3\u{FE0F}\u{20E3}4\u{FE0F}\u{20E3}5\u{FE0F}\u{20E3}6\u{FE0F}\u{20E3}7\u{FE0F}\u{20E3}8\u{FE0F}\u{20E3}2\u{FE0F}\u{20E3}", 1),
    ])
    func bsnInNote(note: String, character: Int) throws {
        let single = try Binary.run(["score", "-"], stdin: Self.caseJSON(note: note))
        #expect(single.status == 65, "\(note)")
        #expect(single.stdout.isEmpty)
        #expect(single.stderr.contains(#"$.answers["coercion.debt_bondage"].note: character \#(character): this looks like or contains a BSN"#), "\(single.stderr)")
        // Batch mode refuses the line too (the fast decoder must not let it through).
        let batch = try Binary.run(["score", "--batch", "-"], stdin: Self.caseJSON(note: note) + Data("\n".utf8))
        #expect(batch.stdout.contains(#""personal_identifier""#), "\(batch.stdout)")
        #expect(!batch.stdout.contains(#""level""#))
    }

    @Test("N6: a reference ZSM-2026 123456782 is refused; ZSM-2026-0142 and dates with times are not")
    func bsnInReference() throws {
        let refused = try Binary.run(["score", "-"], stdin: Self.caseJSON(reference: "ZSM-2026 123456782"))
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("$.reference: character 10: this looks like or contains a BSN"), "\(refused.stderr)")
        let fine = try Binary.run(["score", "-", "--format", "json"], stdin: Self.caseJSON(reference: "ZSM-2026-0142", note: "21-11-2026 23:40, tel 06-12345678"))
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    // MARK: N5

    /// A scratch folder removed afterwards.
    static func scratch() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-h3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    /// Runs the binary with stdin from /dev/null, killed after `timeout` seconds; stderr captured.
    static func runBounded(_ arguments: [String], environment: [String: String], timeout: Double = 30) throws
        -> (ending: Spawn.Ending, stderr: String)
    {
        let errors = Spawn.pipe()
        let pid = try Spawn.start(arguments, environment: environment, streams: [2: errors.write])
        close(errors.write)
        nonisolated(unsafe) var bytes: [UInt8] = []
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            bytes = Spawn.readAll(errors.read)
            done.signal()
        }
        thread.start()
        let ending = Spawn.wait(pid, timeout: timeout)
        done.wait()
        close(errors.read)
        return (ending, String(decoding: bytes, as: UTF8.self))
    }

    @Test("N5: a FIFO as settings file does not hang triage; it is refused as not a regular file")
    func settingsFIFO() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("config/signaal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let settings = folder.appendingPathComponent("settings.json").path
        #expect(mkfifo(settings, 0o600) == 0)
        let environment = ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "XDG_STATE_HOME": root.appendingPathComponent("state").path]
        let run = try Self.runBounded(["triage", "--at", "2026-11-21T23:40:00+01:00"], environment: environment, timeout: 20)
        #expect(run.ending != .stillRunning, "triage hung on the FIFO settings file")
        #expect(run.stderr.contains("settings.json"), "\(run.stderr)")
        #expect(run.stderr.contains("not a regular file"), "\(run.stderr)")
    }

    @Test("N5: a world-writable settings file is read with a warning; a private one without")
    func settingsWorldWritable() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("config/signaal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let settings = folder.appendingPathComponent("settings.json").path
        try Data(#"{"version":1,"region":"utrecht"}"#.utf8).write(to: URL(fileURLWithPath: settings))
        let environment = ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "XDG_STATE_HOME": root.appendingPathComponent("state").path]
        #expect(chmod(settings, 0o666) == 0)
        let open = try Self.runBounded(["triage", "--at", "2026-11-21T23:40:00+01:00"], environment: environment)
        #expect(open.stderr.contains("Warning: anyone on this computer can change \(settings)"), "\(open.stderr)")
        #expect(chmod(settings, 0o600) == 0)
        let closed = try Self.runBounded(["triage", "--at", "2026-11-21T23:40:00+01:00"], environment: environment)
        #expect(!closed.stderr.contains("anyone on this computer"), "\(closed.stderr)")
        #expect(closed.ending != .stillRunning)
    }

    // MARK: N12

    @Test("N12: a reference with RLM or a zero-width joiner is refused (exit 65, located); RLM in a note is escaped in the output")
    func bidiMarks() throws {
        let refused = try Binary.run(["score", "-"], stdin: Self.caseJSON(reference: "ZSM-\u{200F}2026-\u{200F}0142"))
        #expect(refused.status == 65)
        #expect(refused.stderr == "signaal: <stdin>:1:26: $.reference: character 5: an invisible character (U+200F) in the reference; type the reference without it\n", "\(refused.stderr)")
        let joiner = try Binary.run(["score", "-", "--batch"], stdin: Self.caseJSON(reference: "ZSM-2026\u{200D}0142") + Data("\n".utf8))
        #expect(joiner.stdout.contains(#""invisible_character""#), "\(joiner.stdout)")
        let shown = try Binary.run(["score", "-", "--at", "2026-01-05T10:00:00+01:00"], stdin: Self.caseJSON(note: "ZSM-\u{200F}2026-\u{061C}0142\u{200E}"))
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains(#"ZSM-\u200F2026-\u061C0142\u200E"#), "\(shown.stdout)")
        for mark in ["\u{200E}", "\u{200F}", "\u{061C}"] { #expect(!shown.stdout.contains(mark)) }
    }
}
