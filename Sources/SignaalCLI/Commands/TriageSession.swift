import Dispatch
import SignalModel

import Glibc
/// One run of the interview in a terminal or over a pipe.
struct TriageSession {
    var context: CommandContext
    let store: DraftStore
    let id: String
    var interview: Interview
    let resumed: Bool
    /// `--save FILE`: save there without asking (but never overwrite without asking).
    var saveTarget: String?
    /// `--report FILE|-`: the handover report (`-`: on stdout instead of the assessment).
    var reportTarget: String?
    /// `--force`: the report may replace an existing file.
    var overwriteReport = false
    /// The resumed draft was written by an older Signaal (format 1).
    var olderDraft = false
    /// `--full`: print the whole assessment (also in a terminal) before the end block.
    var full = false
    /// Whether the next prompt shows its whole question (false right after a refused entry: the
    /// reason stands under the prompt and only the prompt is printed again).
    private var redraw = true
    /// A continuation whose alarm rests on an earlier moment's answers: the alarm waits until the
    /// facts of the moment are asked again (REVIEW6 C1), so an old "ja" cannot send a reader to 112.
    private var alarmAfterNowFacts = false
    /// Whether a draft file for `id` exists (written by this run or the one it resumes).
    private var draftOnDisk: Bool
    /// The last failure to write the draft; nil once a write succeeds again.
    private var draftProblem: FileProblem?
    /// This session's hold on the draft, so a second session cannot write over it.
    var lock: DraftLock?
    /// `--case FILE`: the case file continued and the bytes it held when read (it is overwritten only
    /// while it still holds them: another reader's save in between is never replaced).
    var continuedFrom: (path: String, bytes: [UInt8])?
    /// `--done STEP` was given: the question about the steps taken is not asked.
    var stepsGiven = false
    /// `--force`: a continued case may replace an existing file without a question (needed when stdin
    /// is not a terminal: a pipe cannot be asked).
    var overwriteCase = false

    init(context: CommandContext, store: DraftStore, id: String, interview: Interview, resumed: Bool) {
        self.context = context
        self.store = store
        self.id = id
        self.interview = interview
        self.resumed = resumed
        self.draftOnDisk = resumed
    }

    private var console: Console { context.console }
    private var knowledge: Knowledge { context.knowledge }
    private func t(_ key: String, _ values: [String: String] = [:]) -> String { context.t(key, values) }
    private var colour: Bool { console.useColour(forStderr: true) }

    /// A message for the officer on stderr, wrapped to the terminal width.
    private func say(_ text: String) { console.err(TextWrap.wrapLines(text, width: width) + "\n") }

    private func styled(_ text: String, _ code: String) -> String { screen.styled(text, code) }

