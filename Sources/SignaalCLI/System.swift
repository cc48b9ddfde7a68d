import Glibc

/// The few operating-system services the CLI needs, straight from libc. The CLI does not link
/// Foundation: a static `signaal` is then a few MB and starts about as fast as `/bin/true`
/// (Foundation with its ICU data made it 76 MB). Dispatch is used for signal handling only.
public enum System {
    /// The process environment (`environ`).
    public static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    /// Seconds since 1970 (UTC), from the real-time clock.
    public static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int(time.tv_sec)
    }

    /// What is at `path` (following symbolic links), or nil when nothing is.
    public enum Kind { case directory, other }

    public static func kind(of path: String) -> Kind? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return (status.st_mode & S_IFMT) == S_IFDIR ? .directory : .other
    }

    /// The names in a folder (without `.` and `..`), or nil when it cannot be read.
    public static func contentsOfDirectory(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `mkdir -p` with `mode` for every folder it creates. Returns the errno of the failure, or 0.
    public static func makeDirectories(_ path: String, mode: mode_t) -> Int32 {
        if kind(of: path) == .directory { return 0 }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, mode) != 0 && errno != EEXIST { return errno }
            prefix += "/"
        }
        return kind(of: path) == .directory ? 0 : ENOTDIR
    }

    /// The message for an errno value.
    public static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Local calendar time of `seconds` (the TZ variable, else /etc/localtime), with its UTC offset.
    public struct LocalTime {
        public var year, month, day, hour, minute, second: Int
        public var offsetSeconds: Int
    }

    public static func localTime(_ seconds: Int) -> LocalTime {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        return LocalTime(
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
            hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec),
            offsetSeconds: Int(parts.tm_gmtoff))
    }
}

extension StringProtocol {
    /// The text without leading and trailing blanks (spaces, tabs and other horizontal white space).
    func trimmingBlanks() -> String {
        let blank: (Character) -> Bool = { $0.isWhitespace && !$0.isNewline }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
