/// Where in the seed documents a fact comes from.
public struct Citation: Sendable, Equatable, Hashable {
    /// A quote in a trainer's scenario must have at least this many words …
    package static let minimumQuoteWords = 4
    /// … or at least this many characters (Unicode scalars, white space at the ends not counted):
    /// `"de"` or `"e"` stands at almost any line and proves nothing.
    package static let minimumQuoteLength = 20

    /// Whether the quote is long enough to check (see `minimumQuoteWords`); a blank quote is not.
    package var quoteIsLongEnough: Bool {
        let words = quote.split(whereSeparator: { $0.isWhitespace })
        let length = words.joined(separator: " ").unicodeScalars.count
        return words.count >= Self.minimumQuoteWords || length >= Self.minimumQuoteLength
    }

    /// A seed file name such as `000_e80dfccad85e2995.txt`, or `public` for public knowledge.
    public var source: String
    /// The line range in the seed file (from 1; `0...0` for `public`).
    public var lines: ClosedRange<Int>
    /// A short verbatim Dutch excerpt found within `lines`.
    public var quote: String

    /// `000_e80dfccad85e2995.txt L1984` or `… L615–633`.
    public var shortReference: String {
        if source == "public" { return "public" }
        if lines.lowerBound == lines.upperBound { return "\(source) L\(lines.lowerBound)" }
        return "\(source) L\(lines.lowerBound)–\(lines.upperBound)"
    }

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(source: String, lines: ClosedRange<Int>, quote: String) {
        self.source = source
        self.lines = lines
        self.quote = quote
    }
}
