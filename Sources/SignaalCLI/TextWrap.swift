import Glibc

/// Text laid out for the terminal: its width (`COLUMNS`, else the terminal's own, else 80) and
/// word wrapping with a hanging indent. Widths count characters, not bytes.
enum TextWrap {
    /// The width to wrap to: `COLUMNS` when set to a number, else the size of the terminal on
    /// stderr or stdout (ioctl TIOCGWINSZ), else 80. Never below 30.
    static func width(environment: [String: String]) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return max(columns, 30) }
        for descriptor in [STDERR_FILENO, STDOUT_FILENO] {
            var size = winsize()
            if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return max(Int(size.ws_col), 30) }
        }
        return 80
    }

    /// The rows of the screen, to fit the checklist in: `LINES` when set to a number, else the size
    /// of the terminal on stderr (when stdin is a terminal too: a person is reading it). Nil when
    /// unknown (a pipe): then nothing is paged.
    static func height(environment: [String: String], interactive: Bool) -> Int? {
        if let text = environment["LINES"], let rows = Int(text), rows > 0 { return max(rows, 10) }
        guard interactive else { return nil }
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return max(Int(size.ws_row), 10) }
        return nil
    }

    /// Wraps one paragraph to `width`: the first line starts with `first`, the others with
    /// `indent` (so numbered lists hang). Words longer than a line are cut.
    static func wrap(_ text: String, width: Int, first: String = "", indent: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            let room = width - (lineHasWord ? line.count + 1 : line.count)
            if word.count <= room {
                line += (lineHasWord ? " " : "") + word
                lineHasWord = true
                continue
            }
            if lineHasWord {
                lines.append(line)
                line = indent
                lineHasWord = false
            }
            while line.count + word.count > width, width - line.count > 0 {
                let cut = width - line.count
                lines.append(line + word.prefix(cut))
                word = String(word.dropFirst(cut))
                line = indent
            }
            line += word
            lineHasWord = !word.isEmpty
        }
        if lineHasWord || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Wraps text that may hold line breaks: each line is its own paragraph.
    static func wrapLines(_ text: String, width: Int, indent: String = "") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { paragraph -> [String] in
            let leading = String(paragraph.prefix { $0 == " " })
            return wrap(String(paragraph.dropFirst(leading.count)), width: width, first: leading, indent: leading + indent)
        }.joined(separator: "\n")
    }
}

extension String {
    /// The text padded with spaces to `length` characters (never cut).
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }

    /// The text without trailing spaces.
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
