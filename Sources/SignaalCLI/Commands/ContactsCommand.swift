import SignalModel

/// The options of `contacts` (the same `--region` and `--format` as `score`).
struct ContactsOptions: CommandOptions {
    static let region = ScoreOptions.region
    static let format = ScoreOptions.format

    /// `--region`: that region only, without the national contacts.
    var region: Checked<String>?
    var format: OutputFormat?

    init(_ read: inout OptionReader, knowledge: Knowledge) {
        region = read.region(Self.region, knowledge: knowledge)
        format = read.choice(Self.format, as: OutputFormat.self)
    }
}

/// `signaal contacts [--region NAME] [--format text|json]`: the contacts directory from the seeds,
/// each number with its source and the date of that source.
enum ContactsCommand {
    static let spec = CommandSpec(name: "contacts", options: [ContactsOptions.region, ContactsOptions.format])

    static func run(_ context: CommandContext, _ options: ContactsOptions) throws(CommandFailure) -> ExitCode {
        let directory = context.knowledge.contacts
        let language = context.language
        var regions = directory.regions
        if let region = try options.region?.get() {
            regions = regions.filter { $0.id == region }
        }
        func sources(_ citations: [Citation]) -> String { citations.map(\.shortReference).joined(separator: "; ") }
        func asOf(_ contact: Contact) -> String { contact.asOf == "unknown" ? context.t("contact.as_of_unknown") : contact.asOf }
        if options.format == .json {
            let json = JSONOutput.object([
                (
                    "contacts",
                    .array(
                        directory.contacts.map { contact in
                            .object([
                                ("id", .string(contact.id)), ("name", .string(contact.name[language])),
                                ("phone", .optional(contact.phone)), ("via", .optional(contact.via)),
                                ("hours", .string(contact.hours[language])), ("asOf", .string(contact.asOf)),
                                ("sources", .array(contact.citations.map { .string($0.shortReference) })),
                            ])
                        })
                ),
                (
                    "regions",
                    .array(
                        regions.map { region in
                            .object([
                                ("id", .string(region.id)), ("name", .string(region.name)),
                                ("rvdkLocation", .string(region.rvdkLocation)), ("rvdkPhone", .string(region.rvdkPhone)),
                                ("sources", .array(region.citations.map { .string($0.shortReference) })),
                            ])
                        })
                ),
            ])
            context.console.out(json.serialized(pretty: true) + "\n")
            return .success
        }
        var lines = [context.t("contacts.title"), ""]
        if options.region == nil {
            for contact in directory.contacts {
                var line = "  " + contact.name[language]
                if let phone = contact.phone {
                    line += " — " + phone
                } else if let via = contact.via.flatMap(directory.contact) {
                    line += " — " + context.t("contact.via", ["via": via.name[language]])
                }
                lines.append(line)
                lines.append("    " + contact.hours[language])
                lines.append("    " + context.t("contacts.source", ["source": sources(contact.citations), "asOf": asOf(contact)]))
            }
            lines.append("")
        }
        lines.append(context.t("contacts.regions"))
        for region in regions {
            lines.append(
                "  " + context.t(
                    "contacts.region_line",
                    ["id": region.id, "name": region.name, "location": region.rvdkLocation, "phone": region.rvdkPhone]))
        }
        context.console.out(lines.joined(separator: "\n") + "\n")
        return .success
    }
}
