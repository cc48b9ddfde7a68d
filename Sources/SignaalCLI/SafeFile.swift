
import Glibc

/// Writes files about a child the careful way: private (0600), atomic (temp file + fsync + rename),
/// never over an existing file unless the caller says so, and only ever as a regular file.
///
/// The symbolic-link rule: links in the folders above the file — folders the user named, such as a
/// linked `XDG_STATE_HOME` or `--report linkdir/r.md` — are followed; a link at the final path
/// component (the file itself) is never written through. A device, FIFO or socket at the target is
/// never replaced, not even with `--force`.
public enum SafeFile {
    /// Checks a target before any work is done, so a run that cannot write its file fails at the
    /// start: the file itself must be absent, or (with `overwrite`) a regular file; the folder it goes
    /// into must exist and be writable.
    public static func checkTarget(_ path: String, overwrite: Bool) throws(FileProblem) {
        try checkFinalComponent(path, overwrite: overwrite)
        let directory = split(path).directory
        var status = stat()
        guard stat(directory, &status) == 0 else { throw .unwritable(path, reason: String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { throw .unwritable(path, reason: String(cString: strerror(ENOTDIR))) }
        guard access(directory, W_OK | X_OK) == 0 else { throw .unwritable(path, reason: String(cString: strerror(errno))) }
    }

    /// The final component: no link, no folder, no device/FIFO/socket; an existing file only with `overwrite`.
    private static func checkFinalComponent(_ path: String, overwrite: Bool) throws(FileProblem) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        switch status.st_mode & S_IFMT {
        case S_IFLNK: throw .symlink(path)
        case S_IFDIR: throw .targetIsDirectory(path)
        case S_IFREG: if !overwrite { throw .exists(path) }
        default: throw .targetNotRegular(path)
        }
    }

    /// Writes `bytes` to `path`. With `overwrite` false an existing file is an error (`.exists`);
    /// with `overwrite` true only a regular file is replaced.
    public static func write(_ bytes: [UInt8], to path: String, overwrite: Bool) throws(FileProblem) {
        try checkFinalComponent(path, overwrite: overwrite)
        let (directory, name) = split(path)
        sweepStaleTemporaryFiles(directory: directory, name: name)
        // The temp file's name carries our pid, so a later run can tell a leftover of a killed
        // process (pid gone) from a write in progress: `.<name>.<pid>.XXXXXX`.
        // Its name is registered for removal on SIGTERM, SIGHUP and Ctrl-C (Signals.swift) *before*
        // the file is created. Registered after mkstemp, a signal between the two ended the process
        // the default way and left the temp file behind (N14 failed so under load). A handler that
        // removes a name not created yet does no harm: the name carries our pid, so it is nobody
        // else's file, and O_EXCL below means we only ever write a file we made ourselves.
        let stem = directory + "/." + name + "." + String(getpid()) + "."
        var temporary = stem + temporarySuffix()
        let guardian = TemporaryFileGuard(temporary)
        defer { guardian.release() }
        var descriptor: Int32 = -1
        var creation: Int32 = 0
        for attempt in 0..<100 {
            if attempt > 0 {
                temporary = stem + temporarySuffix()
                guardian.retarget(temporary)
            }
            // Like mkstemp: mode 0600, O_EXCL (nobody else can have it open), never through a link.
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            creation = errno
            if descriptor >= 0 || creation != EEXIST { break }
        }
        guard descriptor >= 0 else { throw .unwritable(path, reason: String(cString: strerror(creation))) }
        TemporaryFileGuard.testHoldAfterCreate()
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

    /// Six random letters and digits, the `XXXXXX` of a temp file's name (what mkstemp would use).
    private static func temporarySuffix() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<6).map { _ in alphabet.randomElement()! })
    }

    /// Whether two paths name the same file: the same inode (also through hard or symbolic links)
    /// when both exist, else the same folder (resolved) and name. `-` (stdin, stdout) is no file.
    public static func sameFile(_ first: String, _ second: String) -> Bool {
        guard first != "-", second != "-" else { return false }
        var a = stat()
        var b = stat()
        if stat(first, &a) == 0, stat(second, &b) == 0 { return a.st_dev == b.st_dev && a.st_ino == b.st_ino }
        func resolved(_ path: String) -> String? {
            let (directory, name) = split(path)
            guard let real = realpath(directory, nil) else { return nil }
            defer { free(real) }
            return String(cString: real) + "/" + name
        }
        guard let left = resolved(first), let right = resolved(second) else { return first == second }
        return left == right
    }

    /// Removes what an earlier write to the same target left behind when its process was killed
    /// (`kill -9` between write and rename): files named `.<name>.<pid>.XXXXXX` — our own pattern —
    /// that are regular files (never a link), belong to this user, and whose pid is gone. Anything
    /// else in the folder is left alone.
    static func sweepStaleTemporaryFiles(directory: String, name: String) {
        guard let names = System.contentsOfDirectory(directory) else { return }
        let prefix = "." + name + "."
        for candidate in names where candidate.hasPrefix(prefix) {
            let tail = candidate.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
            guard tail.count == 2, tail[1].count == 6, tail[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
                let pid = Int32(tail[0]), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let path = directory + "/" + candidate
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_uid == getuid() else { continue }
            unlink(path)
        }
    }

    /// Creates a private folder (0700) and its parents if needed. Links in the path are followed (the
    /// user named these folders); what the path ends in must be a folder.
    public static func makePrivateDirectory(_ path: String) throws(FileProblem) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else { throw .unwritable(path, reason: String(cString: strerror(ENOTDIR))) }
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
