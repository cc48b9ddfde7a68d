/// The two languages every user-facing text exists in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case nl
    case en

    /// The language a `LANG`/`LC_ALL` value asks for: Dutch for `nl*`, otherwise English.
    public static func fromLocale(_ value: String?) -> Language {
        guard let value, value.lowercased().hasPrefix("nl") else { return .en }
        return .nl
    }
}

/// A text in Dutch and English.
public struct LocalizedText: Sendable, Equatable, Hashable {
    public var nl: String
    public var en: String

    public init(nl: String, en: String) {
        self.nl = nl
        self.en = en
    }

    public subscript(language: Language) -> String {
        switch language {
        case .nl: nl
        case .en: en
        }
    }
}

/// Where in the seed documents a fact comes from.
public struct Citation: Sendable, Equatable, Hashable {
    /// A quote in a trainer's scenario must have at least this many words …
    public static let minimumQuoteWords = 4
    /// … or at least this many characters (Unicode scalars, white space at the ends not counted):
    /// `"de"` or `"e"` stands at almost any line and proves nothing.
    public static let minimumQuoteLength = 20

    /// Whether the quote is long enough to check (see `minimumQuoteWords`); a blank quote is not.
    public var quoteIsLongEnough: Bool {
        let words = quote.split(whereSeparator: { $0.isWhitespace })
        let length = words.joined(separator: " ").unicodeScalars.count
        return words.count >= Self.minimumQuoteWords || length >= Self.minimumQuoteLength
    }

    /// A seed file name such as `000_e80dfccad85e2995.txt`, or `public` for public knowledge.
    public var source: String
    public var lines: ClosedRange<Int>
    /// A short verbatim Dutch excerpt found within `lines`.
    public var quote: String

    /// `000_e80dfccad85e2995.txt L1984` or `… L615–633`.
    public var shortReference: String {
        if source == "public" { return "public" }
        if lines.lowerBound == lines.upperBound { return "\(source) L\(lines.lowerBound)" }
        return "\(source) L\(lines.lowerBound)–\(lines.upperBound)"
    }
}

/// A yes / no / unknown answer. Unknown is an answer of its own and never scored as no.
public enum Answer: String, Sendable, CaseIterable, Hashable {
    case yes
    case no
    case unknown
}

/// The three-valued context facts (acute danger, guardian present, registered in NL, office hours).
public typealias TriState = Answer

/// Who is assessing: decides the route.
public enum Role: String, Sendable, CaseIterable, Hashable {
    case police
    case zsm
    case education
    case care
    case municipality
    case rvdk
    case other
}

/// The ordered signal level. A signal to act on, never a finding or a probability.
public enum Level: String, Sendable, CaseIterable, Comparable, Hashable {
    case none
    case attention
    case suspicion
    case acute

    var rank: Int {
        switch self {
        case .none: 0
        case .attention: 1
        case .suspicion: 2
        case .acute: 3
        }
    }

    public static func < (left: Level, right: Level) -> Bool { left.rank < right.rank }
}

/// Age bands that decide the legal frame: under 12 cannot be prosecuted; 12–17 go through ZSM.
public enum AgeBand: String, Sendable, CaseIterable, Hashable {
    case under12
    case minor
    case adult
    case unknown

    public init(age: Int?) {
        switch age {
        case nil: self = .unknown
        case let value? where value < 12: self = .under12
        case let value? where value < 18: self = .minor
        default: self = .adult
        }
    }
}

/// How an indicator contributes to the level.
public enum IndicatorKind: String, Sendable, CaseIterable, Hashable {
    /// A yes adds the weight to the score.
    case weighted
    /// A yes adds the weight and lifts the level to at least suspicion on its own.
    case hard
    /// A yes makes the level acute.
    case acute
    /// Recorded and shown, never lifts the level (vulnerabilities, offence context).
    case context
}
