import SignalModel

/// One option a command accepts.
public struct OptionSpec: Sendable, Equatable {
    /// Long name without dashes (`format`).
    public var name: String
    /// One-letter alias, if any (`f`).
    public var short: Character?
    /// The value's placeholder (`FORMAT`); nil for a flag.
    public var valueName: String?
    /// Allowed values, when the value is an enumeration.
    public var allowed: [String]?
    /// Key of the help text in strings/*.json.
    public var helpKey: String
    /// The option may be given more than once (`--done a --done b`); every value is kept in order.
    public var repeatable: Bool

    public init(
        _ name: String, short: Character? = nil, value: String? = nil, allowed: [String]? = nil, help: String, repeatable: Bool = false
    ) {
        self.name = name
        self.short = short
        self.valueName = value
        self.allowed = allowed
        self.helpKey = help
        self.repeatable = repeatable
    }

    public var isFlag: Bool { valueName == nil }
}

/// A command's shape: its options and positional arguments. The single source for parsing,
/// `--help`, the man page and shell completions.
public struct CommandSpec: Sendable, Equatable {
    public var name: String
    /// Positional placeholders, e.g. `["[FILE|-]"]`.
    public var positionals: [String]
    /// The most positional arguments accepted.
    public var maximumPositionals: Int
    public var options: [OptionSpec]
    /// Subcommands (for `scenario`), if any.
    public var subcommands: [CommandSpec]
    /// Keys of summary and examples in strings/*.json: `help.<name>.summary`, `help.<name>.examples`.
    public var helpPrefix: String

    public init(
        name: String, positionals: [String] = [], maximumPositionals: Int = 0, options: [OptionSpec] = [],
        subcommands: [CommandSpec] = [], helpPrefix: String? = nil
    ) {
        self.name = name
        self.positionals = positionals
        self.maximumPositionals = maximumPositionals
        self.options = options + CommandSpec.commonOptions
        self.subcommands = subcommands
        self.helpPrefix = helpPrefix ?? "help." + name
    }

    /// Options every command takes; `Signaal.run` reads them (`--help`, and `--lang` before parsing).
    public static let commonOptions: [OptionSpec] = [OptionSpec.lang, OptionSpec.help]
}

extension OptionSpec {
    /// `--lang nl|en`: every command's language (`Signaal.language`).
    static let lang = OptionSpec("lang", value: "nl|en", allowed: ["nl", "en"], help: "option.lang")
    /// `--help`: every command's help (`Signaal.run`).
    static let help = OptionSpec("help", short: "h", help: "option.help")

    /// An option whose values are the cases of `type`, shown as `a|b|c`.
    static func choice<Choice: CaseIterable & RawRepresentable>(
        _ name: String, short: Character? = nil, of type: Choice.Type, help: String
    ) -> OptionSpec where Choice.RawValue == String {
        let allowed = Choice.allCases.map(\.rawValue)
        return OptionSpec(name, short: short, value: allowed.joined(separator: "|"), allowed: allowed, help: help)
    }
}

/// What was on the command line for one command. The options are read only through an
/// `OptionReader`, by their specs, into the command's typed options (`CommandOptions`).
public struct ParsedArguments: Sendable, Equatable {
    fileprivate var values: [String: String] = [:]
    fileprivate var flags: Set<String> = []
    public var positionals: [String] = []
    /// Every value of a repeatable option, in command-line order.
    fileprivate var repeated: [String: [String]] = [:]

    /// The names of the options given: those with a value, then the flags, each sorted.
    public var givenOptions: [String] { values.keys.sorted() + flags.sorted() }
}

/// Reads options from what the parser found, by their specs (never by a name typed a second time),
/// and notes which it read and which values no Swift type took, for `CommandOptionsTests`.
struct OptionReader {
    private let arguments: ParsedArguments
    /// The names of the options read, in order.
    private(set) var read: [String] = []
    /// `--name value` pairs that the spec allows but the option's Swift type does not take (`choice`).
    var untyped: [String] = []

    init(_ arguments: ParsedArguments) { self.arguments = arguments }

    /// The value of an option with a value (the last one given), nil when not given.
    mutating func value(_ option: OptionSpec) -> String? {
        read.append(option.name)
        return arguments.values[option.name]
    }

    /// Whether a flag was given.
    mutating func flag(_ option: OptionSpec) -> Bool {
        read.append(option.name)
        return arguments.flags.contains(option.name)
    }

    /// Every value given for a repeatable option, in order (empty when not given).
    mutating func all(_ option: OptionSpec) -> [String] {
        read.append(option.name)
        return arguments.repeated[option.name] ?? []
    }
}

/// A command-line mistake. Reported with a "did you mean" where one fits; exit code 64.
public enum UsageError: Error, Sendable, Equatable {
    case unknownCommand(String, suggestion: String?)
    case unknownOption(String, command: String, suggestion: String?)
    case missingValue(option: String)
    case invalidValue(option: String, value: String, allowed: [String])
    case unexpectedArgument(String, command: String)
    case missingArgument(String, command: String)
    case flagWithValue(option: String)
    /// `--done STEP` with a step id the routing table does not know: the closest id, and the step ids
    /// of the case's route for this reader now (the ones to choose from).
    case unknownStep(String, suggestion: String?, route: [String])
    /// Two options that do not go together (`--case` with `--resume`).
    case conflict(option: String, with: String)
    /// An option that works only with another (`--done` without `--case`, `--case` without `--role`).
    case needs(option: String, needed: String)
}

/// A strict, small argument parser: `--name value`, `--name=value`, `-x value`, flags, `--` ends
/// options, and a lone `-` is a positional (stdin/stdout).
public enum ArgumentParser {
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var index = 0
        var optionsEnded = false
        func option(named name: String) -> OptionSpec? { spec.options.first { $0.name == name } }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                guard result.positionals.count < spec.maximumPositionals else {
                    throw .unexpectedArgument(argument, command: spec.name)
                }
                result.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name: String
            var inlineValue: String?
            if argument.hasPrefix("--") {
                name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
            } else {
                let letter = argument.dropFirst()
                guard letter.count == 1, let spec = spec.options.first(where: { $0.short == letter.first }) else {
                    throw .unknownOption(argument, command: spec.name, suggestion: nil)
                }
                name = spec.name
            }
            guard let found = option(named: name) else {
                let suggestion = Suggest.closest(to: name, in: spec.options.map(\.name)).map { "--" + $0 }
                throw .unknownOption(argument, command: spec.name, suggestion: suggestion)
            }
            if found.isFlag {
                if inlineValue != nil { throw .flagWithValue(option: "--" + name) }
                result.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw .missingValue(option: "--" + name) }
                value = arguments[index]
                index += 1
            }
            if let allowed = found.allowed, !allowed.contains(value) {
                throw .invalidValue(option: "--" + name, value: value, allowed: allowed)
            }
            result.values[name] = value
            if found.repeatable { result.repeated[name, default: []].append(value) }
        }
        return result
    }
}
