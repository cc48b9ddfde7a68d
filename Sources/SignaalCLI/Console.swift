import Foundation
import SignalModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's streams and environment, passed in so commands stay testable.
public final class Console: @unchecked Sendable {
    public let environment: [String: String]
    private let output: FileHandle
    private let errors: FileHandle

    public init(environment: [String: String], output: FileHandle = .standardOutput, errors: FileHandle = .standardError) {
        self.environment = environment
        self.output = output
        self.errors = errors
    }

    /// Data for programs and pipes.
    public func out(_ text: String) {
        output.write(Data(text.utf8))
    }

    /// Data for programs and pipes, already encoded (batch mode writes a chunk of records at once).
    public func out(bytes: [UInt8]) {
        // Written without a copy: `FileHandle.write` is synchronous and keeps no reference to the
        // data, so the buffer may back it for the call (batch chunks are megabytes).
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            output.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none))
        }
    }

    /// Messages for people: prompts, progress, warnings, errors.
    public func err(_ text: String) {
        errors.write(Data(text.utf8))
    }

    public var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    public var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    public var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Colour only on a terminal, never with `NO_COLOR` set or `TERM=dumb`.
    public func useColour(forStderr: Bool) -> Bool {
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return forStderr ? stderrIsTerminal : stdoutIsTerminal
    }
}

/// A problem reading input or writing output.
public enum FileProblem: Error, Sendable, Equatable {
    case notFound(String)
    case isDirectory(String)
    case unreadable(String, reason: String)
    case noInputGiven
    case exists(String)
    case symlink(String)
    case unwritable(String, reason: String)
}

/// Reading input files and stdin.
public enum InputReader {
    /// Reads a whole file, or stdin for `-`.
    public static func read(_ path: String) throws(FileProblem) -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
        if isDirectory.boolValue { throw .isDirectory(path) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path, reason: "permission denied") }
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw .unreadable(path, reason: String(describing: error))
        }
    }

    /// The name an input is shown under in messages.
    public static func displayName(_ path: String) -> String {
        path == "-" ? "<stdin>" : path
    }
}
