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

    /// Now, as `now()`, first saying on stderr when `TZ` names no time zone: libc then takes local
    /// time as UTC without a word, and office hours would follow the wrong clock.
    static func now(warningOn context: CommandContext) -> Timestamp? {
        if let zone = unknownZone(context.console.environment) {
            context.console.err("signaal: " + context.t("clock.unknown_tz", ["tz": UserText.line(zone)]) + "\n")
        }
        return now()
    }

    /// The value of `TZ` when libc cannot know it: set, not empty, no zone file of that name (absolute,
    /// or under `$TZDIR` or /usr/share/zoneinfo) and not a POSIX rule such as `CET-1CEST,M3.5.0,M10.5.0/3`.
    static func unknownZone(_ environment: [String: String]) -> String? {
        guard let value = environment["TZ"], !value.isEmpty else { return nil }
        let name = value.hasPrefix(":") ? String(value.dropFirst()) : value
        // Empty, or UTC by name: UTC is what libc uses and what was meant, zone file or not.
        if name.isEmpty || ["UTC", "GMT", "UCT", "Universal", "Zulu", "Etc/UTC", "Etc/GMT"].contains(name) { return nil }
        if name.hasPrefix("/") {
            if System.kind(of: name) == .other { return nil }
        } else if !name.contains(".."), !name.hasPrefix(".") {
            for folder in [environment["TZDIR"], "/usr/share/zoneinfo"].compactMap({ $0 }) where !folder.isEmpty {
                if System.kind(of: folder + "/" + name) == .other { return nil }
            }
        }
        if !value.hasPrefix(":"), isPOSIXRule(name) { return nil }
        return value
    }

    /// A POSIX TZ rule: a name (3+ letters or `<…>`) and an offset, optionally a summer-time name, its
    /// offset and the change dates (`UTC0`, `EST5EDT`, `<+03>-3`, `CET-1CEST,M3.5.0,M10.5.0/3`).
    static func isPOSIXRule(_ text: String) -> Bool {
        var rest = Substring(text)
        func name() -> Bool {
            if rest.first == "<" {
                guard let end = rest.firstIndex(of: ">") else { return false }
                let inner = rest[rest.index(after: rest.startIndex)..<end]
                guard inner.count >= 3, inner.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-") })
                else { return false }
                rest = rest[rest.index(after: end)...]
                return true
            }
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            guard letters.count >= 3 else { return false }
            rest = rest.dropFirst(letters.count)
            return true
        }
        func offset() -> Bool {
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            let hours = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...2).contains(hours.count) else { return false }
            rest = rest.dropFirst(hours.count)
            for _ in 0..<2 where rest.first == ":" {
                guard rest.dropFirst().prefix(while: { $0.isASCII && $0.isNumber }).count == 2 else { return false }
                rest = rest.dropFirst(3)
            }
            return true
        }
        guard name(), offset() else { return false }
        if rest.isEmpty { return true }
        guard name() else { return false }
        if rest.first != ",", !rest.isEmpty { guard offset() else { return false } }
        if rest.isEmpty { return true }
        let dates = rest.split(separator: ",", omittingEmptySubsequences: false)
        return dates.count == 3 && dates[0].isEmpty && !dates[1].isEmpty && !dates[2].isEmpty
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
