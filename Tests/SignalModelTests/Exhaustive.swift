import Foundation
import Testing

/// The exhaustive checks: sweeps over every route situation or answer state, the fast-path
/// differentials, inputs of a hundred megabytes. Together they take most of `swift test`'s time, so
/// they run only when `SIGNAAL_EXHAUSTIVE=1` is set — `Scripts/test.sh` sets it in its full run (CI),
/// and checks that none of them was skipped there — or when `SIGNAAL_UPDATE_GOLDEN=1` rewrites the
/// generated files (some of these tests write them). Otherwise each is skipped with `skipReason`,
/// which `swift test` prints and Scripts/test.sh counts into one summary line.
/// (SignalModelTests and SignaalCLITests each have this enum.)
enum Exhaustive {
    static let variable = "SIGNAAL_EXHAUSTIVE"
    /// Whether the exhaustive checks run in this process.
    static let on: Bool = {
        let environment = ProcessInfo.processInfo.environment
        return environment[variable] == "1" || environment["SIGNAAL_UPDATE_GOLDEN"] == "1"
    }()
    /// The reason a skipped check gives (Scripts/test.sh counts the tests skipped with it).
    static let skipReason: Comment =
        "uitputtende controle overgeslagen / exhaustive check skipped: zet/set SIGNAAL_EXHAUSTIVE=1 (Scripts/test.sh does, CI runs it)"
}
