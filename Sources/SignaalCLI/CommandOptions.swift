import SignalModel

/// A command's options as Swift values, read once from its command line before the command runs
/// (`Signaal.Command`). Each option's spec sits beside the field that holds it, so an option's name is
/// written once, and a misspelled option or a wrong type is a compile error; `CommandOptionsTests`
/// checks that the typed options read every option of the command's spec and no other.
protocol CommandOptions {
    /// Reads every option of the command's spec (values are checked where the command asks: `Checked`).
    init(_ read: inout OptionReader, knowledge: Knowledge)
}

/// No options besides `--lang` and `--help`.
struct NoOptions: CommandOptions {
    init(_ read: inout OptionReader, knowledge: Knowledge) {}
}

/// An option's value converted when the options are read. A value that does not convert keeps its
/// usage error, thrown when the command asks for the value: the command keeps the order of its
/// checks, so a command line with several mistakes is told about the same one first as before.
enum Checked<Value> {
    case valid(Value)
    case invalid(UsageError)

    /// The value, or the usage error (exit 64).
    func get() throws(CommandFailure) -> Value {
        switch self {
        case .valid(let value): return value
        case .invalid(let error): throw .usage(error)
        }
    }
}

extension OptionReader {
    /// The value of an enumerated option as its Swift type (the parser has checked it against the
    /// spec's allowed values), nil when not given.
    mutating func choice<Choice: RawRepresentable>(_ option: OptionSpec, as type: Choice.Type) -> Choice?
    where Choice.RawValue == String {
        guard let text = value(option) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            untyped.append("--\(option.name) \(text)")
            return nil
        }
        return choice
    }

    /// The value converted by `convert`, or the usage error naming `allowed` when it does not
    /// convert; nil when not given. Neither is called when the option is not given.
    mutating func checked<Value>(
        _ option: OptionSpec, _ convert: (String) -> Value?, allowed: @autoclosure () -> [String]
    ) -> Checked<Value>? {
        guard let text = value(option) else { return nil }
        if let converted = convert(text) { return .valid(converted) }
        return .invalid(.invalidValue(option: "--" + option.name, value: text, allowed: allowed()))
    }

    /// A region id of the contacts directory (`--region`); the directory is read only when one is given.
    mutating func region(_ option: OptionSpec, knowledge: Knowledge) -> Checked<String>? {
        checked(option, { text in knowledge.contacts.region(text) == nil ? nil : text }, allowed: knowledge.contacts.regions.map(\.id))
    }

    /// A moment with its UTC offset (`--at 2026-11-21T23:40:00+01:00`).
    mutating func time(_ option: OptionSpec) -> Checked<Timestamp>? {
        checked(option, Timestamp.init(iso8601:), allowed: ["2026-11-21T23:40:00+01:00"])
    }
}

/// `text|json`: what `score` and `contacts` print.
enum OutputFormat: String, CaseIterable, Sendable {
    case text, json
}
