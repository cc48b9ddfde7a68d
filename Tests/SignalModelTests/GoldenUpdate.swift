import Foundation
import Testing

/// `SIGNAAL_UPDATE_GOLDEN=1` rewrites the golden files (expected outputs, help, man pages,
/// docs/routes.md, the bad-input manifests) after a deliberate change. It is refused where `CI` is
/// set (CI compares, never rewrites), and a run that rewrote a file fails, naming it: one exported
/// variable can never pass the golden layer. Rewrite, review the diff, run again without it.
/// (SignaalCLITests has the same enum.)
enum GoldenUpdate {
    static let requested = ProcessInfo.processInfo.environment["SIGNAAL_UPDATE_GOLDEN"] == "1"
    static let underCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
    /// Whether the golden suites write instead of compare.
    static let updating = requested && !underCI

    /// Writes `text` to `url` when it differs from what is there, and records an issue naming the
    /// file (so the run fails); an unchanged file is left alone and passes.
    static func write(_ text: String, to url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = Data(text.utf8)
        if let old = try? Data(contentsOf: url), old == data { return }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
        let root = repositoryRoot.standardizedFileURL.path + "/"
        let shown = url.standardizedFileURL.path.hasPrefix(root) ? String(url.standardizedFileURL.path.dropFirst(root.count)) : url.path
        Issue.record("SIGNAAL_UPDATE_GOLDEN=1 rewrote \(shown): review the diff, then run again without it", sourceLocation: sourceLocation)
    }
}

@Suite("Golden files: update mode (SignalModelTests)")
struct GoldenUpdateTests {
    @Test("SIGNAAL_UPDATE_GOLDEN=1 is refused where CI is set")
    func refusedUnderCI() {
        #expect(!(GoldenUpdate.requested && GoldenUpdate.underCI), "SIGNAAL_UPDATE_GOLDEN=1 with CI set: goldens are compared, never rewritten, on CI")
    }

    @Test("a rewritten golden file fails the run, naming it; an unchanged one is not touched")
    func rewriteFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("expected.txt")
        try withKnownIssue("a rewrite records an issue") {
            try GoldenUpdate.write("old\n", to: file)
        } matching: { issue in
            issue.description.contains("SIGNAAL_UPDATE_GOLDEN=1 rewrote \(file.path)")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "old\n")
        let before = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.02)
        try GoldenUpdate.write("old\n", to: file)
        let after = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        #expect(before == after)
        try withKnownIssue("a changed text records an issue") {
            try GoldenUpdate.write("new\n", to: file)
        } matching: { issue in
            issue.description.contains("rewrote")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
    }
}