    mutating func run() -> ExitCode {
        let interrupt = installInterruptHandler()
        defer { interrupt.cancel() }
        store.sweepStaleTemporaryFiles()
        say(t(interview.continuing == nil ? "triage.intro" : "triage.continue.intro"))
        if interview.continuing != nil { say(screen.continuationSummary(interview)) }
        if interview.continuing != nil, !resumed, interview.isAcute {
            if !interview.nowFacts.isEmpty {
                alarmAfterNowFacts = true
            } else if !acuteAlertWaitingForEnter() {
                return stop(message: "triage.end_of_input")
            }
        }
        if resumed {
            say(t("triage.resumed", ["id": id, "count": String(interview.history.count + interview.carried.count)]))
            if olderDraft { say(TextWrap.wrapLines(t("triage.resumed_older"), width: width)) }
            // A name as the reference is refused as on entry: said, off the disk at once, asked again.
            if interview.refusedReference {
                say(styled(t("triage.reference.name_in_draft"), "1"))
                saveDraft()
            }
            // Answers this interview does not ask are kept and count: listed before going on (issue 22 N3).
            if !interview.carried.isEmpty {
                let catalog = knowledge.catalog
                let ids = interview.carried.keys.sorted { (catalog.order(of: $0) ?? -1) < (catalog.order(of: $1) ?? -1) }
                let items = ids.map { id -> String in
                    let question = catalog.indicator(id)?.question[context.language] ?? id
                    let answer: String
                    switch interview.carried[id] {
                    case .yes?: answer = t("answer.yes")
                    case .no?: answer = t("answer.no")
                    case .unknown?, nil: answer = t("answer.unknown")
                    }
                    let note = interview.notes[id].map { ": " + $0 } ?? ""
                    return "- " + question + " " + answer + note
                }
                say(t("triage.resumed_carried", ["count": String(ids.count)]))
                for item in items { say(TextWrap.wrapLines(UserText.line(item), width: width, indent: "    ")) }
            }
            if interview.isAcute, !acuteAlertWaitingForEnter() { return stop(message: "triage.end_of_input") }
        } else {
            say(t("triage.draft_started", ["id": id]))
        }
        while true {
            while let question = interview.current {
                if question.format == .checklist {
                    switch checklist(question) {
                    case .next: continue
                    case .stop(let key): return stop(message: key)
                    }
                }
                if redraw { ask(question) } else { console.err("> ") }
                redraw = true
                guard let line = readAnswerLine() else { return stop(message: "triage.end_of_input") }
                // An open point of a continuation: Enter leaves it as the case has it.
                if line.trimmingBlanks().isEmpty, question.previousAnswer == nil, interview.canSkip {
                    try? interview.skip()
                    saveDraft()
                    continue
                }
                let reply = InterviewReply.parse(
                    line, for: question, offences: knowledge.catalog.offences, regions: knowledge.contacts.regions)
                switch reply {
                case .answer(let answer, let notes):
                    if !apply(answer, notes: notes, to: question) { return stop(message: "triage.end_of_input") }
                case .keep:
                    if let previous = question.previousAnswer, !apply(previous, notes: keptNotes(question), to: question) {
                        return stop(message: "triage.end_of_input")
                    }
                case .back:
                    if interview.back() { saveDraft() } else { say(t("triage.first_question")) }
                case .help:
                    if !showHelp(question) { return stop(message: "triage.end_of_input") }
                case .quit:
                    return stop(message: "triage.stopped")
                case .invalid, .more, .notChecked, .noneSeen, .badEntry, .untick:
                    refuse(screen.invalidHint(question, interview: interview))
                case .noteNotAllowed:
                    refuse(t("triage.invalid.note"))
                case .looksLikeName:
                    refuse(t("triage.reference.name"))
                case .refused(let kind):
                    refuse(SignalError(kind, at: InputLocation()).message(knowledge.texts, context.language))
                }
            }
            switch finish() {
            case .done(let code): return code
            case .back:
                // `b` at the save prompt: back to the last question, nothing lost.
                interview.back()
                saveDraft()
            }
        }
    }

    /// A refused entry: the reason right under the prompt, and the prompt again (the question
    /// stays on the screen above; it is not printed again).
    private mutating func refuse(_ reason: String) {
        say(styled(reason, "1"))
        redraw = false
    }

    private enum ChecklistOutcome {
        case next
        case stop(String)
    }

