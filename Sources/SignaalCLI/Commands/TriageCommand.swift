import Dispatch
import SignalModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `signaal triage`: the interview at an arrest. The questions, skip rules, back-steps and resume
/// are `SignalModel.Interview`; this file only shows them and reads one line per answer.
///
/// Prompts, hints and alerts go to stderr, the final assessment to stdout. The draft is written
/// after every answer and every back-step. Exit codes: 0 when finished, stopped with `q`, or at end
/// of input with the draft saved (stderr says how to resume); 74 when the draft could not be saved
/// at that moment; 130 on Ctrl-C (the draft is already on disk); 73/74 when `--save` could not
/// write the case (the draft is then kept).
enum TriageCommand {
    static let spec = CommandSpec(
        name: "triage", positionals: ["[ID]"], maximumPositionals: 1,
        options: [
            OptionSpec("role", value: "ROLE", allowed: Role.allCases.map(\.rawValue), help: "triage.option.role"),
            OptionSpec("save", value: "FILE", help: "triage.option.save"),
            OptionSpec("resume", help: "triage.option.resume"),
            OptionSpec("list-drafts", help: "triage.option.list_drafts"),
            OptionSpec("delete-draft", value: "ID", help: "triage.option.delete_draft"),
            OptionSpec("region", value: "NAME", help: "triage.option.region"),
            OptionSpec("set-region", value: "NAME", help: "triage.option.set_region"),
            OptionSpec("full", help: "triage.option.full"),
            OptionSpec("at", value: "TIME", help: "triage.option.at"),
            OptionSpec("report", value: "FILE|-", help: "option.report"),
            OptionSpec("force", help: "option.force"),
        ])

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
        let arguments = context.arguments
        guard let store = DraftStore.locate(environment: context.console.environment) else {
            throw .file(.unwritable("~/.local/state/signaal/drafts", reason: context.t("triage.no_home")))
        }
        if arguments.has("list-drafts") { return list(store, context: context) }
        if let region = arguments.value("set-region") { return try setRegion(region, context: context) }
        if let id = arguments.value("delete-draft") {
            guard DraftStore.isValidID(id) else { throw .usage(.invalidValue(option: "--delete-draft", value: id, allowed: ["ID"])) }
            do {
                // A draft that an interview has open is not deleted under it.
                let lock = try store.lock(id)
                try store.delete(id)
                lock.release(removing: true)
            } catch {
                throw .file(error)
            }
            context.console.err(context.t("triage.deleted", ["id": id]) + "\n")
            return .success
        }
        if let extra = arguments.positionals.first, !arguments.has("resume") {
            throw .usage(.unexpectedArgument(extra, command: spec.name))
        }
        let time = try timeArgument(arguments)
        let region = try regionArgument(arguments, knowledge: context.knowledge)
        try checkTargets(arguments)

