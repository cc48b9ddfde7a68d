import Foundation
import Testing

/// Where the tests find the Dutch source documents (`000_….txt` …), which are not part of the
/// repository: the folder `SIGNAAL_SOURCES` names when it is set (a missing or empty folder is then a
/// failure, never a skip), else `../shared/seeds` beside the repository when present (CI, the team's
/// machines), else nowhere: the checks that read them are then skipped with `skipReason`, which
/// Scripts/test.sh counts into one summary line. (SignalModelTests has the same enum.)
enum SourceTexts {
    static let variable = "SIGNAAL_SOURCES"
    /// The folder, or nil when the variable is unset and ../shared/seeds does not exist.
    static let directory: URL? = {
        if let given = ProcessInfo.processInfo.environment[variable] { return URL(fileURLWithPath: given) }
        let beside = Binary.root.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        var isDirectory: ObjCBool = false
        let found = FileManager.default.fileExists(atPath: beside.path, isDirectory: &isDirectory) && isDirectory.boolValue
        return found ? beside : nil
    }()
    /// Whether the checks that read the source documents run.
    static var available: Bool { directory != nil }
    /// The reason a skipped check gives (Scripts/test.sh counts the tests skipped with it).
    static let skipReason: Comment =
        "bronteksten niet gevonden / source texts not found: zet/set SIGNAAL_SOURCES=DIR (or ../shared/seeds)"
    /// The folder's path, for `--sources`; only called from tests enabled by `available`.
    static var path: String {
        get throws { try #require(directory, "source texts folder").path }
    }
}
