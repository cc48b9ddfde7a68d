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
        _ = text.withUTF8 { writeAll(STDOUT_FILENO, $0, stream: "stdout") }
    }

    /// Data for programs and pipes, already encoded (batch mode writes a chunk of records at once).
    public func out(bytes: [UInt8]) {
        _ = bytes.withUnsafeBufferPointer { writeAll(STDOUT_FILENO, $0, stream: "stdout") }
    }

    /// Newline-terminated records for stdout (a batch run). Once `stop()` turns true the record being
    /// written is finished and the rest is left out, so the output never ends in a partial record.
    /// Returns how many bytes were written (all of them unless stopped).
    public func outRecords(_ bytes: [UInt8], stop: () -> Bool) -> Int {
        bytes.withUnsafeBufferPointer { writeAll(STDOUT_FILENO, $0, stream: "stdout", stop: stop) }
    }

    /// Messages for people: prompts, progress, warnings, errors.
    public func err(_ text: String) {
        var text = text
        _ = text.withUTF8 { writeAll(STDERR_FILENO, $0, stream: "stderr") }
    }

    /// write(2) until done. On stdout a full disk or a closed reader is not a crash: it ends the run
    /// with the documented I/O exit code (74) and a message on stderr, as far as stderr still works
    /// (SIGPIPE is ignored by the executable, so a closed reader is EPIPE here, not a signal).
    /// stderr is best-effort: messages for people never stop the data on stdout, so a failed write
    /// to stderr (closed, full, nobody reading) drops the rest of that message and the run goes on.
    @discardableResult
    private func writeAll(
        _ descriptor: Int32, _ buffer: UnsafeBufferPointer<UInt8>, stream: String, stop: () -> Bool = { false }
    ) -> Int {
        guard var base = buffer.baseAddress else { return 0 }
        var remaining = buffer.count
        while remaining > 0 {
            if stop() {
                // Finish the record under way (up to its newline), then leave the rest out.
                let done = buffer.count - remaining
                if done == 0 || buffer[done - 1] == 0x0A { return done }
                var end = done
                while end < buffer.count, buffer[end] != 0x0A { end += 1 }
                remaining = min(end + 1, buffer.count) - done
                let rest = UnsafeBufferPointer(rebasing: buffer[done..<(done + remaining)])
                return done + writeAll(descriptor, rest, stream: stream)
            }
            let written = Glibc.write(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                if descriptor == STDERR_FILENO { return buffer.count - remaining }
                let reason = String(cString: strerror(errno))
                let message = "signaal: cannot write to \(stream): \(reason)\n"
                _ = message.utf8CString.withUnsafeBufferPointer { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
                exit(ExitCode.ioError.rawValue)
            }
            base += written
            remaining -= written
        }
        return buffer.count
    }

    /// Whether stdin can be read at all: false when it was closed (`<&-`) or is open for writing only.
    /// The executable puts a write-only /dev/null on a closed standard stream, so a later `open` can
    /// never take its number (and a report file never receives the assessment meant for stdout).
    public var stdinIsReadable: Bool {
        let flags = fcntl(STDIN_FILENO, F_GETFL)
        return flags >= 0 && (flags & O_ACCMODE) != O_WRONLY
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
    /// stdin is closed or not open for reading.
    case stdinClosed
    /// An output target that is a folder (`--report DIR`, `--save DIR`).
    case targetIsDirectory(String)
    /// An input that is a device, FIFO or socket where Signaal reads only regular files (files it
    /// picks itself: drafts, `*.json` in a folder).
    case notRegularFile(String)
    /// An output target that exists and is not a regular file (a device, FIFO or socket): never replaced.
    case targetNotRegular(String)
    /// The batch output is the input file itself (it would read its own output without end).
    case inputIsOutput(String)
    /// One file named for two roles (`--save x.json --report x.json`, `score c.json --report
    /// c.json`): the second write would replace the first, or the input (issue 22 N1). The roles are
    /// the options' names (`input` for the case read).
    case oneFileTwoRoles(String, first: String, second: String)
    /// Another `signaal triage` has this draft open.
    case draftInUse(String, id: String)
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

    /// Reads a whole file, or stdin for `-`, up to `maximumSize` bytes. With `regularOnly` a FIFO,
    /// device or socket is refused without blocking (opened with O_NONBLOCK, then checked): for files
    /// Signaal picks itself, such as every `*.json` in a folder; a file the user names may be a pipe.
    public static func read(_ path: String, regularOnly: Bool = false) throws(FileProblem) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            try checkStdin()
            descriptor = STDIN_FILENO
        } else {
            descriptor = try openForReading(path, regularOnly: regularOnly)
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

    /// Refuses a closed stdin (`<&-`) or a folder on stdin (`< dir`) before reading: exit 66, as for a file.
    public static func checkStdin() throws(FileProblem) {
        let flags = fcntl(STDIN_FILENO, F_GETFL)
        guard flags >= 0, (flags & O_ACCMODE) != O_WRONLY else { throw .stdinClosed }
        var status = stat()
        if fstat(STDIN_FILENO, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(displayName("-")) }
    }

    /// Opens a named input read-only. A folder is refused; with `regularOnly` anything but a regular
    /// file is refused too, and opening never blocks (a FIFO without a writer would block in `open`).
    public static func openForReading(_ path: String, regularOnly: Bool) throws(FileProblem) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw .notFound(path)
            case EACCES: throw .unreadable(path, reason: "permission denied")
            default: throw .unreadable(path, reason: String(cString: strerror(errno)))
            }
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .unreadable(path, reason: reason)
        }
        let kind = status.st_mode & S_IFMT
        if kind == S_IFDIR {
            close(descriptor)
            throw .isDirectory(path)
        }
        if regularOnly {
            guard kind == S_IFREG else {
                close(descriptor)
                throw .notRegularFile(path)
            }
            // Reads of a regular file never block; clear the flag anyway so reads behave as usual.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
        return descriptor
    }

    /// The name an input is shown under in messages.
    public static func displayName(_ path: String) -> String {
        path == "-" ? "<stdin>" : path
    }
}
