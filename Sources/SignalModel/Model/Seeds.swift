/// The seed documents a citation may name (`../shared/seeds`), with their line counts, plus `public`
/// for public knowledge.
///
/// The seed texts themselves are not bundled; their names and line counts are, so every citation's
/// line range is checked wherever Signaal runs. Quotes are checked against the texts when they are
/// given (`SeedTexts`, `signaal scenario check --sources DIR`). `SeedsTests` checks this table
/// against the seed files.
package enum Seeds {
    /// Each seed file with its number of lines, as an editor numbers them (1-based, a final newline
    /// does not start another line).
    package static let lineCounts: [(file: String, lines: Int)] = [
        ("000_e80dfccad85e2995.txt", 2596), ("001_ffd7c1375f758767.txt", 4145), ("002_5e39b681f2b3d329.txt", 566),
        ("003_8892b0406b107248.txt", 266), ("004_d47ff179884b68ef.txt", 165),
    ]

    /// The seed file names.
    package static let files: [String] = lineCounts.map(\.file)

    /// The number of lines of a seed file, or nil for `public` and unknown names.
    package static func lineCount(of file: String) -> Int? {
        lineCounts.first { $0.file == file }?.lines
    }

    /// The lines of a text as an editor numbers them: split at `\n`, a final newline starts no line.
    package static func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// What checking one citation against the seed texts found.
package enum CitationVerdict: Sendable, Equatable {
    /// The quote stands in the seed at the lines named (whitespace folded).
    case verified
    /// A `public` citation: general public knowledge, no seed to check against.
    case publicKnowledge
    /// The seed's text was not available, so the quote could not be verified (the line range was).
    case notVerified
    /// The lines named lie outside the seed (`lineCount` lines).
    case outOfRange(lineCount: Int)
    /// The seed has no such lines' text containing the quote.
    case quoteNotFound
    /// The source is neither a known seed nor `public`.
    case unknownSource
    /// The quote is blank or too short to show that the lines say what is claimed (`"de"`): a
    /// trainer's citation needs at least `Citation.minimumQuoteWords` words or
    /// `Citation.minimumQuoteLength` characters.
    case quoteTooShort

    /// Whether the citation is wrong (as opposed to right, public or merely not verifiable).
    package var isProblem: Bool {
        switch self {
        case .outOfRange, .quoteNotFound, .unknownSource, .quoteTooShort: true
        case .verified, .publicKnowledge, .notVerified: false
        }
    }
}

/// The texts of the seed documents a user has (`--sources DIR`): the one checker of citation quotes,
/// for scenarios, the catalogue, routing and contacts alike.
package struct SeedTexts: Sendable {
    private var linesByFile: [String: [String]]

    /// The texts by seed file name; names that are not seeds are ignored.
    package init(texts: [String: String]) {
        var lines: [String: [String]] = [:]
        for (file, text) in texts where Seeds.lineCount(of: file) != nil { lines[file] = Seeds.lines(of: text) }
        linesByFile = lines
    }

    /// No texts: only line ranges can be checked.
    package static let none = SeedTexts(texts: [:])

    /// The seed files whose text is available, in seed order.
    package var available: [String] { Seeds.files.filter { linesByFile[$0] != nil } }

    /// Folds whitespace so a quote can span the line breaks of the PDF-extracted seeds.
    package static func folded(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Checks one citation: the source exists, the lines lie inside it, and, when the text is
    /// available, the quote stands within those lines.
    package func verify(_ citation: Citation) -> CitationVerdict {
        if citation.source == "public" { return .publicKnowledge }
        guard let count = Seeds.lineCount(of: citation.source) else { return .unknownSource }
        let range = citation.lines
        let lines = linesByFile[citation.source]
        let last = lines?.count ?? count
        guard range.lowerBound >= 1, range.upperBound <= last else { return .outOfRange(lineCount: last) }
        guard let lines else { return .notVerified }
        let passage = Self.folded(lines[(range.lowerBound - 1)...(range.upperBound - 1)].joined(separator: "\n"))
        return passage.contains(Self.folded(citation.quote)) ? .verified : .quoteNotFound
    }
}