    /// The checklist, page by page when it does not fit the terminal. Numbers from any page may be
    /// typed on any page; every answer goes to the next page; after the last page the ticks, notes
    /// and "not seen" items go to the interview as one answer. `q` or the end of input keep what
    /// was ticked so far in the draft (the checklist is then asked again on resume).
    private mutating func checklist(_ question: InterviewQuestion) -> ChecklistOutcome {
        var ticked = Set<String>()
        // Notes typed on these pages, not yet given to the interview (which adds them to the notes
        // the ticks had: nothing typed before is dropped).
        var notes: [String: String] = [:]
        var notSeen = Set<String>()
        // Back at an answered checklist: Enter keeps the ticks; the first numbers typed replace them
        // (notes of items ticked again are kept), later pages add to them.
        var fresh = false
        if case .checklist(let previous)? = question.previousAnswer {
            ticked = previous
            notSeen = interview.notSeen
            fresh = true
        }
        func startFresh(_ typed: Set<String>) {
            guard fresh, !typed.isEmpty else { return }
            ticked = []
            notSeen = []
            fresh = false
        }
        var page = 0
        var draw = true
        while true {
            let screen = self.screen
            let current = interview.current ?? question
            let pages = screen.layout.pages(current.checklist, numbers: interview.itemNumbers)
            page = min(page, max(pages.count - 1, 0))
            let shown = pages.isEmpty ? [] : pages[page].flatMap(\.items).map(\.id)
            if draw {
                var shownNotes = interview.notes.filter { ticked.contains($0.key) }
                for (id, note) in notes { shownNotes[id] = shownNotes[id].map { $0 + "; " + note } ?? note }
                let lines = screen.checklistPage(
                    pages.isEmpty ? [] : pages[page], page: page, of: max(pages.count, 1), interview: interview,
                    ticked: ticked, notes: shownNotes, previous: fresh ? question.previousAnswer : nil)
                console.err(lines.joined(separator: "\n") + "\n> ")
            } else {
                console.err("> ")
            }
            draw = true
            // Every answer is kept at once: on `q`, Ctrl-C or the end of input nothing typed is lost.
            func keep() -> Bool {
                let kept = commitChecklist(ticked, notes: notes, notSeen: notSeen, advance: false)
                notes = [:]
                return kept
            }
            guard let line = readAnswerLine() else {
                _ = keep()
                return .stop("triage.end_of_input")
            }
            var pageQuestion = current
            pageQuestion.previousAnswer = nil
            let reply = InterviewReply.parse(line, for: pageQuestion, offences: knowledge.catalog.offences, regions: knowledge.contacts.regions)
            var advance = true
            switch reply {
            case .answer(.checklist(let new), let newNotes):
                startFresh(new)
                ticked.formUnion(new)
                notSeen.subtract(new)
                for (id, note) in newNotes {
                    if let old = notes[id], old != note { notes[id] = old + "; " + note } else { notes[id] = note }
                }
            case .noneSeen(let new, let newNotes):
                startFresh(new)
                ticked.formUnion(new)
                for (id, note) in newNotes { notes[id] = notes[id].map { $0 + "; " + note } ?? note }
                // In a continuation, what an earlier reader answered yes or no stays as it is.
                notSeen.formUnion(Set(shown).subtracting(ticked).subtracting(interview.settledBefore))
            case .notChecked:
                notSeen.subtract(shown)
            case .untick(let gone):
                // A tick taken away (issue 21): from any page, also the only one; the page stays so
                // the officer sees what is ticked now. Earlier ticks are kept, not replaced.
                advance = false
                fresh = false
                ticked.subtract(gone)
                for id in gone { notes[id] = nil }
                // In a continuation, `-N` on an earlier reader's yes takes it back: now no (kept in the history).
                let earlierYes = Set(interview.earlierAnswers.filter { $0.value.answer.answer == .yes }.keys)
                let takenBack = gone.intersection(earlierYes)
                notSeen.formUnion(takenBack)
                let unticked = gone.subtracting(takenBack)
                if !unticked.isEmpty {
                    say(t("triage.checklist.unticked", ["items": interview.checklistItems.filter { unticked.contains($0.id) }.map(screen.itemLabel).joined(separator: "; ")]))
                }
                if !takenBack.isEmpty {
                    say(t("triage.checklist.taken_back", ["items": interview.checklistItems.filter { takenBack.contains($0.id) }.map(screen.itemLabel).joined(separator: "; ")]))
                }
            case .more:
                advance = false
                let hidden = interview.hiddenItems.count
                if hidden == 0 {
                    say(t("triage.checklist.nothing_more"))
                } else {
                    // The page stays; the families the fit hid follow as more pages, same numbers.
                    interview.expandChecklist()
                    say(t("triage.checklist.more_shown", ["count": String(hidden)]))
                }
            case .back:
                advance = false
                if page > 0 {
                    page -= 1
                } else {
                    _ = keep()
                    if interview.back() { saveDraft() } else { say(t("triage.first_question")) }
                    return .next
                }
            case .help:
                advance = false
                if !showHelp(current) {
                    _ = keep()
                    return .stop("triage.end_of_input")
                }
            case .quit:
                _ = keep()
                return .stop("triage.stopped")
            case .badEntry(let entry, let problem):
                advance = false
                refuseOnPage(screen.checklistProblem(entry, problem))
                draw = false
            case .refused(let kind):
                advance = false
                refuseOnPage(SignalError(kind, at: InputLocation()).message(knowledge.texts, context.language))
                draw = false
            case .noteNotAllowed, .invalid, .keep, .answer, .looksLikeName:
                advance = false
                refuseOnPage(screen.invalidHint(current, interview: interview))
                draw = false
            }
            guard advance else { continue }
            if page + 1 < pages.count {
                page += 1
                _ = keep()
                continue
            }
            if !commitChecklist(ticked, notes: notes, notSeen: notSeen, advance: true) { return .stop("triage.end_of_input") }
            return .next
        }
    }

