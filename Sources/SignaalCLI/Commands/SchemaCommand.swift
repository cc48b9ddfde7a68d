import SignalModel

/// `signaal schema`: the JSON Schema of the case format.
enum SchemaCommand {
    static let spec = CommandSpec(name: "schema")

    static func run(_ context: CommandContext, _ options: NoOptions) throws(CommandFailure) -> ExitCode {
        guard let schema = context.knowledge.files["schema/case.schema.json"] else {
            context.console.err("signaal: internal error: schema missing\n")
            return .software
        }
        context.console.out(schema.hasSuffix("\n") ? schema : schema + "\n")
        return .success
    }
}
