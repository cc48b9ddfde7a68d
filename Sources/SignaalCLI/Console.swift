import SignalModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's streams and environment, passed in so commands stay testable.
public final class Console: @unchecked Sendable {
    public let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Data for programs and pipes.
    public func out(_ text: String) {
        var text = text
        text.withUTF8 { writeAll(STDOUT_FILENO, $0, stream: "stdout") }
    }

    /// Data for programs and pipes, already encoded (batch mode writes a chunk of records at once).
    public func out(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { writeAll(STDOUT_FILENO, $0, stream: "stdout") }
    }

    /// Messages for people: prompts, progress, warnings, errors.
    public func err(_ text: String) {
        var text = text
        text.withUTF8 { writeAll(STDERR_FILENO, $0, stream: "stderr") }
    }

    /// write(2) until done. A full disk or a closed reader is not a crash: it ends the run with the
    /// documented I/O exit code (74) and a message on stderr, as far as stderr still works.
    private func writeAll(_ descriptor: Int32, _ buffer: UnsafeBufferPointer<UInt8>, stream: String) {
        guard var base = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                if descriptor != STDERR_FILENO {
                    let message = "signaal: cannot write to \(stream): \(reason)\n"
                    _ = message.utf8CString.withUnsafeBufferPointer { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
                }
                exit(ExitCode.ioError.rawValue)
            }
            base += written
            remaining -= written
        }
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
    /// The input is larger than any case can be.
    case tooLarge(String, limit: Int)
    /// Writing started but did not finish (disk full, I/O error).
    case writeFailed(String, reason: String)
}

/// Reading input files and stdin.
public enum InputReader {
    /// The largest single case accepted (a case is a few kB; this bounds memory on a wrong file).
    /// Batch mode streams and has its own per-line limit.
    public static let maximumSize = 256 * 1024 * 1024

    /// Reads a whole file, or stdin for `-`, up to `maximumSize` bytes.
    public static func read(_ path: String) throws(FileProblem) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            guard let kind = System.kind(of: path) else { throw .notFound(path) }
            if kind == .directory { throw .isDirectory(path) }
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw .unreadable(path, reason: String(cString: strerror(errno))) }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(displayName(path), reason: String(cString: strerror(errno)))
            }
            guard bytes.count + count <= maximumSize else { throw .tooLarge(displayName(path), limit: maximumSize) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// The name an input is shown under in messages.
    public static func displayName(_ path: String) -> String {
        path == "-" ? "<stdin>" : path
    }
}