    private func refuseOnPage(_ reason: String) {
        say(styled(reason, "1"))
    }

    /// Gives the checklist answer to the interview. `advance` false: kept in the draft with the
    /// cursor left on the checklist (a page turned, or the officer stopped). False when the
    /// input ended while the acute alert waited.
    private mutating func commitChecklist(_ ticked: Set<String>, notes: [String: String], notSeen: Set<String>, advance: Bool) -> Bool {
        guard let question = interview.current, question.format == .checklist else { return true }
        if !advance {
            // Nothing to keep yet: no draft written for an empty page turn.
            if ticked.isEmpty, notSeen.isEmpty, question.previousAnswer == nil { return true }
            do {
                let update = try interview.answer(.checklist(ticked), notes: notes, notSeen: notSeen)
                interview.back()
                // A tick taken away drops the follow-ups it opened at once: say so now, not never.
                for dropped in update.dropped { say(t("triage.dropped", ["question": droppedText(dropped)])) }
            } catch {
                return true
            }
            saveDraft()
            return true
        }
        return apply(.checklist(ticked), notes: notes, notSeen: notSeen, to: question)
    }

    /// The notes in force for a question, kept when Enter keeps its answer.
    private func keptNotes(_ question: InterviewQuestion) -> [String: String] {
        switch question.previousAnswer {
        case .checklist(let ticked)?: return interview.notes.filter { ticked.contains($0.key) }
        case .answer?:
            if case .indicator(let id) = question.id, let note = interview.notes[id] { return [id: note] }
            return [:]
        default: return [:]
        }
    }

    private var width: Int { TextWrap.width(environment: console.environment) }

    /// The screen at the terminal's current size (measured again for every screen).
    private var screen: TriageScreen {
        TriageScreen(
            knowledge: knowledge, language: context.language, width: width, colour: colour,
            rows: TextWrap.height(environment: console.environment, interactive: console.stdinIsTerminal),
            marks: TriageScreen.marks(interview))
    }

    // MARK: Asking

    private func ask(_ question: InterviewQuestion) {
        console.err(screen.questionLines(question, interview: interview).joined(separator: "\n") + "\n> ")
    }

    /// One line from stdin; nil at end of input. Piped answers are echoed so stderr reads as a transcript.
    private func readAnswerLine() -> String? {
        guard let line = readLine(strippingNewline: true) else {
            console.err("\n")
            return nil
        }
        // Echoed through the one escaping function: a control character typed or piped in never
        // reaches the terminal raw (window title, clear screen, a fake coloured level).
        if !console.stdinIsTerminal { console.err(UserText.line(line) + "\n") }
        return line
    }

