import SignalModel

import Glibc

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
