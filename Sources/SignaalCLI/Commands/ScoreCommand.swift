import SignalModel

/// `signaal score [FILE|-]`: one case in, the assessment out.
enum ScoreCommand {
    static let spec = CommandSpec(
        name: "score", positionals: ["[FILE|-]"], maximumPositionals: 1,
        options: [
            OptionSpec("format", short: "f", value: "text|json", allowed: ["text", "json"], help: "option.format"),
            OptionSpec("at", value: "TIME", help: "option.at"),
            OptionSpec("region", value: "REGION", help: "option.region"),
            OptionSpec("report", value: "FILE|-", help: "option.report"),
            OptionSpec("force", help: "option.force"),
            OptionSpec("batch", help: "option.batch"),
            OptionSpec("summary", help: "option.summary"),
            OptionSpec("jobs", short: "j", value: "N", help: "option.jobs"),
            OptionSpec("records", value: "full|compact", allowed: RecordForm.allCases.map(\.rawValue), help: "option.records"),
        ])

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
        let arguments = context.arguments
        // Every option is checked before stdin is read, so a typo never swallows piped input.
        let time = try assessmentTime(arguments, context: context)
        let region = try regionOption(arguments, knowledge: context.knowledge)
        // The report must not replace the case it is made from (issue 22 N1), even with --force.
        if let target = arguments.value("report"), let input = arguments.positionals.first, SafeFile.sameFile(input, target) {
            throw .file(.oneFileTwoRoles(target, first: "input", second: "--report"))
        }
        try checkReportTarget(arguments)
        let path = try inputPath(arguments, console: context.console)
        if arguments.has("batch") || arguments.has("summary") || arguments.value("jobs") != nil {
            return try BatchScore.run(context, path: path, time: time, region: region)
        }
        // One case: full records unless asked; --records only shapes JSON.
        if arguments.value("records") != nil, arguments.value("format") != "json" || arguments.value("report") == "-" {
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
        try deliver(assessment, case: parsed, context: context)
        return .success
    }

    /// Prints the assessment (text or JSON) and writes the handover report if asked. `--report -`
    /// puts only the report on stdout, so stdout stays one document.
    static func deliver(_ assessment: Assessment, case parsed: Case, context: CommandContext) throws(CommandFailure) {
        let arguments = context.arguments
        let report = arguments.value("report").map { _ in
            ReportRenderer(knowledge: context.knowledge, language: context.language).markdown(assessment, case: parsed)
        }
        if arguments.value("report") == "-", let report {
            context.console.out(report)
            return
        }
        let renderer = AssessmentRenderer(knowledge: context.knowledge, language: context.language)
        if arguments.value("format") == "json" {
            let records = arguments.value("records").flatMap(RecordForm.init(rawValue:)) ?? .full
            context.console.out(renderer.json(assessment, records: records) + "\n")
        } else {
            context.console.out(renderer.text(assessment))
        }
        if let target = arguments.value("report"), let report {
            do {
                try SafeFile.write(Array(report.utf8), to: target, overwrite: arguments.has("force"))
            } catch {
                throw .file(error)
            }
            context.console.err(context.t("report.written", ["path": UserText.line(target)]) + "\n")
        }
    }

    /// Refuses a report target that exists (without `--force`), is a link, a folder, a device or
    /// FIFO, or whose folder cannot be written, before any input is read or any output written, so a
    /// refused report never leaves a half-done run behind.
    static func checkReportTarget(_ arguments: ParsedArguments) throws(CommandFailure) {
        guard let target = arguments.value("report"), target != "-" else { return }
        do {
            try SafeFile.checkTarget(target, overwrite: arguments.has("force"))
        } catch {
            throw .file(error)
        }
    }

    /// `--region` checked against the contacts directory.
    static func regionOption(_ arguments: ParsedArguments, knowledge: Knowledge) throws(CommandFailure) -> String? {
        guard let region = arguments.value("region") else { return nil }
        let ids = knowledge.contacts.regions.map(\.id)
        guard ids.contains(region) else { throw .usage(.invalidValue(option: "--region", value: region, allowed: ids)) }
        return region
    }

    /// The input path: the positional argument, or stdin when it is piped.
    static func inputPath(_ arguments: ParsedArguments, console: Console) throws(CommandFailure) -> String {
        if let path = arguments.positionals.first { return path }
        guard !console.stdinIsTerminal else { throw .file(.noInputGiven) }
        return "-"
    }

    /// The moment for office hours: `--at` if given, else the local clock (with a warning when `TZ`
    /// is unknown). A case's own `assessedAt` wins over both (the engine prefers it).
    static func assessmentTime(_ arguments: ParsedArguments, context: CommandContext) throws(CommandFailure) -> Timestamp? {
        guard let text = arguments.value("at") else { return LocalClock.now(warningOn: context) }
        guard let time = Timestamp(iso8601: text) else {
            throw .usage(.invalidValue(option: "--at", value: text, allowed: ["2026-11-21T23:40:00+01:00"]))
        }
        return time
    }
}

/// `signaal indicators [--format text|markdown|json]`: the catalogue, rendered from the data.
enum IndicatorsCommand {
    static let spec = CommandSpec(
        name: "indicators",
        options: [
            OptionSpec(
                "format", short: "f", value: "text|markdown|json", allowed: ["text", "markdown", "json"], help: "option.format")
        ])

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
        let renderer = CatalogRenderer(knowledge: context.knowledge, language: context.language)
        switch context.arguments.value("format") ?? "text" {
        case "markdown": context.console.out(renderer.markdown())
        case "json": context.console.out(renderer.json().serialized(pretty: true) + "\n")
        default: context.console.out(renderer.text())
        }
        return .success
    }
}

/// `signaal knowledge [--format json]`: the texts behind the ids of compact records, once.
enum KnowledgeCommand {
    static let spec = CommandSpec(
        name: "knowledge",
        options: [OptionSpec("format", short: "f", value: "json", allowed: ["json"], help: "option.format")])

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
        context.console.out(KnowledgeRenderer(knowledge: context.knowledge, language: context.language).json())
        return .success
    }
}

/// `signaal schema`: the JSON Schema of the case format.
enum SchemaCommand {
    static let spec = CommandSpec(name: "schema")

    static func run(_ context: CommandContext) throws(CommandFailure) -> ExitCode {
        guard let schema = context.knowledge.files["schema/case.schema.json"] else {
            context.console.err("signaal: internal error: schema missing\n")
            return .software
        }
        context.console.out(schema.hasSuffix("\n") ? schema : schema + "\n")
        return .success
    }
}
