import Dispatch
import SignalModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
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
    /// Whether a draft file for `id` exists (written by this run or the one it resumes).
    private var draftOnDisk: Bool
    /// The last failure to write the draft; nil once a write succeeds again.
    private var draftProblem: FileProblem?
    /// This session's hold on the draft, so a second session cannot write over it.
    var lock: DraftLock?

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
        say(t("triage.intro"))
        if resumed {
            say(t("triage.resumed", ["id": id, "count": String(interview.history.count + interview.carried.count)]))
            if olderDraft { say(TextWrap.wrapLines(t("triage.resumed_older"), width: width)) }
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
        while let question = interview.current {
            ask(question)
            guard let line = readAnswerLine() else { return stop(message: "triage.end_of_input") }
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
                showHelp(question)
            case .quit:
                return stop(message: "triage.stopped")
            case .invalid:
                say(styled(screen.invalidHint(question, interview: interview), "1"))
            case .noteNotAllowed:
                say(styled(t("triage.invalid.note"), "1"))
            case .refused(let kind):
                say(styled(SignalError(kind, at: InputLocation()).message(knowledge.texts, context.language), "1"))
            }
        }
        return finish()
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
        TriageScreen(knowledge: knowledge, language: context.language, width: width, colour: colour)
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
        if !console.stdinIsTerminal { console.err(line + "\n") }
        return line
    }

    private func showHelp(_ question: InterviewQuestion) {
        say(screen.help(question))
    }

    /// The acute alert, then (in a terminal) wait for Enter so it cannot scroll past unseen.
    /// False at end of input.
    private func acuteAlertWaitingForEnter() -> Bool {
        say(screen.acuteAlert(interview))
        guard console.stdinIsTerminal else { return true }
        console.err(styled(t("triage.acute.enter"), "1") + " ")
        return readLine(strippingNewline: true) != nil
    }

    // MARK: Answering and saving

    /// Records an answer; false when the input ended while the acute alert waited for Enter.
    private mutating func apply(_ answer: InterviewAnswer, notes: [String: String], to question: InterviewQuestion) -> Bool {
        let update: InterviewUpdate
        do {
            update = try interview.answer(answer, notes: notes)
        } catch {
            // `InterviewReply.parse` screens free text already; the state machine checks again.
            switch error {
            case .personalIdentifier: say(styled(SignalError(.personalIdentifier(character: nil), at: InputLocation()).message(knowledge.texts, context.language), "1"))
            case .noteNotAllowed: say(styled(t("triage.invalid.note"), "1"))
            default: say(styled(screen.invalidHint(question, interview: interview), "1"))
            }
            return true
        }
        saveDraft()
        if case .checklist(let ticked) = answer, !ticked.isEmpty {
            let labels = interview.checklistItems.filter { ticked.contains($0.id) }.map(screen.itemLabel)
            say(TextWrap.wrapLines(t("triage.checklist.ticked", ["items": labels.joined(separator: "; ")]), width: width, indent: "  "))
        }
        for dropped in update.dropped {
            say(t("triage.dropped", ["question": droppedText(dropped)]))
        }
        if update.endedAsAdult { say(TextWrap.wrapLines(t("triage.adult"), width: width)) }
        if update.becameAcute { return acuteAlertWaitingForEnter() }
        return true
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
    }

    private mutating func finish() -> ExitCode {
        saveDraft()
        let assessment = Engine(knowledge: knowledge).assess(interview.case)
        let report = reportTarget.map { _ in
            ReportRenderer(knowledge: knowledge, language: context.language).markdown(assessment, case: interview.case)
        }
        let fullText = AssessmentRenderer(knowledge: knowledge, language: context.language).text(assessment)
        // The whole assessment goes to stdout when asked (--full) or when stdout is not the screen
        // (a file or a pipe keeps everything); on the screen the end block says where it went.
        var printedFull = false
        if reportTarget == "-", let report {
            console.out(report)
        } else if full || !console.stdoutIsTerminal {
            console.out(fullText)
            printedFull = true
        }
        var outcome = saveCase()
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
            return code
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
        return .success
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
            case .declined:
                say(t("triage.save.skipped"))
                return .failed(.cantCreate)
            case .failed(let code): return .failed(code)
            }
        }
        while true {
            console.err("\n" + t("triage.save.ask") + "\n> ")
            guard let line = readAnswerLine(), !line.trimmingBlanks().isEmpty,
                !InterviewReply.declines(line)
            else {
                say(t("triage.save.skipped"))
                return .declined
            }
            if InterviewReply.isAnswerWord(line) {
                say(t("triage.save.not_a_name", ["word": line.trimmingBlanks()]))
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
    private func write(_ bytes: [UInt8], to path: String) -> SaveOutcome {
        do {
            try SafeFile.write(bytes, to: path, overwrite: false)
        } catch .exists {
            console.err(t("triage.save.exists", ["path": path]) + "\n> ")
            guard let line = readAnswerLine(), InterviewReply.triState(line) == .yes else { return .declined }
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

/// The messages the SIGINT handler writes, prepared before it is installed (a handler may not
/// allocate). Set once per interview, read only by the handler.
nonisolated(unsafe) private var interruptDraftPath: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var interruptSaved: UnsafeMutableBufferPointer<UInt8>?
nonisolated(unsafe) private var interruptNothing: UnsafeMutableBufferPointer<UInt8>?

/// Ctrl-C during the interview: tells whether a draft was kept, then exits 130.
struct TriageInterrupt {
    private static func buffer(_ text: String) -> UnsafeMutableBufferPointer<UInt8> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        return buffer
    }

    static func install(draftPath: String, saved: String, nothing: String) -> TriageInterrupt {
        interruptDraftPath = strdup(draftPath)
        interruptSaved = buffer(saved)
        interruptNothing = buffer(nothing)
        signal(SIGINT) { _ in
            var status = stat()
            let kept = interruptDraftPath.map { lstat($0, &status) == 0 } ?? false
            if let message = kept ? interruptSaved : interruptNothing {
                _ = write(STDERR_FILENO, message.baseAddress, message.count)
            }
            _exit(ExitCode.interrupted.rawValue)
        }
        return TriageInterrupt()
    }

    /// Back to the binary's Ctrl-C (main.swift): a line break on a terminal, exit 130 at once.
    func cancel() {
        signal(SIGINT) { _ in
            var newline: UInt8 = 10
            if isatty(STDERR_FILENO) == 1 { _ = write(STDERR_FILENO, &newline, 1) }
            _exit(ExitCode.interrupted.rawValue)
        }
    }
}