    /// `h`: the help, then (in a terminal) wait for Enter so it is read before the question comes
    /// back. False at end of input.
    private func showHelp(_ question: InterviewQuestion) -> Bool {
        say(screen.help(question, extra: question.format == .checklist ? t("triage.help.checklist_keys") : nil))
        guard console.stdinIsTerminal else { return true }
        console.err(styled(t("triage.help.wait"), "1") + " ")
        return readLine(strippingNewline: true) != nil
    }

    /// The acute alert, then (in a terminal) wait for Enter so it cannot scroll past unseen.
    /// False at end of input.
    private func acuteAlertWaitingForEnter() -> Bool {
        say(screen.acuteAlert(interview))
        guard console.stdinIsTerminal else { return true }
        console.err(styled(t("triage.acute.enter"), "1") + " ")
        while true {
            guard let line = readLine(strippingNewline: true) else { return false }
            if line.trimmingBlanks().isEmpty { return true }
            // Text typed while the alert waits is not taken as an answer: the officer is told so,
            // and the alert still waits for Enter.
            say(t("triage.acute.typed", ["text": UserText.line(line.trimmingBlanks())]))
            console.err(styled(t("triage.acute.enter"), "1") + " ")
        }
    }

    // MARK: Answering and saving

    /// Records an answer; false when the input ended while the acute alert waited for Enter.
    private mutating func apply(
        _ answer: InterviewAnswer, notes: [String: String], notSeen: Set<String> = [], to question: InterviewQuestion
    ) -> Bool {
        let update: InterviewUpdate
        do {
            update = try interview.answer(answer, notes: notes, notSeen: notSeen)
        } catch {
            // `InterviewReply.parse` screens free text already; the state machine checks again.
            switch error {
            case .personalIdentifier: refuse(SignalError(.personalIdentifier(character: nil), at: InputLocation()).message(knowledge.texts, context.language))
            case .noteNotAllowed: refuse(t("triage.invalid.note"))
            case .looksLikeName(let id): refuse(t(id == .reference ? "triage.reference.name" : "triage.note.name"))
            default: refuse(screen.invalidHint(question, interview: interview))
            }
            return true
        }
        saveDraft()
        if case .checklist(let ticked) = answer, !ticked.isEmpty {
            // A tick that changes an earlier no says what it was, and who said it when.
            let renderer = AssessmentRenderer(knowledge: knowledge, language: context.language)
            let labels = interview.checklistItems.filter { ticked.contains($0.id) }.map { item in
                guard let earlier = interview.earlierAnswers[item.id], earlier.answer.answer == .no else { return screen.itemLabel(item) }
                let who = earlier.by.map { t("role." + $0.role.rawValue) + ($0.at.map { " " + renderer.shortTime($0) } ?? "") }
                    ?? t("triage.continue.before_history")
                return screen.itemLabel(item) + " " + t("triage.checklist.was", ["answer": t("answer.no"), "who": who])
            }
            say(TextWrap.wrapLines(t("triage.checklist.ticked", ["items": labels.joined(separator: "; ")]), width: width, indent: "  "))
        }
        for dropped in update.dropped {
            say(t("triage.dropped", ["question": droppedText(dropped)]))
        }
        // A note naming a person characteristic is kept, with a warning (issue 22 N13).
        for id in notes.keys.sorted() {
            if let word = notes[id].flatMap(ProfileAttributes.namedIn) { say(t("triage.profile_note", ["word": word])) }
        }
        if update.endedAsAdult { say(TextWrap.wrapLines(t("triage.adult"), width: width)) }
        if update.becameAcute {
            alarmAfterNowFacts = false
            return acuteAlertWaitingForEnter()
        }
        if alarmAfterNowFacts, !atFactOfTheMoment {
            alarmAfterNowFacts = false
            if interview.isAcute { return acuteAlertWaitingForEnter() }
        }
        return true
    }

