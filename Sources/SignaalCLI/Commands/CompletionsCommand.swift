import SignalModel

/// Shell completion scripts for bash, zsh and fish, generated from the command specs and the data:
/// commands, subcommands, options, enumerated option values, file arguments, the bundled scenario
/// ids where a command takes an `ID` and the region ids after `--region`. Nothing is listed by hand.
public struct Completions {
    /// The shells a script can be generated for.
    public enum Shell: String, CaseIterable, Sendable {
        case bash, zsh, fish
    }

    /// Where the texts come from.
    public let knowledge: Knowledge
    /// The language of the descriptions zsh and fish show.
    public let language: Language
    /// The registered commands (`Signaal.specs`); a parameter so tests can pass others.
    public let specs: [CommandSpec]

    /// Renders for `specs`, or for the registered commands when nil.
    public init(knowledge: Knowledge, language: Language, specs: [CommandSpec]? = nil) {
        self.knowledge = knowledge
        self.language = language
        self.specs = specs ?? Signaal.specs
    }

    private func t(_ key: String) -> String {
        knowledge.texts.text(key, language).split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The script for `shell`.
    public func script(for shell: Shell) -> String {
        switch shell {
        case .bash: bash()
        case .zsh: zsh()
        case .fish: fish()
        }
    }

    // MARK: - What completes where

    /// What an option's value or a positional argument completes to.
    enum Values: Equatable {
        case words([String])
        case files
        /// Free text (a time, an id): nothing to offer, the placeholder is shown where the shell can.
        case free(String)
    }

    /// One point on the command line: after `signaal` (key `""`), after `signaal score` (key
    /// `"score"`), after `signaal scenario play`, or after `signaal help scenario`.
    struct Node {
        var key: String
        var options: [OptionSpec]
        /// Words that may come next, with descriptions: subcommands, command names, enumerated values.
        var words: [(name: String, summary: String)]
        /// The next positional argument is a file (besides any `words`).
        var files: Bool
    }

    /// The bundled scenario ids: what an `ID` argument completes to.
    var scenarioIDs: [String] {
        ((try? Scenario.bundled(in: knowledge)) ?? []).map(\.id)
    }

    /// What an option's value completes to, with the data: region ids after `--region`, route step
    /// ids after `--done`.
    func optionValues(_ option: OptionSpec) -> Values {
        if option.name == "region" && option.allowed == nil { return .words(knowledge.contacts.regions.map(\.id)) }
        if option.name == "done" { return .words(Array(Set(knowledge.routing.rules.flatMap { $0.steps.map(\.id) })).sorted()) }
        return Self.values(of: option)
    }

    /// How a positional placeholder completes: `[FILE|-]` to files, `[COMMAND]` to command names,
    /// `bash|zsh|fish` to those words.
    static func values(ofPositional placeholder: String) -> Values? {
        let bare = placeholder.filter { !"[]. ".contains($0) }
        if bare.hasPrefix("COMMAND") { return nil }
        if ["FILE", "PATH", "DIR"].contains(where: bare.contains) { return .files }
        let words = bare.split(separator: "|").map(String.init)
        if !words.isEmpty, words.allSatisfy({ $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_" } }) {
            return .words(words)
        }
        return .free(placeholder)
    }

    /// What an option's value completes to.
    static func values(of option: OptionSpec) -> Values {
        if let allowed = option.allowed { return .words(allowed) }
        let name = option.valueName ?? ""
        if ["FILE", "PATH", "DIR"].contains(where: name.contains) { return .files }
        return .free(name)
    }

    /// Every point where completion can be, top level first.
    var nodes: [Node] {
        let commands = specs.map { (name: $0.name, summary: t($0.helpPrefix + ".summary")) }
        var nodes = [Node(key: "", options: HelpText.globalOptions, words: commands, files: false)]
        let paths = CommandPath.all(specs)
        for path in paths {
            let spec = path.spec
            let key = path.names.joined(separator: " ")
            var node = Node(key: key, options: spec.options, words: [], files: false)
            if !spec.subcommands.isEmpty {
                node.words = spec.subcommands.map { ($0.name, t($0.helpPrefix + ".summary")) }
                nodes.append(node)
                continue
            }
            guard let first = spec.positionals.first else {
                nodes.append(node)
                continue
            }
            switch Self.values(ofPositional: first) {
            case nil:
                // A COMMAND argument (`help`): command names, then the named command's subcommands.
                node.words = commands
                nodes.append(node)
                for parent in paths where !parent.spec.subcommands.isEmpty {
                    let words = parent.spec.subcommands.map { ($0.name, t($0.helpPrefix + ".summary")) }
                    nodes.append(Node(key: key + " " + parent.names.joined(separator: " "), options: spec.options, words: words, files: false))
                }
                continue
            case .words(let words): node.words = words.map { ($0, "") }
            case .files: node.files = true
            case .free: break
            }
            // `ID` (a scenario): the bundled ids, and files too where `ID|FILE` says so.
            if first.split(separator: "|").contains(where: { $0.filter(\.isLetter) == "ID" }) {
                node.words = scenarioIDs.map { ($0, "") }
            }
            nodes.append(node)
        }
        return nodes
    }

    /// Option spellings: `--format` and, if it has one, `-f`.
    static func spellings(_ option: OptionSpec) -> [String] {
        ["--" + option.name] + (option.short.map { ["-\($0)"] } ?? [])
    }

    // MARK: - bash

    private func bash() -> String {
        let nodes = nodes
        let q = Self.singleQuoted
        var lines = [
            "# bash completion for signaal",
            "# Generated by `signaal completions bash` from the command specs; do not edit.",
            "# Load it with: source <(signaal completions bash)",
            "# or save it as ~/.local/share/bash-completion/completions/signaal",
            "",
            "# _signaal_takes_value NODE OPTION: true when OPTION of command NODE takes a value.",
            "_signaal_takes_value() {",
            "    case \"$1:$2\" in",
        ]
        let valued = nodes.flatMap { node in
            node.options.filter { !$0.isFlag }.map { (node: node, option: $0) }
        }
        let valuedPatterns = valued.flatMap { item in Self.spellings(item.option).map { q(item.node.key + ":" + $0) } }
        if !valuedPatterns.isEmpty { lines.append("        " + valuedPatterns.joined(separator: "|") + ") return 0 ;;") }
        lines += ["    esac", "    return 1", "}", ""]
        lines += [
            "# _signaal_is_node WORDS: true when WORDS name a command or subcommand.",
            "_signaal_is_node() {",
            "    case \"$1\" in",
            "        " + nodes.dropFirst().map { q($0.key) }.joined(separator: "|") + ") return 0 ;;",
            "    esac",
            "    return 1",
            "}",
            "",
            "_signaal_reply_words() { mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\"); }",
            "_signaal_reply_words_files() {",
            "    compopt -o filenames 2>/dev/null",
            "    mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\"; compgen -f -- \"$cur\")",
            "}",
            "_signaal_reply_files() {",
            "    compopt -o filenames 2>/dev/null",
            "    mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")",
            "}",
            "",
            "# _signaal_values NODE OPTION: the values OPTION of command NODE accepts.",
            "_signaal_values() {",
            "    case \"$1:$2\" in",
        ]
        for item in valued {
            let patterns = Self.spellings(item.option).map { q(item.node.key + ":" + $0) }.joined(separator: "|")
            switch optionValues(item.option) {
            case .words(let words): lines.append("        \(patterns)) _signaal_reply_words \(q(words.joined(separator: " "))) ;;")
            case .files: lines.append("        \(patterns)) _signaal_reply_files ;;")
            case .free: continue
            }
        }
        lines += ["    esac", "}", ""]
        lines += [
            "_signaal() {",
            "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"\" node=\"\" next word i skip=0",
            "    COMPREPLY=()",
            "    if (( COMP_CWORD > 0 )); then prev=\"${COMP_WORDS[COMP_CWORD-1]}\"; fi",
            "    # bash splits \"--format=json\" at \"=\": complete the value of the option before it.",
            "    if [[ $cur == \"=\" ]]; then",
            "        cur=\"\"",
            "    elif [[ $prev == \"=\" ]] && (( COMP_CWORD > 1 )); then",
            "        prev=\"${COMP_WORDS[COMP_CWORD-2]}\"",
            "    fi",
            "    # Walk the words before the cursor to the command they name, skipping option values.",
            "    for (( i = 1; i < COMP_CWORD; i++ )); do",
            "        word=\"${COMP_WORDS[i]}\"",
            "        if [[ $word == \"=\" ]]; then skip=1; continue; fi",
            "        if (( skip )); then skip=0; continue; fi",
            "        case \"$word\" in",
            "            -*) if _signaal_takes_value \"$node\" \"$word\"; then skip=1; fi ;;",
            "            *)",
            "                next=\"${node:+$node }$word\"",
            "                if _signaal_is_node \"$next\"; then node=\"$next\"; fi",
            "                ;;",
            "        esac",
            "    done",
            "    if [[ $prev == -* ]] && _signaal_takes_value \"$node\" \"$prev\"; then",
            "        _signaal_values \"$node\" \"$prev\"",
            "        return 0",
            "    fi",
            "    if [[ $cur == -* ]]; then",
            "        case \"$node\" in",
        ]
        for node in nodes {
            let options = node.options.map { "--" + $0.name }.joined(separator: " ")
            lines.append("            \(q(node.key))) _signaal_reply_words \(q(options)) ;;")
        }
        lines += ["        esac", "        return 0", "    fi", "    case \"$node\" in"]
        for node in nodes {
            if !node.words.isEmpty && node.files {
                lines.append("        \(q(node.key))) _signaal_reply_words_files \(q(node.words.map(\.name).joined(separator: " "))) ;;")
            } else if !node.words.isEmpty {
                lines.append("        \(q(node.key))) _signaal_reply_words \(q(node.words.map(\.name).joined(separator: " "))) ;;")
            } else if node.files {
                lines.append("        \(q(node.key))) _signaal_reply_files ;;")
            }
        }
        lines += ["    esac", "    return 0", "}", "", "complete -F _signaal signaal"]
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - zsh

    private func zsh() -> String {
        let nodes = nodes
        let q = Self.singleQuoted
        func described(_ name: String, _ summary: String) -> String {
            q(name.replacing(":", with: "\\:") + (summary.isEmpty ? "" : ":" + summary))
        }
        let valued = nodes.flatMap { node in
            node.options.filter { !$0.isFlag }.map { (node: node, option: $0) }
        }
        var lines = [
            "#compdef signaal",
            "# zsh completion for signaal",
            "# Generated by `signaal completions zsh` from the command specs; do not edit.",
            "# Save it as _signaal in a folder on $fpath (for example ~/.zfunc, with fpath+=(~/.zfunc)",
            "# before compinit in ~/.zshrc), or load it with: source <(signaal completions zsh)",
            "",
            "# _signaal_takes_value NODE OPTION: true when OPTION of command NODE takes a value.",
            "_signaal_takes_value() {",
            "    case \"$1:$2\" in",
        ]
        let valuedPatterns = valued.flatMap { item in Self.spellings(item.option).map { q(item.node.key + ":" + $0) } }
        if !valuedPatterns.isEmpty { lines.append("        (" + valuedPatterns.joined(separator: "|") + ") return 0 ;;") }
        lines += ["    esac", "    return 1", "}", ""]
        lines += [
            "# _signaal_is_node WORDS: true when WORDS name a command or subcommand.",
            "_signaal_is_node() {",
            "    case \"$1\" in",
            "        (" + nodes.dropFirst().map { q($0.key) }.joined(separator: "|") + ") return 0 ;;",
            "    esac",
            "    return 1",
            "}",
            "",
            "# _signaal_values NODE OPTION: the values OPTION of command NODE accepts.",
            "_signaal_values() {",
            "    local -a items",
            "    case \"$1:$2\" in",
        ]
        for item in valued {
            let patterns = Self.spellings(item.option).map { q(item.node.key + ":" + $0) }.joined(separator: "|")
            switch optionValues(item.option) {
            case .words(let words): lines.append("        (\(patterns)) items=(\(words.map { described($0, "") }.joined(separator: " "))); _describe -t values 'value' items ;;")
            case .files: lines.append("        (\(patterns)) _files ;;")
            case .free(let name): lines.append("        (\(patterns)) _message -e values \(q(name)) ;;")
            }
        }
        lines += ["    esac", "}", ""]
        lines += [
            "_signaal() {",
            "    local cur=\"${words[CURRENT]}\" prev=\"${words[CURRENT-1]}\" node=\"\" next word i skip=0",
            "    local -a items",
            "    # Walk the words before the cursor to the command they name, skipping option values.",
            "    for (( i = 2; i < CURRENT; i++ )); do",
            "        word=\"${words[i]}\"",
            "        if (( skip )); then skip=0; continue; fi",
            "        case \"$word\" in",
            "            (-*) _signaal_takes_value \"$node\" \"$word\" && skip=1 ;;",
            "            (*)",
            "                next=\"${node:+$node }$word\"",
            "                _signaal_is_node \"$next\" && node=\"$next\"",
            "                ;;",
            "        esac",
            "    done",
            "    if [[ $cur == --*=* ]]; then",
            "        local option=\"${cur%%=*}\"",
            "        compset -P '*='",
            "        _signaal_values \"$node\" \"$option\"",
            "        return",
            "    fi",
            "    if [[ $prev == -* ]] && _signaal_takes_value \"$node\" \"$prev\"; then",
            "        _signaal_values \"$node\" \"$prev\"",
            "        return",
            "    fi",
            "    if [[ $cur == -* ]]; then",
            "        case \"$node\" in",
        ]
        for node in nodes {
            let items = node.options.flatMap { option in Self.spellings(option).map { described($0, t(option.helpKey)) } }
            lines.append("            (\(q(node.key))) items=(\(items.joined(separator: " "))) ;;")
        }
        lines += ["        esac", "        _describe -t options 'option' items", "        return", "    fi", "    case \"$node\" in"]
        for node in nodes {
            if !node.words.isEmpty {
                let items = node.words.map { described($0.name, $0.summary) }.joined(separator: " ")
                let files = node.files ? "; _files" : ""
                lines.append("        (\(q(node.key))) items=(\(items)); _describe -t commands 'command' items\(files) ;;")
            } else if node.files {
                lines.append("        (\(q(node.key))) _files ;;")
            }
        }
        lines += [
            "    esac",
            "}",
            "",
            "if [[ \"${funcstack[1]}\" == _signaal ]]; then",
            "    _signaal \"$@\"",
            "else",
            "    compdef _signaal signaal",
            "fi",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - fish

    private func fish() -> String {
        let nodes = nodes
        let q = Self.fishQuoted
        let valued = nodes.flatMap { node in
            node.options.filter { !$0.isFlag }.map { (node: node, option: $0) }
        }
        var lines = [
            "# fish completion for signaal",
            "# Generated by `signaal completions fish` from the command specs; do not edit.",
            "# Save it as ~/.config/fish/completions/signaal.fish, or load it with:",
            "#   signaal completions fish | source",
            "",
            "function __signaal_takes_value --argument-names node word",
            "    switch \"$node:$word\"",
        ]
        let valuedPatterns = valued.flatMap { item in Self.spellings(item.option).map { q(item.node.key + ":" + $0) } }
        if !valuedPatterns.isEmpty { lines += ["        case " + valuedPatterns.joined(separator: " "), "            return 0"] }
        lines += [
            "    end",
            "    return 1",
            "end",
            "",
            "function __signaal_node --description 'The signaal command the command line is at'",
            "    set -l tokens (commandline -opc)",
            "    set -e tokens[1]",
            "    set -l node ''",
            "    set -l skip 0",
            "    for word in $tokens",
            "        if test $skip = 1",
            "            set skip 0",
            "            continue",
            "        end",
            "        if string match -q -- '-*' $word",
            "            if __signaal_takes_value \"$node\" $word",
            "                set skip 1",
            "            end",
            "            continue",
            "        end",
            "        set -l next $word",
            "        if test -n \"$node\"",
            "            set next \"$node $word\"",
            "        end",
            "        if contains -- \"$next\" " + nodes.dropFirst().map { q($0.key) }.joined(separator: " "),
            "            set node $next",
            "        end",
            "    end",
            "    echo $node",
            "end",
            "",
            "function __signaal_at --argument-names wanted",
            "    set -l node (__signaal_node)",
            "    test \"$node\" = \"$wanted\"",
            "end",
            "",
            "complete -c signaal -f",
        ]
        for node in nodes {
            let condition = q("__signaal_at " + (node.key.isEmpty ? "''" : "'" + node.key + "'"))
            for word in node.words {
                var line = "complete -c signaal -n \(condition) -a \(q(word.name))"
                if !word.summary.isEmpty { line += " -d \(q(word.summary))" }
                lines.append(line)
            }
            if node.files { lines.append("complete -c signaal -n \(condition) -F") }
            for option in node.options {
                var line = "complete -c signaal -n \(condition)"
                if let short = option.short { line += " -s \(short)" }
                line += " -l \(option.name)"
                if !option.isFlag {
                    switch optionValues(option) {
                    case .words(let words): line += " -x -a \(q(words.joined(separator: " ")))"
                    case .files: line += " -r -F"
                    case .free: line += " -x"
                    }
                }
                line += " -d \(q(t(option.helpKey)))"
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Quoting

    /// `'text'` for bash and zsh: a single quote inside becomes `'\''`.
    static func singleQuoted(_ text: String) -> String {
        "'" + text.replacing("'", with: #"'\''"#) + "'"
    }

    /// `'text'` for fish, where backslash and single quote are escaped inside single quotes.
    static func fishQuoted(_ text: String) -> String {
        "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }
}

/// `signaal completions bash|zsh|fish`: prints the completion script for that shell.
enum CompletionsCommand {
    static let spec = CommandSpec(
        name: "completions", positionals: [Completions.Shell.allCases.map(\.rawValue).joined(separator: "|")], maximumPositionals: 1)

    static func run(_ context: CommandContext, _ options: NoOptions) throws(CommandFailure) -> ExitCode {
        let allowed = Completions.Shell.allCases.map(\.rawValue)
        guard let name = context.arguments.positionals.first else {
            throw .usage(.missingArgument(allowed.joined(separator: "|"), command: spec.name))
        }
        guard let shell = Completions.Shell(rawValue: name) else {
            throw .usage(.invalidValue(option: "SHELL", value: name, allowed: allowed))
        }
        context.console.out(Completions(knowledge: context.knowledge, language: context.language).script(for: shell))
        return .success
    }
}
