import SignalModel

/// The options of `score`: each one's spec (parsing, help, man page, completions) beside its value.
struct ScoreOptions: CommandOptions {
    static let format = OptionSpec.choice("format", short: "f", of: OutputFormat.self, help: "option.format")
    static let at = OptionSpec("at", value: "TIME", help: "option.at")
    static let region = OptionSpec("region", value: "REGION", help: "option.region")
    static let report = OptionSpec("report", value: "FILE|-", help: "option.report")
    static let force = OptionSpec("force", help: "option.force")
    static let batch = OptionSpec("batch", help: "option.batch")
    static let summary = OptionSpec("summary", help: "option.summary")
    static let jobs = OptionSpec("jobs", short: "j", value: "N", help: "option.jobs")
    static let records = OptionSpec.choice("records", of: RecordForm.self, help: "option.records")
    static let all = [format, at, region, report, force, batch, summary, jobs, records]

    /// `--format`; nil when not given (text).
    var format: OutputFormat?
    /// `--at`: the moment for office hours.
    var at: Checked<Timestamp>?
    /// `--region`, a region of the contacts directory.
    var region: Checked<String>?
    /// `--report FILE|-`.
    var report: String?
    var force: Bool
    var batch: Bool
    var summary: Bool
    /// `--jobs N`, 1 … `BatchScore.maximumJobs`.
    var jobs: Checked<Int>?
    /// `--records`; nil when not given (one case: full; a batch: compact).
    var records: RecordForm?

    init(_ read: inout OptionReader, knowledge: Knowledge) {
        format = read.choice(Self.format, as: OutputFormat.self)
        at = read.time(Self.at)
        region = read.region(Self.region, knowledge: knowledge)
        report = read.value(Self.report)
        force = read.flag(Self.force)
        batch = read.flag(Self.batch)
        summary = read.flag(Self.summary)
        jobs = read.checked(Self.jobs, Self.jobCount, allowed: ["1", "2", "…", String(BatchScore.maximumJobs)])
        records = read.choice(Self.records, as: RecordForm.self)
    }

    /// A number of jobs, 1 … `BatchScore.maximumJobs`, in digits only: `Int("+2")` is 2, but
    /// `--jobs +2` is no number a user means.
    static func jobCount(_ text: String) -> Int? {
        guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let jobs = Int(text), (1...BatchScore.maximumJobs).contains(jobs) else {
            return nil
        }
        return jobs
    }
}

/// `signaal score [FILE|-]`: one case in, the assessment out.
enum ScoreCommand {
    static let spec = CommandSpec(name: "score", positionals: ["[FILE|-]"], maximumPositionals: 1, options: ScoreOptions.all)

    static func run(_ context: CommandContext, _ options: ScoreOptions) throws(CommandFailure) -> ExitCode {
        // Every option is checked before stdin is read, so a typo never swallows piped input.
        let time = try assessmentTime(options.at, context: context)
        let region = try options.region?.get()
        // The report must not replace the case it is made from (issue 22 N1), even with --force.
        if let target = options.report, let input = context.arguments.positionals.first, SafeFile.sameFile(input, target) {
            throw .file(.oneFileTwoRoles(target, first: "input", second: "--report"))
        }
        try checkReportTarget(options)
        let path = try inputPath(context.arguments, console: context.console)
        if options.batch || options.summary || options.jobs != nil {
            return try BatchScore.run(context, options, path: path, time: time, region: region)
        }
        // One case: full records unless asked; --records only shapes JSON.
        if options.records != nil, options.format != .json || options.report == "-" {
            context.console.err("signaal: " + context.t("records.needs_json") + "\n" + context.t("usage.see_help") + "\n")
            throw .reported(.usage)
        }
        let bytes: [UInt8]
        do {
            bytes = try InputReader.read(path)
        } catch {
            throw .file(error)
        }
        var parsed: Case
        do {
            // Every problem at once (up to a limit), so a hand-written case is fixed in one round.
            parsed = try Case.decodeReportingAll(bytes, knowledge: context.knowledge)
        } catch {
            throw .inputProblems(error.inFile(InputReader.displayName(path)))
        }
        if let region { parsed.context.region = region }
        // A note naming a person characteristic is kept, with a warning (issue 22 N13).
        for mention in parsed.profileMentions {
            let place = InputReader.displayName(path) + ": " + mention.path.description
            context.console.err("signaal: " + context.t("warning.profile_note", ["place": place, "word": mention.word]) + "\n")
        }
        let assessment = Engine(knowledge: context.knowledge).assessment(of: parsed, at: time)
        try deliver(assessment, case: parsed, options: options, context: context)
        return .success
    }

    /// Prints the assessment (text or JSON) and writes the handover report if asked. `--report -`
    /// puts only the report on stdout, so stdout stays one document.
    static func deliver(_ assessment: Assessment, case parsed: Case, options: ScoreOptions, context: CommandContext) throws(CommandFailure) {
        let report = options.report.map { _ in
            ReportRenderer(knowledge: context.knowledge, language: context.language).markdown(assessment, case: parsed)
        }
        if options.report == "-", let report {
            context.console.out(report)
            return
        }
        let renderer = AssessmentRenderer(knowledge: context.knowledge, language: context.language)
        if options.format == .json {
            context.console.out(renderer.json(assessment, records: options.records ?? .full) + "\n")
        } else {
            context.console.out(renderer.text(assessment))
        }
        if let target = options.report, let report {
            do {
                try SafeFile.write(Array(report.utf8), to: target, overwrite: options.force)
            } catch {
                throw .file(error)
            }
            context.console.err(context.t("report.written", ["path": UserText.line(target)]) + "\n")
        }
    }

    /// Refuses a report target that exists (without `--force`), is a link, a folder, a device or
    /// FIFO, or whose folder cannot be written, before any input is read or any output written, so a
    /// refused report never leaves a half-done run behind.
    static func checkReportTarget(_ options: ScoreOptions) throws(CommandFailure) {
        guard let target = options.report, target != "-" else { return }
        do {
            try SafeFile.checkTarget(target, overwrite: options.force)
        } catch {
            throw .file(error)
        }
    }

    /// The input path: the positional argument, or stdin when it is piped.
    static func inputPath(_ arguments: ParsedArguments, console: Console) throws(CommandFailure) -> String {
        if let path = arguments.positionals.first { return path }
        guard !console.stdinIsTerminal else { throw .file(.noInputGiven) }
        return "-"
    }

    /// The moment for office hours: `--at` if given, else the local clock (with a warning when `TZ`
    /// is unknown). A case's own `assessedAt` wins over both (the engine prefers it).
    static func assessmentTime(_ at: Checked<Timestamp>?, context: CommandContext) throws(CommandFailure) -> Timestamp? {
        guard let at else { return LocalClock.now(warningOn: context) }
        return try at.get()
    }
}
