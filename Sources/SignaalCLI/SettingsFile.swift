import SignalModel

import Glibc

/// Reading `settings.json`, Signaal's own settings file, the careful way.
enum SettingsFile {
    /// Settings are a few hundred bytes; a larger file is not ours.
    static let maximumSize = 1_000_000

    /// The bytes of the settings file. It is opened without blocking and only a regular file is read:
    /// a FIFO put there would otherwise hang `triage` before the first question (issue 22 N5), a
    /// device would be read for ever. A file anyone may write (mode o+w) is read, with a warning,
    /// since someone else could change the region the interview suggests.
    static func read(_ path: String, warn: (String) -> Void, t: (String, [String: String]) -> String) throws(FileProblem) -> [UInt8] {
        let descriptor = try InputReader.openForReading(path, regularOnly: true)
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IWOTH != 0 {
            warn(t("settings.world_writable", ["path": UserText.line(path)]) + "\n")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path, reason: String(cString: strerror(errno)))
            }
            guard bytes.count + count <= maximumSize else { throw .tooLarge(path, limit: maximumSize) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
