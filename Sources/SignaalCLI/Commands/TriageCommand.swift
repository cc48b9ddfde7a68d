import Dispatch
import SignalModel

import Glibc

/// `signaal triage`: the interview at an arrest. The questions, skip rules, back-steps and resume
/// are `SignalModel.Interview`; this file only shows them and reads one line per answer.
///
/// Prompts, hints and alerts go to stderr, the final assessment to stdout. The draft is written
/// after every answer and every back-step. Exit codes: 0 when finished, stopped with `q`, or at end
/// of input with the draft saved (stderr says how to resume); 74 when the draft could not be saved
/// at that moment; 130 on Ctrl-C (the draft is already on disk); 73/74 when `--save` could not
/// write the case (the draft is then kept).
///
/// `--case FILE --role ROLE` continues a saved case as the next reader in the chain (issue 25): the
/// file is read like `score` reads it (66 when it cannot be read, 65 with every problem located when it
/// is not a valid case), what is known is shown by role and time, the open points are asked first,
/// then one checklist, then which route steps were taken (`--done STEP` answers that beforehand; an
/// unknown step is a usage error, 64, listing the steps of the case's route for the reader). The
/// contribution is appended to the case's history; nothing earlier is changed.
/// The options of `triage`: each one's spec (parsing, help, man page, completions) beside its value.
struct TriageOptions: CommandOptions {
    static let role = OptionSpec("role", value: "ROLE", allowed: Role.allCases.map(\.rawValue), help: "triage.option.role")
    static let caseFile = OptionSpec("case", value: "FILE", help: "triage.option.case")
    static let done = OptionSpec("done", value: "STEP", help: "triage.option.done", repeatable: true)
    static let save = OptionSpec("save", value: "FILE", help: "triage.option.save")
    static let resume = OptionSpec("resume", help: "triage.option.resume")
    static let listDrafts = OptionSpec("list-drafts", help: "triage.option.list_drafts")
    static let purgeDrafts = OptionSpec("purge-drafts", help: "triage.option.purge_drafts")
    static let deleteDraft = OptionSpec("delete-draft", value: "ID", help: "triage.option.delete_draft")
    static let region = OptionSpec("region", value: "NAME", help: "triage.option.region")
    static let setRegion = OptionSpec("set-region", value: "NAME", help: "triage.option.set_region")
    static let full = OptionSpec("full", help: "triage.option.full")
    static let at = OptionSpec("at", value: "TIME", help: "triage.option.at")
    static let report = ScoreOptions.report
    static let force = ScoreOptions.force
    static let all = [role, caseFile, done, save, resume, listDrafts, purgeDrafts, deleteDraft, region, setRegion, full, at, report, force]

    /// `--role`; nil when not given (a new interview: police; a resumed one: the draft's).
    var role: Role?
    /// `--case FILE`: the saved case this reader continues.
    var caseFile: String?
    /// `--done STEP`, each given, in order.
    var done: [String]
    var save: String?
    var resume: Bool
    var listDrafts: Bool
    var purgeDrafts: Bool
    var deleteDraft: String?
    var region: Checked<String>?
    /// `--set-region NAME|none` (checked by `setRegion`, which also takes `none`).
    var setRegion: String?
    var full: Bool
    /// `--at`; nil when not given (a new interview then uses the clock, a resumed one keeps the time it started with).
    var at: Checked<Timestamp>?
    var report: String?
    var force: Bool
    /// Whether `--lang` was given (a resumed draft otherwise keeps its own language).
    var languageGiven: Bool

    init(_ read: inout OptionReader, knowledge: Knowledge) {
        role = read.choice(Self.role, as: Role.self)
        caseFile = read.value(Self.caseFile)
        done = read.all(Self.done)
        save = read.value(Self.save)
        resume = read.flag(Self.resume)
        listDrafts = read.flag(Self.listDrafts)
        purgeDrafts = read.flag(Self.purgeDrafts)
        deleteDraft = read.value(Self.deleteDraft)
        region = read.region(Self.region, knowledge: knowledge)
        setRegion = read.value(Self.setRegion)
        full = read.flag(Self.full)
        at = read.time(Self.at)
        report = read.value(Self.report)
        force = read.flag(Self.force)
        languageGiven = read.value(OptionSpec.lang) != nil
    }
}

enum TriageCommand {
    static let spec = CommandSpec(name: "triage", positionals: ["[ID]"], maximumPositionals: 1, options: TriageOptions.all)

