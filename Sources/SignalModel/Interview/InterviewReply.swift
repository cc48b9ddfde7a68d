/// What a typed line means for the current question. Both languages' words are accepted in both
/// languages, so a Dutch officer typing `y` or an English one typing `j` is understood.
public enum InterviewReply: Sendable, Equatable {
    /// An answer to the question, with free-text notes by indicator id (`j: man bij de deur` on a
    /// signal question; `3: man bij de deur` for a checklist tick).
    case answer(InterviewAnswer, notes: [String: String])
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
    /// A note on a question whose answer cannot carry one (a gate fact): ask again with a hint.
    case noteNotAllowed
    /// Typed text the case format would refuse (a BSN in a reference or note, a reference that is
    /// blank or too long): ask again, saying why, so the saved case is one `score` accepts.
    case refused(SignalErrorKind)

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
    static let noneWords: Set<String> = ["0", "-", "geen", "niets", "none", "nothing"]

    /// Whether a line is a word that declines or stops (`n`, `nee`, `q`, `stop`, …): at a prompt for
    /// a file name such a word must never become the file's name.
    public static func declines(_ line: String) -> Bool {
        let word = line.trimmingWhitespace().lowercased()
        return no.contains(word) || quitWords.contains(word) || skip.contains(word) || backWords.contains(word)
    }

    /// Whether a line is any answer or command word of the interview (`j`, `y`, `n`, `?`, `q`, `h`,
    /// `b`, …): at a prompt for a file name such a word is never taken as the name.
    public static func isAnswerWord(_ line: String) -> Bool {
        let word = line.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        return declines(word) || triState(word) != nil || helpWords.contains(word) || noneWords.contains(word)
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
    /// offence question, `regions` the one for the region question (both 1-based); the checklist's
    /// numbers are those of `question.checklist`.
    public static func parse(_ line: String, for question: InterviewQuestion, offences: [Offence], regions: [Region] = [])
        -> InterviewReply
    {
        screened(interpret(line, for: question, offences: offences, regions: regions))
    }

    /// The same checks as the case decoder (`Case.decode`) on the free text of a reply.
    static func screened(_ reply: InterviewReply) -> InterviewReply {
        guard case .answer(let answer, let notes) = reply else { return reply }
        if case .text(let text?) = answer {
            if UserText.isBlank(text) { return .refused(.blankText) }
            if UserText.length(text) > Case.maximumReferenceLength {
                return .refused(.badLength(min: 1, max: Case.maximumReferenceLength))
            }
            if Case.looksLikeBSN(text) { return .refused(.personalIdentifier(character: Case.bsnCharacter(text))) }
            if let invisible = Case.invisibleInReference(text) { return .refused(invisible) }
        }
        for note in notes.values {
            if UserText.length(note) > Case.maximumNoteLength { return .refused(.badLength(min: 0, max: Case.maximumNoteLength)) }
            if UserText.containsBSN(note) { return .refused(.personalIdentifier(character: Case.bsnCharacter(note))) }
        }
        return reply
    }

    private static func interpret(_ line: String, for question: InterviewQuestion, offences: [Offence], regions: [Region])
        -> InterviewReply
    {
        let word = line.trimmingWhitespace().lowercased()
        if word.isEmpty {
            if question.previousAnswer != nil { return .keep }
            switch question.format {
            case .checklist: return .answer(.checklist([]), notes: [:])
            case .text: return .answer(.text(nil), notes: [:])
            default: return .invalid
            }
        }
        if backWords.contains(word) { return .back }
        if helpWords.contains(word) { return .help }
        if quitWords.contains(word) { return .quit }
        switch question.format {
        case .triState:
            if let answer = triState(word) { return .answer(.answer(answer), notes: [:]) }
            // `j: man bij de deur`: an answer word, a colon, and a note for a signal question.
            guard let colon = line.firstIndex(of: ":"), let answer = triState(String(line[..<colon])) else { return .invalid }
            let note = String(line[line.index(after: colon)...]).trimmingWhitespace()
            guard case .indicator(let id) = question.id else { return .noteNotAllowed }
            return .answer(.answer(answer), notes: note.isEmpty ? [:] : [id: note])
        case .age:
            if unknown.contains(word) || skip.contains(word) { return .answer(.age(nil), notes: [:]) }
            guard let age = smallNumber(word), (0...120).contains(age) else { return .invalid }
            return .answer(.age(age), notes: [:])
        case .offence:
            if unknown.contains(word) || skip.contains(word) { return .answer(.offence(nil), notes: [:]) }
            if let number = smallNumber(word), number >= 1, number <= offences.count {
                return .answer(.offence(offences[number - 1].id), notes: [:])
            }
            if let offence = offences.first(where: { $0.id == word }) { return .answer(.offence(offence.id), notes: [:]) }
            return .invalid
        case .region:
            if unknown.contains(word) || skip.contains(word) { return .answer(.region(nil), notes: [:]) }
            if let number = smallNumber(word), number >= 1, number <= regions.count {
                return .answer(.region(regions[number - 1].id), notes: [:])
            }
            if let region = regions.first(where: { $0.id == word || $0.name.lowercased() == word }) {
                return .answer(.region(region.id), notes: [:])
            }
            return .invalid
        case .checklist:
            return checklist(line, items: question.checklist.flatMap(\.items))
        case .text:
            if unknown.contains(word) || skip.contains(word) { return .answer(.text(nil), notes: [:]) }
            return .answer(.text(line.trimmingWhitespace()), notes: [:])
        }
    }

    /// The checklist reply: numbers separated by commas, semicolons or spaces; `3: note` ticks 3
    /// with a note (a note runs to the next comma or semicolon); `0`, `-` or `geen` for none.
    static func checklist(_ line: String, items: [Indicator]) -> InterviewReply {
        let word = line.trimmingWhitespace().lowercased()
        if noneWords.contains(word) { return .answer(.checklist([]), notes: [:]) }
        var ticked = Set<String>()
        var notes: [String: String] = [:]
        for entry in line.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            var numbers = String(entry)
            var note: String?
            if let colon = entry.firstIndex(of: ":") {
                numbers = String(entry[..<colon])
                note = String(entry[entry.index(after: colon)...]).trimmingWhitespace()
            }
            let parts = numbers.split(whereSeparator: \.isWhitespace)
            if note != nil, parts.count != 1 { return .invalid }
            for part in parts {
                guard let number = smallNumber(String(part)), number >= 1, number <= items.count else { return .invalid }
                let id = items[number - 1].id
                ticked.insert(id)
                if let note, !note.isEmpty { notes[id] = note }
            }
        }
        return .answer(.checklist(ticked), notes: notes)
    }

    private static func smallNumber(_ word: String) -> Int? {
        guard !word.isEmpty, word.count <= 3, word.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(word)
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
