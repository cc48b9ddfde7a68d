import Foundation
import Testing

@testable import SignalModel

/// Where the tests find the Dutch source documents (`000_….txt` …), which are not part of the
/// repository: the folder `SIGNAAL_SOURCES` names when it is set (a missing or empty folder is then a
/// failure, never a skip), else `../shared/seeds` beside the repository when present (CI, the team's
/// machines), else nowhere: the checks that read them are then skipped with `skipReason`, which
/// Scripts/test.sh counts into one summary line. (SignaalCLITests has the same enum.)
enum SourceTexts {
    static let variable = "SIGNAAL_SOURCES"
    /// The folder, or nil when the variable is unset and ../shared/seeds does not exist.
    static let directory: URL? = {
        if let given = ProcessInfo.processInfo.environment[variable] { return URL(fileURLWithPath: given) }
        let beside = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        var isDirectory: ObjCBool = false
        let found = FileManager.default.fileExists(atPath: beside.path, isDirectory: &isDirectory) && isDirectory.boolValue
        return found ? beside : nil
    }()
    /// Whether the checks that read the source documents run.
    static var available: Bool { directory != nil }
    /// The reason a skipped check gives (Scripts/test.sh counts the tests skipped with it).
    static let skipReason: Comment =
        "bronteksten niet gevonden / source texts not found: zet/set SIGNAAL_SOURCES=DIR (or ../shared/seeds)"
    /// The folder; only called from tests enabled by `available`.
    static var folder: URL {
        get throws { try #require(directory, "source texts folder") }
    }
}

@Suite("Source documents for the citation checks")
struct SourceTextsTests {
    @Test("the source folder holds every document the data cites (SIGNAAL_SOURCES, else ../shared/seeds)",
        .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func folderHoldsEverySource() throws {
        let folder = try SourceTexts.folder
        let named = ProcessInfo.processInfo.environment[SourceTexts.variable] != nil ? "\(SourceTexts.variable)=\(folder.path)" : folder.path
        var isDirectory: ObjCBool = false
        try #require(FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue,
            "\(named): no such folder")
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        let missing = Seeds.files.filter { !present.contains($0) }
        #expect(missing.isEmpty, "\(named): missing \(missing.joined(separator: ", "))")
    }
}