    /// Whether the question now is one of the facts of the moment a continuation asks again first.
    private var atFactOfTheMoment: Bool {
        guard let id = interview.current?.id, case .indicator(let indicatorID) = id else { return false }
        return interview.nowFacts.contains(indicatorID)
    }

    private func droppedText(_ id: QuestionID) -> String {
        if case .indicator(let indicatorID) = id, let indicator = knowledge.catalog.indicator(indicatorID) {
            return screen.itemLabel(indicator)
        }
        return screen.questionText(id, interview: interview)
    }

    /// Writes the draft over its own file. A failure is reported once and the interview goes on.
    private mutating func saveDraft() {
        guard !interview.answers.isEmpty || draftOnDisk else { return }
        var draft = interview.draft
        draft.language = context.language
        do {
            try store.save(draft, id: id)
            draftOnDisk = true
            draftProblem = nil
        } catch {
            if draftProblem == nil { say(t("triage.draft_unsaved", ["problem": describe(error)])) }
            draftProblem = error
        }
    }

    private func describe(_ problem: FileProblem) -> String {
        var text = Signaal.message(for: .file(problem), texts: knowledge.texts, language: context.language)
        if text.hasPrefix("signaal: ") { text = String(text.dropFirst(9)) }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// `q` or end of input: the draft is on disk already; say how to continue.
    private mutating func stop(message key: String) -> ExitCode {
        guard !interview.answers.isEmpty || draftOnDisk else {
            say(t("triage.nothing_to_save"))
            return .success
        }
        saveDraft()
        if let problem = draftProblem {
            say(t("triage.lost", ["problem": describe(problem)]))
            return .ioError
        }
        say(t(key, ["id": id]))
        return .success
    }

    // MARK: The end

    private enum SaveOutcome {
        case savedAt(String)
        case declined
        case failed(ExitCode)
        /// `q` at the save prompt: the draft stays, the officer continues later.
        case quit
        /// `b` at the save prompt: back to the last question.
        case back
    }

    private enum FinishOutcome {
        case done(ExitCode)
        case back
    }

    private mutating func finish() -> FinishOutcome {
        if interview.continuing != nil, !stepsGiven {
            switch askSteps() {
            case .next: break
            case .back: return .back
            case .stop(let key): return .done(stop(message: key))
            }
        }
        saveDraft()
        let assessment = Engine(knowledge: knowledge).assessment(of: interview.case)
        let report = reportTarget.map { _ in
            ReportRenderer(knowledge: knowledge, language: context.language).markdown(assessment, case: interview.case)
        }
        var fullText = AssessmentRenderer(knowledge: knowledge, language: context.language).text(assessment)
        // On a screen the whole assessment is wrapped to its width (a file or pipe gets it as is).
        if console.stdoutIsTerminal { fullText = TextWrap.wrapLines(fullText, width: width, indent: "  ") }
        // The whole assessment goes to stdout when asked (--full) or when stdout is not the screen
        // (a file or a pipe keeps everything); on the screen the end block says where it went.
        // On the screen it comes before the save prompt, to be read first; a file or pipe gets it
        // once the save prompt is past, so `b` there (back to a question) never sends it twice.
        var printedFull = false
        let onScreen = console.stdoutIsTerminal
        func printAssessment() {
            if reportTarget == "-", let report {
                console.out(report)
            } else if full || !onScreen {
                console.out(fullText)
                printedFull = true
            }
        }
        if onScreen { printAssessment() }
        var outcome = saveCase()
        if case .back = outcome { return .back }
        if !onScreen { printAssessment() }
        if case .quit = outcome { return .done(stop(message: "triage.stopped")) }
        var reportPath: String?
        if let target = reportTarget, target != "-", let report {
            do {
                try SafeFile.write(Array(report.utf8), to: target, overwrite: overwriteReport)
                say(t("report.written", ["path": target]))
                reportPath = target
            } catch {
                say("signaal: " + describe(error))
                outcome = .failed(Signaal.exitCode(for: .file(error)))
            }
        }
        if case .failed(let code) = outcome {
            if draftOnDisk { say(t("triage.draft_kept", ["id": id])) }
            return .done(code)
        }
        if draftOnDisk {
            do {
                try store.delete(id)
                say(t("triage.draft_deleted", ["id": id]))
            } catch {
                say(describe(error))
            }
        }
        // Nothing kept anywhere: the whole assessment is printed after all, so nothing is lost.
        var savedPath: String?
        if case .savedAt(let path) = outcome { savedPath = path }
        if !printedFull, reportTarget != "-", savedPath == nil, reportPath == nil {
            console.out(fullText)
            printedFull = true
        }
        say(screen.endBlock(assessment, interview: interview, savedPath: savedPath, reportPath: reportPath, printedFull: printedFull || reportTarget == "-"))
        return .done(.success)
    }

    /// "Welke stappen heb je al gezet?": the steps of the route for the case as it is now, numbered; the
    /// numbers typed become this contribution's steps taken (`Interview.markDone`). Enter keeps what
    /// is marked (none at first), 0 clears it, b goes back to the last question, q stops with the
    /// draft kept. At the end of input nothing more is marked and the interview goes on to the end.
    private enum StepsOutcome {
        case next
        case back
        case stop(String)
    }

    private mutating func askSteps() -> StepsOutcome {
        let steps = interview.stepsToMark
        guard !steps.isEmpty else { return .next }
        var draw = true
        while true {
            if draw {
                console.err(screen.stepsLines(steps, interview: interview).joined(separator: "\n") + "\n> ")
            } else {
                console.err("> ")
            }
            draw = true
            guard let line = readAnswerLine() else { return .next }
            let word = line.trimmingBlanks().lowercased()
            if word.isEmpty { return .next }
            if ["q", "stop", "quit", "stoppen"].contains(word) { return .stop("triage.stopped") }
            if ["b", "terug", "back"].contains(word) {
                return .back
            }
            if ["h", "help", "hulp", "uitleg"].contains(word) {
                say(t("triage.steps.help"))
                continue
            }
            if InterviewReply.isNone(word) {
                try? interview.markDone([])
                saveDraft()
                return .next
            }
            var chosen: [String] = []
            var problem: String?
            for entry in word.split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let number = Int(entry), steps.indices.contains(number - 1) else {
                    problem = t("triage.steps.bad", ["entry": UserText.line(String(entry)), "max": String(steps.count)])
                    break
                }
                if !chosen.contains(steps[number - 1].id) { chosen.append(steps[number - 1].id) }
            }
            if let problem {
                say(styled(problem, "1"))
                draw = false
                continue
            }
            do {
                try interview.markDone(chosen)
            } catch {
                continue  // unreachable: the ids come from the route
            }
            saveDraft()
            // Each step as a clause (no full stop before the "; ").
            let texts = steps.filter { chosen.contains($0.id) }.map { text in
                let text = screen.stepText(text)
                return text.hasSuffix(".") ? String(text.dropLast()) : text
            }
            say(TextWrap.wrapLines(t("triage.steps.marked", ["steps": texts.joined(separator: "; ")]), width: width, indent: "  "))
            return .next
        }
    }