    static func run(_ context: CommandContext, _ options: TriageOptions) throws(CommandFailure) -> ExitCode {
        let arguments = context.arguments
        guard let store = DraftStore.locate(environment: context.console.environment) else {
            throw .file(.unwritable("~/.local/state/signaal/drafts", reason: context.t("triage.no_home")))
        }
        if let region = options.setRegion { return try setRegion(region, context: context) }
        if options.purgeDrafts { return purge(store, context: context) }
        if let id = options.deleteDraft {
            guard DraftStore.isValidID(id) else { throw .usage(.invalidValue(option: "--delete-draft", value: id, allowed: ["ID"])) }
            do throws(FileProblem) {
                // A draft that an interview has open is not deleted under it.
                let lock = try store.lock(id)
                do throws(FileProblem) { try store.delete(id) } catch {
                    // No such draft: the lock file this made goes too (`nosuch.lock` stayed behind).
                    lock.release(removing: access(store.path(for: id), F_OK) != 0)
                    throw error
                }
                lock.release(removing: true)
            } catch {
                throw .file(error)
            }
            context.console.err(context.t("triage.deleted", ["id": id]) + "\n")
            return .success
        }
        // Drafts hold notes about a child: those not changed for longer than the retention period
        // go at the start of every run, with one line saying how many (issue 22 part 3).
        let settings = loadSettings(context)
        let days = settings?.draftRetentionDays ?? InterviewSettings.defaultDraftRetentionDays
        let expired = store.deleteExpired(days: days)
        if expired > 0 {
            let path = settingsPath(environment: context.console.environment)?.file ?? "settings.json"
            context.console.err(context.t("triage.expired", ["count": String(expired), "days": String(days), "path": path]) + "\n")
        }
        if options.listDrafts { return list(store, context: context) }
        if let extra = arguments.positionals.first, !options.resume {
            throw .usage(.unexpectedArgument(extra, command: spec.name))
        }
        let time = try options.at?.get()
        let region = try options.region?.get()
        if options.caseFile != nil, options.resume { throw .usage(.conflict(option: "--case", with: "--resume")) }
        if !options.done.isEmpty, options.caseFile == nil { throw .usage(.needs(option: "--done", needed: "--case")) }
        try checkTargets(options)

        var session: TriageSession
        if options.resume {
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
            if let role = options.role, role != draft.role {
                throw .usage(.invalidValue(option: "--role", value: role.rawValue, allowed: [draft.role.rawValue]))
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
            if !options.languageGiven, let language = draft.language { resumed.language = language }
            session = TriageSession(context: resumed, store: store, id: id, interview: interview, resumed: true)
            session.olderDraft = draft.readFromVersion < InterviewDraft.formatVersion
            session.lock = lock
        } else if let path = options.caseFile {
            let (interview, bytes) = try continuation(path, options: options, time: time, region: region, context: context)
            let id = newID(store)
            let lock = try lockDraft(id, store: store)
            session = TriageSession(context: context, store: store, id: id, interview: interview, resumed: false)
            session.lock = lock
            session.continuedFrom = (path, bytes)
            session.stepsGiven = !options.done.isEmpty
        } else {
            let role = options.role ?? .police
            let interview = Interview(
                knowledge: context.knowledge, role: role, assessedAt: time ?? LocalClock.now(warningOn: context),
                region: region ?? settings?.region)
            let id = newID(store)
            let lock = try lockDraft(id, store: store)
            session = TriageSession(context: context, store: store, id: id, interview: interview, resumed: false)
            session.lock = lock
        }
        session.saveTarget = options.save
        session.reportTarget = options.report
        session.overwriteReport = options.force
        session.overwriteCase = options.force
        session.full = options.full
        let code = session.run()
        // No draft left behind (finished, or nothing answered): its lock file goes too.
        if access(store.path(for: session.id), F_OK) != 0 { session.lock?.release(removing: true) }
        return code
    }

    /// `--case FILE --role ROLE`: the saved case read and checked as `score` reads it, the interview that
    /// continues it as this reader, and `--done` recorded (each step id checked). The bytes read are
    /// kept: the case file is overwritten only when it still holds them.
    static func continuation(
        _ path: String, options: TriageOptions, time: Timestamp?, region: String?, context: CommandContext
    ) throws(CommandFailure) -> (Interview, [UInt8]) {
        // stdin carries the answers: the case comes from a file.
        guard path != "-" else { throw .usage(.invalidValue(option: "--case", value: path, allowed: ["FILE"])) }
        guard let role = options.role else {
            throw .usage(.needs(option: "--case", needed: "--role"))
        }
        let bytes: [UInt8]
        do {
            bytes = try InputReader.read(path)
        } catch {
            throw .file(error)
        }
        let base: Case
        do {
            base = try Case.decodeReportingAll(bytes, knowledge: context.knowledge)
        } catch {
            throw .inputProblems(error.inFile(InputReader.displayName(path)))
        }
        var interview = Interview(
            knowledge: context.knowledge, continuing: base, role: role, assessedAt: time ?? LocalClock.now(warningOn: context),
            region: region)
        let steps = options.done
        if !steps.isEmpty {
            do {
                try interview.markDone(steps)
            } catch {
                guard case .unknownStep(let step) = error else { throw .usage(.invalidValue(option: "--done", value: steps[0], allowed: [])) }
                let known = Array(Set(context.knowledge.routing.rules.flatMap { $0.steps.map(\.id) })).sorted()
                throw .usage(.unknownStep(step, suggestion: Suggest.closest(to: step, in: known), route: interview.stepsToMark.map(\.id)))
            }
        }
        return (interview, bytes)
    }

    /// `--report` and `--save` are checked before the first question, not after the whole interview:
    /// a folder, a link, a device or FIFO, or a folder that cannot be written is refused now (73).
    /// An existing `--save` file is asked about at the end, as always; an existing report needs `--force`.
    static func checkTargets(_ options: TriageOptions) throws(CommandFailure) {
        // One file for the case and the report: the report would replace the saved case (issue 22 N1).
        if let save = options.save, let report = options.report, SafeFile.sameFile(save, report) {
            throw .file(.oneFileTwoRoles(report, first: "--save", second: "--report"))
        }
        do {
            if let report = options.report, report != "-" {
                try SafeFile.checkTarget(report, overwrite: options.force)
            }
            if let save = options.save { try SafeFile.checkTarget(save, overwrite: true) }
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

    /// The settings file; a missing file is no settings, an unreadable one is reported (and the
    /// interview asks the region; drafts are kept the default time).
    static func loadSettings(_ context: CommandContext) -> InterviewSettings? {
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
            return try InterviewSettings.decode(bytes, knowledge: context.knowledge)
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
        // The other settings stay as they are.
        let kept = (try? SettingsFile.read(path.file, warn: { _ in }, t: context.t))
            .flatMap { try? InterviewSettings.decode($0, knowledge: context.knowledge) }
        let settings = InterviewSettings(region: region == "none" ? nil : region, draftRetentionDays: kept?.draftRetentionDays)
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

    /// How long ago, in whole days, hours or minutes.
    static func age(_ seconds: Int, context: CommandContext) -> String {
        let seconds = max(0, seconds)
        if seconds >= 86_400 { return context.t(seconds >= 2 * 86_400 ? "triage.age.days" : "triage.age.day", ["count": String(seconds / 86_400)]) }
        if seconds >= 3_600 { return context.t("triage.age.hours", ["count": String(seconds / 3_600)]) }
        return context.t("triage.age.minutes", ["count": String(seconds / 60)])
    }

    /// `--purge-drafts`: deletes every draft after a yes typed on stdin (a prompt on stderr says how
    /// many and where). Only regular files of this user named `<ID>.json`; links, drafts in use and
    /// anything else in the folder stay.
    static func purge(_ store: DraftStore, context: CommandContext) -> ExitCode {
        let count = store.ownedDrafts().count
        guard count > 0 else {
            context.console.err(context.t("triage.no_drafts", ["path": store.directory]) + "\n")
            return .success
        }
        context.console.err(context.t("triage.purge.ask", ["count": String(count), "path": store.directory]))
        guard let line = readLine(), InterviewReply.triState(line) == .yes else {
            context.console.err("\n" + context.t("triage.purge.kept") + "\n")
            return .success
        }
        let deleted = store.deleteAll()
        context.console.err(context.t("triage.purge.done", ["count": String(deleted)]) + "\n")
        return .success
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
                    : context.t(
                        interview.totalIsKnown ? "triage.list.at_question_exact" : "triage.list.at_question",
                        ["number": String(progress.number), "total": String(progress.estimatedTotal)])
            }
            let line = context.t(
                "triage.list.line",
                [
                    "id": entry.id, "updated": LocalClock.readableLocal(entry.modified),
                    "role": draft.role.rawValue, "count": String(draft.answers.count), "state": state,
                ]) + "  " + context.t("triage.list.age", ["age": age(System.now() - entry.modified, context: context)])
            context.console.out(line + "\n")
        }
        return .success
    }
}
