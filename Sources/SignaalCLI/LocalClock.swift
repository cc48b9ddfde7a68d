import Foundation
import SignalModel

/// The machine clock, read only here in the executable (the library never reads it).
enum LocalClock {
    /// Now, in local time with its UTC offset.
    static func now() -> Timestamp? {
        let date = Date()
        let parts = local(date)
        let offset = TimeZone.current.secondsFromGMT(for: date) / 60
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

    private static func local(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
