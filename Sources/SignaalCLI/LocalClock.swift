import SignalModel

/// The machine clock, read only here in the executable (the library never reads it).
/// Local time comes from libc (`localtime_r`: the TZ variable, else /etc/localtime).
enum LocalClock {
    /// Now, in local time with its UTC offset.
    static func now() -> Timestamp? {
        let parts = System.localTime(System.now())
        let offset = parts.offsetSeconds / 60
        let sign = offset < 0 ? "-" : "+"
        let text =
            "\(pad(parts.year, 4))-\(pad(parts.month))-\(pad(parts.day))T\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second))"
            + sign + pad(abs(offset) / 60) + ":" + pad(abs(offset) % 60)
        return Timestamp(iso8601: text)
    }

    /// `20261121-234012` for a moment in seconds since 1970.
    static func compactLocal(_ seconds: Int) -> String {
        let parts = System.localTime(seconds)
        return "\(pad(parts.year, 4))\(pad(parts.month))\(pad(parts.day))-\(pad(parts.hour))\(pad(parts.minute))\(pad(parts.second))"
    }

    /// `2026-11-21 23:40` for a moment in seconds since 1970.
    static func readableLocal(_ seconds: Int) -> String {
        let parts = System.localTime(seconds)
        return "\(pad(parts.year, 4))-\(pad(parts.month))-\(pad(parts.day)) \(pad(parts.hour)):\(pad(parts.minute))"
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
