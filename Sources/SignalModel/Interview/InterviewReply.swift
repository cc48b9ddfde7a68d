/// What a typed line means for the current question. Both languages' words are accepted in both
/// languages, so a Dutch officer typing `y` or an English one typing `j` is understood.
public enum InterviewReply: Sendable, Equatable {
    /// An answer to the question.
    case answer(InterviewAnswer)
    /// An empty line on a question answered before: keep that answer.
    case keep
    /// Go back to the previous question.
    case back
    /// Explain the question.
    case help
    /// Save the draft and stop.
    case quit
    /// Not understood: ask again with a hint.
    case invalid

    // The words each reply accepts, lower case.
    static let yes: Set<String> = ["j", "ja", "y", "yes"]
    static let no: Set<String> = ["n", "nee", "no"]
    static let unknown: Set<String> = [
        "?", "o", "u", "onbekend", "unknown", "weet niet", "weet ik niet", "don't know", "dont know",
    ]
    static let skip: Set<String> = ["overslaan", "skip", "-"]
    static let backWords: Set<String> = ["b", "terug", "back"]
    static let helpWords: Set<String> = ["h", "help", "hulp", "uitleg"]
    static let quitWords: Set<String> = ["q", "stop", "quit", "stoppen"]

    /// Whether a line is a word that declines or stops (`n`, `nee`, `q`, `stop`, …): at a prompt for
    /// a file name such a word must never become the file's name.
    public static func declines(_ line: String) -> Bool {
        let word = line.trimmingWhitespace().lowercased()
        return no.contains(word) || quitWords.contains(word) || skip.contains(word) || backWords.contains(word)
    }

    /// A yes / no / unknown word in either language (`j`, `yes`, `nee`, `?`, …), or nil.
    public static func triState(_ line: String) -> Answer? {
        let word = line.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        if yes.contains(word) { return .yes }
        if no.contains(word) { return .no }
        if unknown.contains(word) { return .unknown }
        return nil
    }

    /// Interprets one typed line for a question. `offences` is the numbered list shown for the
    /// offence question (1-based).
    public static func parse(_ line: String, for question: InterviewQuestion, offences: [Offence]) -> InterviewReply {
        let word = line.trimmingWhitespace().lowercased()
        if word.isEmpty { return question.previousAnswer == nil ? .invalid : .keep }
        if backWords.contains(word) { return .back }
        if helpWords.contains(word) { return .help }
        if quitWords.contains(word) { return .quit }
        switch question.format {
        case .triState:
            return triState(word).map { .answer(.answer($0)) } ?? .invalid
        case .age:
            if unknown.contains(word) || skip.contains(word) { return .answer(.age(nil)) }
            guard word.count <= 3, word.allSatisfy(\.isASCIIDigit), let age = Int(word), (0...120).contains(age) else {
                return .invalid
            }
            return .answer(.age(age))
        case .offence:
            if unknown.contains(word) || skip.contains(word) { return .answer(.offence(nil)) }
            if word.count <= 3, word.allSatisfy(\.isASCIIDigit), let number = Int(word), (1...offences.count).contains(number) {
                return .answer(.offence(offences[number - 1].id))
            }
            if let offence = offences.first(where: { $0.id == word }) { return .answer(.offence(offence.id)) }
            return .invalid
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line ends (no Foundation needed).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
