import SignalKnowledge
import SignalModel
import Testing

@testable import SignaalCLI

/// Issue 23: every command reads its options once into a typed value (`CommandOptions`), by the
/// specs the parser, `--help`, the man page and the completions use. These tests keep the two in step.
@Suite("Typed options: each command's spec and its options type agree")
struct CommandOptionsTests {
    static let knowledge = Knowledge.bundled

    /// A command line that gives every option of `spec` (`value` for one enumerated option).
    static func everyOption(of spec: CommandSpec, choosing value: (name: String, value: String)? = nil) -> [String] {
        spec.options.filter { $0 != OptionSpec.help }.flatMap { option -> [String] in
            guard let placeholder = option.valueName else { return ["--" + option.name] }
            let chosen = value?.name == option.name ? value!.value : option.allowed?.first ?? placeholder
            return ["--" + option.name, chosen]
        }
    }

    /// What is wrong between a spec and an options type: options of the spec that the type does not
    /// read, options it reads that the spec does not have, and allowed values its Swift types do not take.
    static func disagreements(_ spec: CommandSpec, _ options: any CommandOptions.Type) throws -> [String] {
        var reader = OptionReader(try ArgumentParser.parse(everyOption(of: spec), spec: spec))
        _ = options.init(&reader, knowledge: knowledge)
        let specNames = Set(spec.options.map(\.name))
        // `--help` and `--lang` are read by `Signaal.run` for every command; a command may read them too.
        let common = Set(CommandSpec.commonOptions.map(\.name))
        var problems = specNames.subtracting(common).subtracting(reader.read).sorted().map { "\(spec.name): --\($0) is read by no field" }
        problems += Set(reader.read).subtracting(specNames).sorted().map { "\(spec.name): --\($0) is read but not in the spec" }
        if reader.read.count != Set(reader.read).count { problems.append("\(spec.name): an option is read twice: \(reader.read)") }
        for option in spec.options where option != OptionSpec.lang {
            for value in option.allowed ?? [] {
                var reader = OptionReader(try ArgumentParser.parse(everyOption(of: spec, choosing: (option.name, value)), spec: spec))
                _ = options.init(&reader, knowledge: knowledge)
                problems += reader.untyped.map { "\(spec.name): \($0) is allowed by the spec but not by its Swift type" }
            }
        }
        return problems
    }

    @Test("every option of every command's spec is read by its typed options, and nothing else is")
    func specsAndTypesAgree() throws {
        let commands = Signaal.commands
        #expect(commands.count == Signaal.specs.count && commands.count >= 9)
        for command in commands {
            let problems = try Self.disagreements(command.spec, command.options)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
        // `scenario`'s subcommands take options of the command's own spec only.
        let scenario = try #require(commands.first { $0.spec.name == "scenario" }).spec
        for subcommand in scenario.subcommands {
            #expect(subcommand.options.allSatisfy(scenario.options.contains), "scenario \(subcommand.name)")
        }
    }

    /// Reads `--format` as a type without `json`, leaves `--force` unread and reads `--jobs`, which is not in the spec.
    struct Mismatched: CommandOptions {
        enum Format: String { case text }
        init(_ read: inout OptionReader, knowledge: Knowledge) {
            _ = read.choice(ScoreOptions.format, as: Format.self)
            _ = read.value(ScoreOptions.jobs)
        }
    }

    @Test("the check finds an option no field reads, a field whose option is not in the spec, and a value the type does not take")
    func checkCanFail() throws {
        let spec = CommandSpec(name: "demo", options: [ScoreOptions.format, ScoreOptions.force])
        #expect(
            try Self.disagreements(spec, Mismatched.self) == [
                "demo: --force is read by no field", "demo: --jobs is read but not in the spec",
                "demo: --format json is allowed by the spec but not by its Swift type",
            ])
        #expect(try Self.disagreements(spec, NoOptions.self) == ["demo: --force is read by no field", "demo: --format is read by no field"])
    }

    @Test("options are parsed once into Swift values; a value that does not convert keeps the usage error it had")
    func typedValues() throws {
        func score(_ arguments: [String]) throws -> ScoreOptions {
            var reader = OptionReader(try ArgumentParser.parse(arguments, spec: ScoreCommand.spec))
            return ScoreOptions(&reader, knowledge: Self.knowledge)
        }
        let given = try score(["--format", "json", "--records", "compact", "-j", "2", "--batch", "--at", "2026-11-21T23:40:00+01:00"])
        #expect(given.format == .json && given.records == .compact && given.batch && !given.force && !given.summary)
        #expect(try given.jobs?.get() == 2)
        #expect(try given.at?.get() == Timestamp(iso8601: "2026-11-21T23:40:00+01:00"))
        let none = try score([])
        #expect(none.format == nil && none.records == nil && none.jobs == nil && none.at == nil && none.region == nil && none.report == nil)
        /// The usage error a checked value keeps, nil when it converts.
        func usageError<Value>(_ checked: Checked<Value>?) -> UsageError? {
            do throws(CommandFailure) {
                _ = try checked?.get()
                return nil
            } catch {
                guard case .usage(let usage) = error else { return nil }
                return usage
            }
        }
        for jobs in ["0", "+2", "65", "x", "", "1x"] {
            #expect(usageError(try score(["--jobs", jobs]).jobs) == .invalidValue(option: "--jobs", value: jobs, allowed: ["1", "2", "…", "64"]))
        }
        #expect(usageError(try score(["--jobs", "64"]).jobs) == nil)
        let regions = Self.knowledge.contacts.regions.map(\.id)
        #expect(usageError(try score(["--region", "nosuch"]).region) == .invalidValue(option: "--region", value: "nosuch", allowed: regions))
        #expect(try score(["--region", regions[0]]).region?.get() == regions[0])
        #expect(usageError(try score(["--at", "tomorrow"]).at) == .invalidValue(option: "--at", value: "tomorrow", allowed: ["2026-11-21T23:40:00+01:00"]))
        var reader = OptionReader(try ArgumentParser.parse(["--done", "a", "--done", "b", "--role", "zsm", "--lang", "nl"], spec: TriageCommand.spec))
        let triage = TriageOptions(&reader, knowledge: Self.knowledge)
        #expect(triage.done == ["a", "b"] && triage.role == .zsm && triage.languageGiven && triage.caseFile == nil)
    }
}