    /// The last thing on the screen: the level, what to do now (each party once, with its number
    /// and compact sources), what was not checked, and where the full assessment went.
    private func caseBytes() -> [UInt8] {
        Array((interview.case.encoded(order: knowledge.catalog).serialized(pretty: true) + "\n").utf8)
    }

    /// Saves the case: to `--save FILE` without asking, else to a path the officer types.
    private func saveCase() -> SaveOutcome {
        let bytes = caseBytes()
        if let target = saveTarget {
            switch write(bytes, to: target) {
            case .savedAt(let path): return .savedAt(path)
            case .declined, .quit, .back:
                say(t("triage.save.skipped"))
                return .failed(.cantCreate)
            case .failed(let code): return .failed(code)
            }
        }
        var ask = true
        while true {
            if ask {
                console.err("\n" + TextWrap.wrapLines(t("triage.save.ask"), width: width) + "\n"
                    + TextWrap.wrap(t("triage.save.keys"), width: width, first: "  ", indent: "    ").joined(separator: "\n") + "\n> ")
            } else {
                console.err("> ")
            }
            ask = true
            guard let line = readAnswerLine() else {
                say(t("triage.save.skipped"))
                return .declined
            }
            let word = line.trimmingBlanks().lowercased()
            // No key throws work away: q keeps the draft, b goes back; only Enter or n says "not saved".
            if ["q", "stop", "quit", "stoppen"].contains(word) { return .quit }
            if ["b", "terug", "back"].contains(word) { return .back }
            if word.isEmpty || InterviewReply.declines(line) {
                say(t("triage.save.skipped"))
                return .declined
            }
            if InterviewReply.isAnswerWord(line) {
                say(styled(t("triage.save.not_a_name", ["word": UserText.line(line.trimmingBlanks())]), "1"))
                ask = false
                continue
            }
            var path = line.trimmingBlanks()
            if path.hasPrefix("~/"), let home = console.environment["HOME"] { path = home + String(path.dropFirst(1)) }
            // The report is written next: the case must not go into the same file (issue 22 N1).
            if let report = reportTarget, SafeFile.sameFile(path, report) {
                say("signaal: " + describe(.oneFileTwoRoles(path, first: "--save", second: "--report")))
                continue
            }
            if case .savedAt(let saved) = write(bytes, to: path) { return .savedAt(saved) }
        }
    }

