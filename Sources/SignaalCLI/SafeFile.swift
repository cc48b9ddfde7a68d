
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files about a child the careful way: private (0600), atomic (temp file + fsync + rename),
/// never through a symbolic link, and never over an existing file unless the caller says so.
public enum SafeFile {
    /// Writes `bytes` to `path`. With `overwrite` false an existing file is an error (`.exists`).
    public static func write(_ bytes: [UInt8], to path: String, overwrite: Bool) throws(FileProblem) {
        var status = stat()
        if lstat(path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK { throw .symlink(path) }
            if (status.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(path) }
            if !overwrite { throw .exists(path) }
        }
        let (directory, name) = split(path)
        var template = Array((directory + "/." + name + ".XXXXXX").utf8CString)
        // mkstemp creates the file with mode 0600 and O_EXCL: nobody else can have it open.
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .unwritable(path, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            while written < buffer.count {
                let result = Glibc.write(descriptor, base + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
            return true
        }
        // errno is read right after the call that failed, so the message names the real cause.
        var failure: Int32 = 0
        if !ok {
            failure = errno
        } else if fchmod(descriptor, 0o600) != 0 || fsync(descriptor) != 0 {
            failure = errno
        }
        guard failure == 0 else {
            close(descriptor)
            unlink(temporary)
            // The file was created but could not be written in full (disk full, I/O error): exit 74.
            throw .writeFailed(path, reason: String(cString: strerror(failure)))
        }
        close(descriptor)
        if !overwrite {
            // link() fails if the target appeared meanwhile: no silent overwrite even in a race.
            guard link(temporary, path) == 0 else {
                let failure = errno
                unlink(temporary)
                if failure == EEXIST { throw .exists(path) }
                throw .unwritable(path, reason: String(cString: strerror(failure)))
            }
            unlink(temporary)
        } else {
            guard rename(temporary, path) == 0 else {
                let failure = String(cString: strerror(errno))
                unlink(temporary)
                throw .unwritable(path, reason: failure)
            }
        }
        syncDirectory(directory)
    }

    /// Creates a private folder (0700) and its parents if needed.
    public static func makePrivateDirectory(_ path: String) throws(FileProblem) {
        var status = stat()
        if lstat(path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK { throw .symlink(path) }
            return
        }
        let failure = System.makeDirectories(path, mode: 0o700)
        guard failure == 0 else { throw .unwritable(path, reason: System.describe(failure)) }
    }

    /// The folder and the name of a file path (`a/b.json` → `a`, `b.json`; `b.json` → `.`, `b.json`).
    static func split(_ path: String) -> (directory: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
        let directory = trimmed[..<slash]
        return (directory.isEmpty ? "/" : String(directory), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// Makes the rename durable: fsync the folder entry.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