        var session: TriageSession
        if arguments.has("resume") {
            let id = try resumeID(arguments, store: store, context: context)
            let lock = try lockDraft(id, store: store)
            let draft: InterviewDraft
            do {
                draft = try store.load(id, knowledge: context.knowledge)
            } catch {
                // A corrupt, newer or linked draft is reported with its path and left exactly as it is.
                if case .file(.notFound) = error { throw error }
                context.console.err(Signaal.message(for: error, texts: context.knowledge.texts, language: context.language))
                context.console.err(context.t("triage.draft_untouched", ["path": store.path(for: id)]) + "\n")
                throw .reported(Signaal.exitCode(for: error))
            }
            if let role = arguments.value("role"), role != draft.role.rawValue {
                throw .usage(.invalidValue(option: "--role", value: role, allowed: [draft.role.rawValue]))
            }
            var interview: Interview
            do {
                interview = try Interview(knowledge: context.knowledge, resuming: draft)
            } catch {
                // Unreachable for a decoded draft (decoding checks the same rules); reported, not trapped.
                let problem = SignalError(.inconsistentCatalog(String(describing: error)), at: InputLocation(file: store.path(for: id)))
                throw .input(problem)
            }
            if let time { interview.assessedAt = time }
            if let region { interview.region = region }
            var resumed = context
            if arguments.value("lang") == nil, let language = draft.language { resumed.language = language }
            session = TriageSession(context: resumed, store: store, id: id, interview: interview, resumed: true)
            session.olderDraft = draft.readFromVersion < InterviewDraft.formatVersion
            session.lock = lock
        } else {
            let role = arguments.value("role").flatMap(Role.init(rawValue:)) ?? .police
            let interview = Interview(
                knowledge: context.knowledge, role: role, assessedAt: time ?? LocalClock.now(),
                region: region ?? defaultRegion(context))
            let id = newID(store)
            let lock = try lockDraft(id, store: store)
            session = TriageSession(context: context, store: store, id: id, interview: interview, resumed: false)
            session.lock = lock
        }
        session.saveTarget = arguments.value("save")
        session.reportTarget = arguments.value("report")
        session.overwriteReport = arguments.has("force")
        session.full = arguments.has("full")
        let code = session.run()
        // No draft left behind (finished, or nothing answered): its lock file goes too.
        if access(store.path(for: session.id), F_OK) != 0 { session.lock?.release(removing: true) }
        return code
    }

    /// `--report` and `--save` are checked before the first question, not after the whole interview:
    /// a folder, a link, a device or FIFO, or a folder that cannot be written is refused now (73).
    /// An existing `--save` file is asked about at the end, as always; an existing report needs `--force`.
    static func checkTargets(_ arguments: ParsedArguments) throws(CommandFailure) {
        do {
            if let report = arguments.value("report"), report != "-" {
                try SafeFile.checkTarget(report, overwrite: arguments.has("force"))
            }
            if let save = arguments.value("save") { try SafeFile.checkTarget(save, overwrite: true) }
        } catch {
            throw .file(error)
        }
    }

    /// Takes the draft's lock: a second `triage --resume` of a draft in use is refused (73). When the
    /// drafts folder cannot be written at all the interview still runs (an arrest does not wait for
    /// a disk): the first draft save then says so, and the answers stay in memory.
    static func lockDraft(_ id: String, store: DraftStore) throws(CommandFailure) -> DraftLock? {
        do {
            return try store.lock(id)
        } catch .draftInUse(let path, let id) {
            throw .file(.draftInUse(path, id: id))
        } catch {
            return nil
        }
    }

    /// `$XDG_CONFIG_HOME/signaal/settings.json` (default `~/.config/signaal/settings.json`).
    static func settingsPath(environment: [String: String]) -> (folder: String, file: String)? {
        let base: String
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            base = config
        } else if let home = environment["HOME"], !home.isEmpty {
            base = (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.config"
        } else {
            return nil
        }
        return (base + "/signaal", base + "/signaal/settings.json")
    }

    /// The default region from the settings file; a missing file is no default, an unreadable
    /// one is reported (and the interview asks the region).
    static func defaultRegion(_ context: CommandContext) -> String? {
        guard let path = settingsPath(environment: context.console.environment)?.file else { return nil }
        let bytes: [UInt8]
        do {
            bytes = try SettingsFile.read(path, warn: context.console.err, t: context.t)
        } catch {
            if case .notFound = error { return nil }
            context.console.err(Signaal.message(for: .file(error), texts: context.knowledge.texts, language: context.language))
            return nil
        }
        do {
            return try InterviewSettings.decode(bytes, knowledge: context.knowledge).region
        } catch {
            var located = error
            located.location.file = path
            context.console.err(Signaal.message(for: .input(located), texts: context.knowledge.texts, language: context.language))
            context.console.err(context.t("triage.settings_ignored", ["path": path]) + "\n")
            return nil
        }
    }

    /// `--set-region ID` (or `none`): writes the settings file (0600, atomic; it is Signaal's own
    /// file, so it is replaced without asking).
    static func setRegion(_ region: String, context: CommandContext) throws(CommandFailure) -> ExitCode {
        let ids = context.knowledge.contacts.regions.map(\.id)
        guard region == "none" || ids.contains(region) else {
            throw .usage(.invalidValue(option: "--set-region", value: region, allowed: ids + ["none"]))
        }
        guard let path = settingsPath(environment: context.console.environment) else {
            throw .file(.unwritable("~/.config/signaal", reason: context.t("triage.no_home")))
        }
        let settings = InterviewSettings(region: region == "none" ? nil : region)
        do {
            try SafeFile.makePrivateDirectory(path.folder.split(separator: "/").dropLast().reduce("") { $0 + "/" + $1 })
            try SafeFile.makePrivateDirectory(path.folder)
            try SafeFile.write(Array((settings.encoded().serialized(pretty: true) + "\n").utf8), to: path.file, overwrite: true)
        } catch {
            throw .file(error)
        }
        let name = settings.region.flatMap { context.knowledge.contacts.region($0)?.name } ?? "-"
        context.console.err(context.t("triage.region_set", ["region": name, "path": path.file]) + "\n")
        return .success
    }

    /// `--at` as a timestamp; nil when not given (a new interview then uses the clock, a resumed one
    /// keeps the time it started with).
    static func timeArgument(_ arguments: ParsedArguments) throws(CommandFailure) -> Timestamp? {
        guard let text = arguments.value("at") else { return nil }
        guard let time = Timestamp(iso8601: text) else {
            throw .usage(.invalidValue(option: "--at", value: text, allowed: ["2026-11-21T23:40:00+01:00"]))
        }
        return time
    }

    /// `--region`, checked against the contacts directory.
    static func regionArgument(_ arguments: ParsedArguments, knowledge: Knowledge) throws(CommandFailure) -> String? {
        guard let region = arguments.value("region") else { return nil }
        let ids = knowledge.contacts.regions.map(\.id)
        guard ids.contains(region) else { throw .usage(.invalidValue(option: "--region", value: region, allowed: ids)) }
        return region
    }

    /// The draft to resume: the id given, or the most recently changed draft.
    static func resumeID(_ arguments: ParsedArguments, store: DraftStore, context: CommandContext) throws(CommandFailure)
        -> String
    {
        if let id = arguments.positionals.first {
            guard DraftStore.isValidID(id) else { throw .usage(.invalidValue(option: "--resume", value: id, allowed: ["ID"])) }
            return id
        }
        guard let latest = store.entries().first else {
            context.console.err("signaal: " + context.t("triage.no_draft_to_resume", ["path": store.directory]) + "\n")
            throw .reported(.noInput)
        }
        return latest.id
    }

    /// A new draft id: local date and time plus four random hex digits (`20261121-234012-a3f9`).
    static func newID(_ store: DraftStore) -> String {
        let stamp = LocalClock.compactLocal(System.now())
        while true {
            let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
            let id = stamp + "-" + String(repeating: "0", count: 4 - suffix.count) + suffix
            if System.kind(of: store.path(for: id)) == nil { return id }
        }
    }

    /// `--list-drafts`: one line per draft on stdout; unreadable drafts are listed with the reason.
    static func list(_ store: DraftStore, context: CommandContext) -> ExitCode {
        let entries = store.entries()
        if entries.isEmpty {
            context.console.err(context.t("triage.no_drafts", ["path": store.directory]) + "\n")
            return .success
        }
        for entry in entries {
            let draft: InterviewDraft
            do {
                draft = try store.load(entry.id, knowledge: context.knowledge)
            } catch {
                var problem = Signaal.message(for: error, texts: context.knowledge.texts, language: context.language)
                if problem.hasPrefix("signaal: ") { problem = String(problem.dropFirst(9)) }
                if problem.hasSuffix("\n") { problem = String(problem.dropLast()) }
                context.console.out(context.t("triage.list.unreadable", ["id": entry.id, "problem": problem]) + "\n")
                continue
            }
            var state = ""
            if let interview = try? Interview(knowledge: context.knowledge, resuming: draft) {
                let progress = interview.progress
                state =
                    interview.isFinished
                    ? context.t("triage.list.finished")
                    : context.t("triage.list.at_question", ["number": String(progress.number), "total": String(progress.estimatedTotal)])
            }
            let line = context.t(
                "triage.list.line",
                [
                    "id": entry.id, "updated": LocalClock.readableLocal(entry.modified),
                    "role": draft.role.rawValue, "count": String(draft.answers.count), "state": state,
                ])
            context.console.out(line + "\n")
        }
        return .success
    }
}


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

    private func styled(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[" + code + "m" + text + "\u{1B}[0m" : text
    }

    mutating func run() -> ExitCode {
        let interrupt = installInterruptHandler()
        defer { interrupt.cancel() }
        store.sweepStaleTemporaryFiles()
        say(t("triage.intro"))
        if resumed {
            say(t("triage.resumed", ["id": id, "count": String(interview.history.count)]))
            if olderDraft { say(TextWrap.wrapLines(t("triage.resumed_older"), width: width)) }
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
                say(styled(invalidHint(question), "1"))
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

    // MARK: Asking

    private func ask(_ question: InterviewQuestion) {
        let progress = interview.progress
        var lines = [""]
        lines.append(styled(t("triage.progress", ["number": String(progress.number), "total": String(progress.estimatedTotal)]), "2"))
        lines += TextWrap.wrap(questionText(question.id), width: width).map { styled($0, "1") }
        switch question.format {
        case .offence:
            let offences = knowledge.catalog.offences
            let digits = String(offences.count).count
            for (index, offence) in offences.enumerated() {
                let number = String(index + 1)
                lines.append("  " + String(repeating: " ", count: digits - number.count) + number + ". " + offence.name[context.language])
            }
        case .region:
            let names = knowledge.contacts.regions.enumerated().map { "\($0.offset + 1). " + $0.element.name }
            lines += columns(names, indent: "  ")
        case .checklist:
            lines += checklistLines(question.checklist)
        default:
            break
        }
        if let previous = question.previousAnswer {
            lines += TextWrap.wrap(t("triage.previous", ["answer": answerText(previous)]), width: width, first: "  ", indent: "    ")
        }
        lines += TextWrap.wrap(t("triage.choices." + question.format.rawValue), width: width, first: "  ", indent: "    ")
        console.err(lines.joined(separator: "\n") + "\n> ")
    }

    /// The checklist: one block per family, its name in a left column and its numbered items
    /// flowing beside it, wrapped to the terminal width.
    private func checklistLines(_ groups: [ChecklistGroup]) -> [String] {
        let names = groups.map { familyName($0.family) }
        let wide = width >= 70
        let column = wide ? min((names.map(\.count).max() ?? 0) + 2, 18) : 2
        var lines: [String] = []
        var number = 0
        for (group, name) in zip(groups, names) {
            // An item that is never scored (context) is marked * like the context family, also when
            // it stands among scored items (no fixed place to stay, under Residence).
            let allContext = group.items.allSatisfy { !$0.isScored }
            let items = group.items.map { item -> String in
                number += 1
                return "\(number) " + itemLabel(item) + (item.isScored || allContext ? "" : "*")
            }
            // Items are kept whole on a line; a long family continues under its own column.
            let pad = String(repeating: " ", count: column)
            // A family name longer than its column gets a line of its own.
            let ownLine = !wide || name.count + 1 > column
            var line = ownLine ? pad : name.padding(toLength: column)
            if ownLine { lines.append(name) }
            var lineHasItem = false
            for item in items {
                let piece = (lineHasItem ? "  · " : "") + item
                if lineHasItem, line.count + piece.count > width {
                    lines.append(line)
                    line = pad + item
                } else {
                    line += piece
                }
                lineHasItem = true
            }
            lines.append(line)
        }
        return lines
    }

    /// Short texts laid out in as many columns as fit the width.
    private func columns(_ texts: [String], indent: String) -> [String] {
        let cell = (texts.map(\.count).max() ?? 0) + 2
        let perLine = max(1, (width - indent.count) / max(cell, 1))
        var lines: [String] = []
        var index = 0
        while index < texts.count {
            let row = texts[index..<min(index + perLine, texts.count)]
            lines.append(indent + row.map { $0.padding(toLength: cell) }.joined().trimmingTrailingSpaces())
            index += perLine
        }
        return lines
    }

    private func familyName(_ family: Family) -> String {
        let key = "triage.family." + family.id
        let text = t(key)
        return text == key ? family.name[context.language] : text
    }

    /// The short checklist label of an indicator (its question when no label is written yet).
    private func itemLabel(_ indicator: Indicator) -> String {
        let key = "triage.item." + indicator.id
        let text = t(key)
        return text == key ? indicator.question[context.language] : text
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

    private func questionText(_ id: QuestionID) -> String {
        interview.text(for: id)[context.language]
    }

    private func answerText(_ answer: InterviewAnswer) -> String {
        switch answer {
        case .age(let age?): return t("triage.age_value", ["age": String(age)])
        case .age(nil), .offence(nil): return t("answer.unknown")
        case .offence(let offence?): return knowledge.catalog.offence(offence)?.name[context.language] ?? offence
        case .answer(let value): return t("answer." + value.rawValue)
        case .region(nil), .text(nil): return t("answer.unknown")
        case .region(let region?): return knowledge.contacts.region(region)?.name ?? region
        case .text(let text?): return UserText.line(text)
        case .checklist(let ticked):
            let numbers = interview.checklistItems.enumerated().filter { ticked.contains($0.element.id) }.map { String($0.offset + 1) }
            return numbers.isEmpty ? t("triage.checklist.none") : numbers.joined(separator: ", ")
        }
    }

    private func invalidHint(_ question: InterviewQuestion) -> String {
        switch question.format {
        case .triState: return t("triage.invalid.triState")
        case .age: return t("triage.invalid.age")
        case .offence: return t("triage.invalid.offence", ["max": String(knowledge.catalog.offences.count)])
        case .region: return t("triage.invalid.region", ["max": String(knowledge.contacts.regions.count)])
        case .checklist: return t("triage.invalid.checklist", ["max": String(interview.checklistItems.count)])
        case .text: return t("triage.invalid.text")
        }
    }

    private func showHelp(_ question: InterviewQuestion) {
        var lines = ["", styled(t("triage.help.heading"), "1")]
        if let indicator = question.indicator {
            lines.append(indicator.explanation[context.language])
            lines.append(t("triage.help.why", ["why": indicator.rationale[context.language]]))
        } else {
            lines.append(question.help[context.language])
        }
        if !question.sources.isEmpty {
            lines.append(t("triage.help.sources"))
            for citation in question.sources {
                lines.append("  - \u{201C}" + citation.quote + "\u{201D} (" + citation.shortReference + ")")
            }
        }
        say(TextWrap.wrapLines(lines.joined(separator: "\n"), width: width, indent: "  "))
    }

    private func showAcuteAlert() {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: context.language)
        var lines = ["", styled(t("triage.acute.title"), "1;31")]
        var groups: [(party: String, actions: [String])] = []
        for step in interview.acuteSteps {
            if let index = groups.firstIndex(where: { $0.party == step.party }) {
                groups[index].actions.append(step.action[context.language])
            } else {
                groups.append((step.party, [step.action[context.language]]))
            }
        }
        for (index, group) in groups.enumerated() {
            let reach = renderer.reach(group.party, region: interview.case.context.region)
            var who = reach.name
            if let phone = reach.phone, !who.contains(phone) { who += " (" + phone + ")" }
            let text = t("triage.acute.step", ["who": who, "action": group.actions.joined(separator: " ")])
            lines += TextWrap.wrap(text, width: width, first: "  \(index + 1). ", indent: "     ")
        }
        lines += TextWrap.wrap(t("triage.acute.continue"), width: width)
        say(lines.joined(separator: "\n"))
    }

    /// The acute alert, then (in a terminal) wait for Enter so it cannot scroll past unseen.
    /// False at end of input.
    private func acuteAlertWaitingForEnter() -> Bool {
        showAcuteAlert()
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
            default: say(styled(invalidHint(question), "1"))
            }
            return true
        }
        saveDraft()
        if case .checklist(let ticked) = answer, !ticked.isEmpty {
            let labels = interview.checklistItems.filter { ticked.contains($0.id) }.map(itemLabel)
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
            return itemLabel(indicator)
        }
        return questionText(id)
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
        say(endBlock(assessment, savedPath: savedPath, reportPath: reportPath, printedFull: printedFull || reportTarget == "-"))
        return .success
    }

    /// The last thing on the screen: the level, what to do now (each party once, with its number
    /// and compact sources), what was not checked, and where the full assessment went.
    private func endBlock(_ assessment: Assessment, savedPath: String?, reportPath: String?, printedFull: Bool) -> String {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: context.language)
        let rule = String(repeating: "─", count: min(width, 60))
        var lines = ["", rule]
        let levelName = knowledge.catalog.describe(assessment.level)?.name[context.language] ?? assessment.level.rawValue
        let colour = assessment.level >= .suspicion ? "1;31" : "1"
        if interview.isAdult {
            lines += TextWrap.wrap(t("triage.end.adult"), width: width).map { styled($0, "1") }
        } else {
            lines.append(styled(t("triage.end.level", ["level": levelName.uppercased(), "score": String(assessment.score)]), colour))
        }
        let groups = EndBlock.nowByParty(assessment.route)
        if !groups.steps.isEmpty {
            lines.append(styled(t("triage.end.urgency." + groups.urgency.rawValue), "1"))
            // Each party once, at most three lines: who with the number, the first thing to do,
            // how many more steps the full assessment has for them, and two sources.
            let shown = groups.steps.prefix(5)
            for (index, group) in shown.enumerated() {
                let reach = renderer.reach(group.party, region: assessment.context.region)
                var who = reach.name
                if let phone = reach.phone, !who.contains(phone) { who += " (" + phone + ")" }
                let parts = group.steps.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }
                let first = EndBlock.firstSentence(parts.first?.action[context.language] ?? "")
                let more = parts.count > 1 ? " " + t("triage.end.more_steps", ["count": String(parts.count - 1)]) : ""
                let citations = parts.flatMap(\.citations)
                var sources = EndBlock.compactSources(Array(citations.prefix(2)))
                if citations.count > 2 { sources += ", …" }
                let text = who + ": " + first + more + (sources.isEmpty ? "" : " [" + sources + "]")
                var wrapped = TextWrap.wrap(text, width: width, first: "\(index + 1). ", indent: "   ")
                if wrapped.count > 3 {
                    wrapped = Array(wrapped.prefix(3))
                    wrapped[2] = String(wrapped[2].prefix(max(width - 2, 1))) + " …"
                }
                lines += wrapped
            }
            if groups.steps.count > shown.count {
                lines += TextWrap.wrap(t("triage.end.more_parties", ["count": String(groups.steps.count - shown.count)]), width: width)
            }
        }
        let notChecked = interview.notChecked
        if !notChecked.isEmpty {
            lines += TextWrap.wrap(t("triage.end.not_checked", ["count": String(notChecked.count)]), width: width)
        }
        let where_: String
        if let savedPath {
            where_ = t("triage.end.saved", ["path": savedPath])
        } else if let reportPath {
            where_ = t("triage.end.report", ["path": reportPath])
        } else if printedFull {
            where_ = t("triage.end.printed")
        } else {
            where_ = t("triage.end.nowhere")
        }
        lines += TextWrap.wrap(where_, width: width)
        if let reportPath, savedPath != nil { lines += TextWrap.wrap(t("triage.end.report", ["path": reportPath]), width: width) }
        lines += TextWrap.wrap(t("triage.end.signal"), width: width).map { styled($0, "2") }
        return lines.joined(separator: "\n")
    }

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
