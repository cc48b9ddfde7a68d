import Foundation
import SignalModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The machine clock, read only here in the executable (the library never reads it).
///
/// Local time comes from the C library (`localtime_r`), which reads `TZ` as POSIX defines it: a
/// zone name (`Europe/Amsterdam`) and also a POSIX rule such as `CET-1` or
/// `CET-1CEST,M3.5.0,M10.5.0/3`, which Foundation's `TimeZone.current` reads as UTC.
enum LocalClock {
    /// Now, in local time with its UTC offset.
    static func now() -> Timestamp? {
        let date = Date()
        let parts = local(date)
        let offset = parts.offsetSeconds / 60
        let sign = offset < 0 ? "-" : "+"
        let text =
            "\(pad(parts.year, 4))-\(pad(parts.month))-\(pad(parts.day))T\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second))"
            + sign + pad(abs(offset) / 60) + ":" + pad(abs(offset) % 60)
        return Timestamp(iso8601: text)
    }

    /// `20261121-234012`.
    static func compactLocal(_ date: Date) -> String {
        let parts = local(date)
        return "\(pad(parts.year, 4))\(pad(parts.month))\(pad(parts.day))-\(pad(parts.hour))\(pad(parts.minute))\(pad(parts.second))"
    }

    /// `2026-11-21 23:40`.
    static func readableLocal(_ date: Date) -> String {
        let parts = local(date)
        return "\(pad(parts.year, 4))-\(pad(parts.month))-\(pad(parts.day)) \(pad(parts.hour)):\(pad(parts.minute))"
    }

    private static func local(_ date: Date) -> (
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetSeconds: Int
    ) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        tzset()
        guard localtime_r(&seconds, &parts) != nil else { return (1970, 1, 1, 0, 0, 0, 0) }
        return (
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
            min(Int(parts.tm_sec), 59), Int(parts.tm_gmtoff)
        )
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