    /// Writes the case file (0600, atomic); an existing file is overwritten only after a yes.
    ///
    /// A continued case: the file it was read from is replaced only while it still holds what was read
    /// (another reader's save in between is never lost); and with stdin not a terminal an existing file
    /// is replaced only with `--force` (a pipe cannot be asked).
    private func write(_ bytes: [UInt8], to path: String) -> SaveOutcome {
        do {
            try SafeFile.write(bytes, to: path, overwrite: false)
        } catch .exists {
            if let continuedFrom, SafeFile.sameFile(path, continuedFrom.path),
                (try? InputReader.read(path, regularOnly: true)) != continuedFrom.bytes
            {
                say("signaal: " + t("triage.save.changed", ["path": UserText.line(path)]))
                return .declined
            }
            if continuedFrom != nil, !console.stdinIsTerminal {
                guard overwriteCase else {
                    say("signaal: " + t("triage.save.exists_piped", ["path": UserText.line(path)]))
                    return .declined
                }
            } else {
                console.err(t("triage.save.exists", ["path": path]) + "\n> ")
                guard let line = readAnswerLine(), InterviewReply.triState(line) == .yes else { return .declined }
            }
            do {
                try SafeFile.write(bytes, to: path, overwrite: true)
            } catch {
                say("signaal: " + describe(error))
                return .failed(Signaal.exitCode(for: .file(error)))
            }
        } catch {
            say("signaal: " + describe(error))
            return .failed(Signaal.exitCode(for: .file(error)))
        }
        say(t("triage.save.done", ["path": path]))
        return .savedAt(path)
    }

    // MARK: Ctrl-C

    /// On SIGINT: say how to resume (the draft is on disk after every answer) and exit 130.
    ///
    /// A plain signal handler, not a Dispatch signal source: a Dispatch source needs SIGINT ignored
    /// and then depends on which thread the kernel picks, so with worker threads alive a Ctrl-C could
    /// be dropped and the interview hang. The handler only calls lstat, write and _exit.
    private func installInterruptHandler() -> TriageInterrupt {
        TriageInterrupt.install(
            draftPath: store.path(for: id),
            saved: "\n" + t("triage.interrupted", ["id": id]) + "\n",
            nothing: "\n" + t("triage.nothing_to_save") + "\n")
    }
}
