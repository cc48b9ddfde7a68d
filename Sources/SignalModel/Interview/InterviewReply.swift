/// What a typed line means for the current question. Both languages' words are accepted in both
/// languages, so a Dutch officer typing `y` or an English one typing `j` is understood.
package enum InterviewReply: Sendable, Equatable {
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
    /// At the checklist: `m`, show the families the fit to offence and role hides.
    case more
    /// At the checklist: `?`, nothing ticked and nothing checked on this page (stays unknown).
    case notChecked
    /// At the checklist: ticks (maybe none) and `0`: the other items shown were looked for and not
    /// seen (recorded as no).
    case noneSeen(ticked: Set<String>, notes: [String: String])
    /// At the checklist: one entry that is not a number on the list, and why.
    case badEntry(String, ChecklistProblem)
    /// At the checklist: `-14` (or `-14, -30`), take these ticks away again.
    case untick(Set<String>)
    /// A case reference that looks like a person's name (two or more capitalised words, no digit).
    case looksLikeName
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
    static let moreWords: Set<String> = ["m", "meer", "more"]

    /// Whether a line is a word that declines or stops (`n`, `nee`, `q`, `stop`, …): at a prompt for
    /// a file name such a word must never become the file's name.
    package static func declines(_ line: String) -> Bool {
        let word = line.trimmingWhitespace().lowercased()
        return no.contains(word) || quitWords.contains(word) || skip.contains(word) || backWords.contains(word)
    }

    /// Whether a line says "none" (`0`, `-`, `geen`, `niets`, `none`, `nothing`).
    package static func isNone(_ line: String) -> Bool {
        noneWords.contains(line.trimmingWhitespace().lowercased())
    }

    /// Whether a line is any answer or command word of the interview (`j`, `y`, `n`, `?`, `q`, `h`,
    /// `b`, …): at a prompt for a file name such a word is never taken as the name.
    package static func isAnswerWord(_ line: String) -> Bool {
        let word = line.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        return declines(word) || triState(word) != nil || helpWords.contains(word) || noneWords.contains(word)
    }

    /// A yes / no / unknown word in either language (`j`, `yes`, `nee`, `?`, …), or nil.
    package static func triState(_ line: String) -> Answer? {
        let word = line.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        if yes.contains(word) { return .yes }
        if no.contains(word) { return .no }
        if unknown.contains(word) { return .unknown }
        return nil
    }

    /// Interprets one typed line for a question. `offences` is the numbered list shown for the
    /// offence question, `regions` the one for the region question (both 1-based); the checklist's
    /// numbers are those of `question.checklist`.
    package static func parse(_ line: String, for question: InterviewQuestion, offences: [Offence], regions: [Region] = [])
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
            if looksLikeName(text) { return .looksLikeName }
        }
        for note in notes.values {
            if UserText.length(note) > Case.maximumNoteLength { return .refused(.badLength(min: 0, max: Case.maximumNoteLength)) }
            if UserText.containsBSN(note) { return .refused(.personalIdentifier(character: Case.bsnCharacter(note))) }
        }
        return reply
    }

    /// Whether a reference looks like a person's name: two or more words that start with a capital
    /// letter and no digit at all ("Jan de Vries", "Fatima El Amrani"). A case number has digits.
    package static func looksLikeName(_ text: String) -> Bool {
        guard !text.contains(where: \.isNumber) else { return false }
        let capitalised = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "\t" }).filter { word in
            guard let first = word.first, first.isUppercase else { return false }
            return word.count > 1 && word.dropFirst().contains(where: \.isLowercase)
        }
        return capitalised.count >= 2
    }

    /// An age as typed: `13`, `13 jaar`, `13j`, `13 years`, `13y`, or a number word up to twenty
    /// (`dertien`, `thirteen`).
    package static func age(_ text: String) -> Int? {
        var word = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for suffix in [" jaar oud", " years old", " jaar", " jr", " years", " year", " yrs", "jaar", "jr", "j", "y"] where word.hasSuffix(suffix) {
            let rest = String(word.dropLast(suffix.count)).trimmingWhitespace()
            if !rest.isEmpty { word = rest }
            break
        }
        if let number = smallNumber(word) { return number }
        return numberWords[word]
    }

    static let numberWords: [String: Int] = {
        let dutch = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
                     "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"]
        let english = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                       "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
        var table: [String: Int] = ["één": 1, "eén": 1]
        for (index, word) in dutch.enumerated() { table[word] = index }
        for (index, word) in english.enumerated() { table[word] = index }
        return table
    }()

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
            guard let age = age(word), (0...120).contains(age) else { return .invalid }
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
            if moreWords.contains(word) { return .more }
            if unknown.contains(word) { return .notChecked }
            return checklist(line, items: question.checklist.flatMap(\.items), numbers: question.checklistNumbers,
                             hidden: question.hiddenCount, notAsked: question.notAskedNumbers)
        case .text:
            if unknown.contains(word) || skip.contains(word) { return .answer(.text(nil), notes: [:]) }
            return .answer(.text(line.trimmingWhitespace()), notes: [:])
        }
    }

    /// The checklist reply: numbers separated by commas, semicolons or spaces; `-3` takes tick 3
    /// away again (a line of minus numbers only); `3: note` ticks 3
    /// with a note. A note runs on over commas and semicolons until a part that is only numbers
    /// (`2: man, rond de 25, 23` ticks 2 with the note "man, rond de 25" and ticks 23). `0` (alone or
    /// after the ticks) says the other items shown were looked for and not seen. `items` are the
    /// items shown; `numbers` their stable numbers (empty: numbered from 1 in order).
    static func checklist(_ line: String, items: [Indicator], numbers: [String: Int] = [:], hidden: Int = 0, notAsked: Set<Int> = [])
        -> InterviewReply
    {
        let word = line.trimmingWhitespace().lowercased()
        if noneWords.contains(word) { return .noneSeen(ticked: [], notes: [:]) }
        var byNumber: [Int: String] = [:]
        for (index, item) in items.enumerated() { byNumber[numbers.isEmpty ? index + 1 : numbers[item.id] ?? -1] = item.id }
        // `-14, -30`: only minus numbers, each one a tick to take away (any page, any number shown).
        let entries = line.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "\t" }).map(String.init)
        if !entries.isEmpty, entries.allSatisfy({ $0.hasPrefix("-") && smallNumber(String($0.dropFirst())) != nil }) {
            var unticked = Set<String>()
            for entry in entries {
                let number = smallNumber(String(entry.dropFirst())) ?? -1
                guard let id = byNumber[number] else { return .badEntry(entry, .notOnList(number)) }
                unticked.insert(id)
            }
            return .untick(unticked)
        }
        // `2 21 -23`: a minus number among ticks (before any note) gets its own reason, not "not a number".
        let beforeNote = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? line
        let headEntries = beforeNote.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "\t" }).map(String.init)
        if let minus = headEntries.first(where: { $0.hasPrefix("-") && smallNumber(String($0.dropFirst())) != nil }) {
            return .badEntry(minus, .untickOnItsOwnLine(smallNumber(String(minus.dropFirst())) ?? 0))
        }
        var ticked = Set<String>()
        var notes: [String: String] = [:]
        var noneSeen = false
        var noteOwner: String?
        for entry in line.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let text = String(entry).trimmingWhitespace()
            let numbersPart: String
            var note: String?
            if let colon = text.firstIndex(of: ":") {
                numbersPart = String(text[..<colon])
                note = String(text[text.index(after: colon)...]).trimmingWhitespace()
            } else {
                numbersPart = text
            }
            let parts = numbersPart.split(whereSeparator: \.isWhitespace).map(String.init)
            let allNumbers = !parts.isEmpty && parts.allSatisfy { smallNumber($0) != nil }
            // A part that is not numbers after a note belongs to that note (commas in notes).
            if !allNumbers || (note != nil && parts.count != 1) {
                if let owner = noteOwner {
                    notes[owner] = (notes[owner] ?? "") + ", " + text
                    continue
                }
                if text.isEmpty { continue }
                return .badEntry(text, parts.count > 1 && note != nil ? .noteAfterSeveral : .notANumber)
            }
            noteOwner = nil
            for part in parts {
                let number = smallNumber(part) ?? -1
                if number == 0, note == nil {
                    noneSeen = true
                    continue
                }
                guard let id = byNumber[number] else {
                    if notAsked.contains(number) { return .badEntry(part, .onlyWithoutCustodialParent(number)) }
                    let known = numbers.isEmpty ? false : numbers.values.contains(number)
                    return .badEntry(part, known && hidden > 0 ? .hidden(number) : .notOnList(number))
                }
                ticked.insert(id)
                if let note, !note.isEmpty {
                    notes[id] = notes[id].map { $0 + "; " + note } ?? note
                    noteOwner = id
                }
            }
        }
        if noneSeen { return .noneSeen(ticked: ticked, notes: notes) }
        return .answer(.checklist(ticked), notes: notes)
    }

    private static func smallNumber(_ word: String) -> Int? {
        guard !word.isEmpty, word.count <= 3, word.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(word)
    }
}

/// Why a checklist entry was not understood (named under the prompt).
package enum ChecklistProblem: Sendable, Equatable {
    /// Not a number (and not part of a note).
    case notANumber
    /// A number that is no item on the list.
    case notOnList(Int)
    /// An item the fit to offence and role hides: `m` shows it.
    case hidden(Int)
    /// `3 4: tekst`: a note can go with one number only.
    case noteAfterSeveral
    /// An item asked only without a custodial parent in NL, typed when there is one (the asylum question).
    case onlyWithoutCustodialParent(Int)
    /// `2 21 -23`: a minus number (take a tick away) typed among ticks; it goes on a line of its own.
    case untickOnItsOwnLine(Int)
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
