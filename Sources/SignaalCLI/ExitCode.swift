/// Named exit codes (sysexits.h), documented in the README and the man page.
public enum ExitCode: Int32, Sendable, CaseIterable {
    /// Done, whatever the level.
    case success = 0
    /// Wrong command line: unknown command or option, missing or invalid value.
    case usage = 64
    /// The input is not a valid case (syntax, types, unknown keys or ids, profile attributes).
    case dataError = 65
    /// An input file does not exist or cannot be read; no input was given.
    case noInput = 66
    /// Internal error: the built-in data is invalid (a bug; the test suite prevents it).
    case software = 70
    /// An output file cannot be created (exists without --force, is a symlink, no permission).
    case cantCreate = 73
    /// Reading or writing failed part-way.
    case ioError = 74
    /// Ended by SIGHUP (the terminal closed); a batch run finishes the line it is writing first.
    case hangup = 129
    /// Interrupted by Ctrl-C.
    case interrupted = 130
    /// Ended by SIGTERM; a batch run finishes the line it is writing first.
    case terminated = 143
}
