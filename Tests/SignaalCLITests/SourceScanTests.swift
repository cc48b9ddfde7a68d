import Foundation
import Testing

/// Swift source with comments removed; string literals are kept (a `//` inside a string is not a
/// comment). Enough Swift lexing for a scan: line and nested block comments, "…", """…""", #"…"#.
enum SwiftCode {
    static func withoutComments(_ source: String) -> String {
        let scalars = Array(source.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        func peek(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "/", peek(1) == "/" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
                continue
            }
            if scalar == "/", peek(1) == "*" {
                var depth = 0
                repeat {
                    if scalars[index] == "/", peek(1) == "*" {
                        depth += 1
                        index += 2
                    } else if scalars[index] == "*", peek(1) == "/" {
                        depth -= 1
                        index += 2
                    } else {
                        if scalars[index] == "\n" { output.append("\n") }
                        index += 1
                    }
                } while depth > 0 && index < scalars.count
                output.append(" ")
                continue
            }
            if scalar == "#" || scalar == "\"" {
                var hashes = 0
                while peek(hashes) == "#" { hashes += 1 }
                guard peek(hashes) == "\"" else {
                    output.append(scalar)
                    index += 1
                    continue
                }
                let multiline = peek(hashes + 1) == "\"" && peek(hashes + 2) == "\""
                let quotes = multiline ? 3 : 1
                for offset in 0..<(hashes + quotes) { output.append(scalars[index + offset]) }
                index += hashes + quotes
                // Copy up to the closing quote(s) followed by the same number of #.
                while index < scalars.count {
                    if hashes == 0, scalars[index] == "\\", index + 1 < scalars.count {
                        output.append(scalars[index])
                        output.append(scalars[index + 1])
                        index += 2
                        continue
                    }
                    let closes = (0..<quotes).allSatisfy { peek($0) == "\"" } && (0..<hashes).allSatisfy { peek(quotes + $0) == "#" }
                    if closes {
                        for offset in 0..<(quotes + hashes) { output.append(scalars[index + offset]) }
                        index += quotes + hashes
                        break
                    }
                    output.append(scalars[index])
                    index += 1
                }
                continue
            }
            output.append(scalar)
            index += 1
        }
        return String(output)
    }

    /// Every `.swift` file under `folder`, relative path → text.
    static func files(under folder: String) throws -> [(path: String, text: String)] {
        let root = Binary.root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var result: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = folder + String(url.path.dropFirst(root.path.count))
            result.append((relative, try String(contentsOf: url, encoding: .utf8)))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// `path:line: match` for every match of `pattern` in the comment-free code of `files`.
    static func findings(_ pattern: String, in files: [(path: String, text: String)]) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        var found: [String] = []
        for file in files {
            let lines = withoutComments(file.text).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() {
                let range = NSRange(line.startIndex..., in: line)
                if regex.firstMatch(in: line, range: range) != nil {
                    found.append("\(file.path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        return found
    }
}

@Suite("Source scans: a deterministic library, no network anywhere")
struct SourceScanTests {
    /// What the library must not touch: the clock, randomness, the locale, the process's environment,
    /// files and the terminal. The executable passes such things in (STYLE §1, §10).
    static let libraryForbidden: [(what: String, pattern: String)] = [
        ("the clock (Date)", #"\bDate\s*\("#),
        ("the clock (Date.now)", #"\bDate\.now\b"#),
        ("a clock", #"\b(ContinuousClock|SuspendingClock|clock_gettime|gettimeofday|CFAbsoluteTimeGetCurrent)\b"#),
        ("the time zone or calendar", #"\b(TimeZone|Calendar)\b"#),
        ("a random source", #"\b(random|arc4random\w*|drand48|RandomNumberGenerator|SystemRandomNumberGenerator)\b|\.random\w*\(|\.shuffle(d)?\("#),
        ("the locale", #"\b(Locale|setlocale|NSLocale)\b"#),
        ("the process (ProcessInfo)", #"\bProcessInfo\b"#),
        ("the environment", #"\b(getenv|setenv|environ|CommandLine)\b"#),
        ("the file system", #"\b(FileManager|FileHandle|fopen|fread|fwrite|contentsOfFile)\b|\b(Data|String|NSData|NSString)\s*\(\s*contentsOf"#),
        ("the terminal", #"\b(print|debugPrint|readLine|dump)\s*\("#),
        ("process exit", #"\b(exit|abort)\s*\("#),
    ]

    @Test("the library reads no clock, random source, locale, environment or files, and never prints")
    func libraryIsPure() throws {
        let files = try SwiftCode.files(under: "Sources/SignalModel")
        #expect(files.count > 10)
        for rule in Self.libraryForbidden {
            let found = try SwiftCode.findings(rule.pattern, in: files)
            #expect(found.isEmpty, "Sources/SignalModel uses \(rule.what):\n\(found.joined(separator: "\n"))")
        }
    }

    @Test("the shipped executable imports no Foundation: it stays a few MB and starts like /bin/true")
    func executableWithoutFoundation() throws {
        // `make` links signaal fully statically; one `import Foundation` in SignaalCLI or signaal
        // pulls Foundation and its ICU data back in (76 MB, ~10 ms more at every start). Use libc
        // through `System` (Sources/SignaalCLI/System.swift) instead. The plugin's tool may use it.
        let files = try SwiftCode.files(under: "Sources/SignaalCLI") + SwiftCode.files(under: "Sources/signaal")
        #expect(files.count > 5)
        let found = try SwiftCode.findings(#"^\s*(@\w+\s+)*import\s+(Foundation\w*|CoreFoundation)\b"#, in: files)
        #expect(found.isEmpty, "Foundation in the executable (use System.swift / libc):\n\(found.joined(separator: "\n"))")
        #expect(try SwiftCode.findings(#"^\s*(@\w+\s+)*import\s+(Foundation\w*|CoreFoundation)\b"#, in: [("z.swift", "import Glibc\nimport Foundation")]).count == 1)
    }

    /// Network APIs and the system calls under them.
    static let network =
        #"\b(URLSession\w*|URLRequest|NSURLConnection|NWConnection|NWListener|NWBrowser|CFSocket\w*|CFStream\w*|getaddrinfo|gethostbyname)\b"#
        + #"|\b(socket|connect|sendto|recvfrom|bind|listen)\s*\(|import\s+(Network|FoundationNetworking)\b|InputStream\(url"#

    @Test("no source file uses the network: no URLSession, sockets or name lookups")
    func noNetwork() throws {
        let files = try SwiftCode.files(under: "Sources") + SwiftCode.files(under: "Plugins")
        #expect(files.count > 10)
        let found = try SwiftCode.findings(Self.network, in: files)
        #expect(found.isEmpty, "network use:\n\(found.joined(separator: "\n"))")
    }

    @Test("signal handling is in one file: no handler, signal mask or unguarded global elsewhere (issue 23)")
    func signalsInOnePlace() throws {
        let files = try SwiftCode.files(under: "Sources")
        #expect(files.count > 10)
        let home = "Sources/SignaalCLI/Signals.swift"
        #expect(files.contains { $0.path.hasSuffix(home) }, "\(home) is gone")
        let elsewhere = files.filter { !$0.path.hasSuffix(home) }
        let calls = try SwiftCode.findings(#"(?<![.\w])(signal|sigaction|sigprocmask|pthread_sigmask|raise|pthread_kill)\s*\("#, in: elsewhere)
        #expect(calls.isEmpty, "signal handling outside \(home):\n\(calls.joined(separator: "\n"))")
        let globals = try SwiftCode.findings(#"nonisolated\(unsafe\)"#, in: files)
        #expect(globals.isEmpty, "a global a handler could race on:\n\(globals.joined(separator: "\n"))")
        // The scan can fail: a handler installed in a command file is found.
        #expect(try SwiftCode.findings(#"(?<![.\w])(signal|sigaction)\s*\("#, in: [("c.swift", "signal(SIGINT) { _ in _exit(130) }\nfree.signal()")]).count == 1)
    }

    /// A platform condition (`#if canImport(…)`, `#if os(…)`) in the code.
    static let platformBranch = #"^\s*#(if|elseif)\b.*\b(canImport|os)\s*\("#
    /// An import of the C library (Glibc on Linux, Darwin or Musl elsewhere).
    static let libcImport = #"^\s*(@\w+\s+)*import\s+(Glibc|Darwin|Musl)\b"#

    @Test("platform calls: no never-compiled platform branch; in the library, libc only for LineSplitter's memchr (issue 23)")
    func platformInOnePlace() throws {
        // The project builds on Linux only (the executable imports Glibc through System.swift and its
        // neighbours); a `#elseif canImport(Darwin)` branch is code no build and no test ever compiles.
        let sources = try SwiftCode.files(under: "Sources") + SwiftCode.files(under: "Tests") + SwiftCode.files(under: "Plugins")
        #expect(sources.count > 50)
        let branches = try SwiftCode.findings(Self.platformBranch, in: sources)
        #expect(branches.isEmpty, "platform branches no build compiles:\n\(branches.joined(separator: "\n"))")
        let library = try SwiftCode.files(under: "Sources/SignalModel")
        let home = "Sources/SignalModel/Batch/LineSplitter.swift"
        let imports = try SwiftCode.findings(Self.libcImport, in: library)
        #expect(imports.map { String($0.prefix { $0 != ":" }) } == [home], "libc in the library outside \(home):\n\(imports.joined(separator: "\n"))")
        // The scans can fail.
        #expect(try SwiftCode.findings(Self.platformBranch, in: [("p.swift", "#if canImport(Glibc)\nimport Glibc\n#elseif canImport(Darwin)\n#endif\n#if DEBUG\n")]).count == 2)
        #expect(try SwiftCode.findings(Self.libcImport, in: [("p.swift", "    import Darwin\n@preconcurrency import Glibc\nimport GlibcX")]).count == 2)
    }

    /// `Name`'s type declarations in `files` (`enum`/`struct` ending in `suffix`): name → file.
    static func declarations(ending suffix: String, in files: [(path: String, text: String)]) throws -> [String: [String]] {
        let regex = try NSRegularExpression(pattern: #"^(?:public |package )?(?:enum|struct) (\w+"# + suffix + #")\b"#, options: .anchorsMatchLines)
        var found: [String: [String]] = [:]
        for file in files {
            let code = SwiftCode.withoutComments(file.text)
            for match in regex.matches(in: code, range: NSRange(code.startIndex..., in: code)) {
                if let range = Range(match.range(at: 1), in: code) { found[String(code[range]), default: []].append(file.path) }
            }
        }
        return found
    }

    @Test("rooms named for what they hold: each command in its own file named for it, its options beside it (issue 23)")
    func commandRooms() throws {
        let files = try SwiftCode.files(under: "Sources/SignaalCLI")
        let commands = try Self.declarations(ending: "Command", in: files)
        #expect(commands.count >= 9)
        for (name, paths) in commands.sorted(by: { $0.key < $1.key }) {
            #expect(paths == ["Sources/SignaalCLI/Commands/\(name).swift"], "\(name) is declared in \(paths)")
        }
        for (name, paths) in try Self.declarations(ending: "Options", in: files) {
            let command = name.dropLast("Options".count) + "Command"
            guard commands[String(command)] != nil else { continue }
            #expect(paths == ["Sources/SignaalCLI/Commands/\(command).swift"], "\(name) is declared in \(paths), not beside \(command)")
        }
        // The scan can fail: two commands in one file.
        let two = try Self.declarations(ending: "Command", in: [("Sources/SignaalCLI/Commands/ScoreCommand.swift", "enum ScoreCommand {}\n/// x\nenum SchemaCommand {\n}")])
        #expect(two["SchemaCommand"] == ["Sources/SignaalCLI/Commands/ScoreCommand.swift"] && two.count == 2)
    }

    @Test("the scanner ignores comments but not code next to them")
    func scannerWorks() throws {
        let source = """
            // Date() in a comment
            /* print( in a /* nested */ block */ let a = 1
            let url = "https://example.org" // Locale here is a comment
            let b = #"raw "// not a comment" Date("#
            let now = Date()
            """
        let stripped = SwiftCode.withoutComments(source)
        #expect(!stripped.contains("in a comment"))
        #expect(!stripped.contains("nested"))
        #expect(stripped.contains("let a = 1"))
        #expect(stripped.contains("\"https://example.org\""))
        #expect(!stripped.contains("Locale here"))
        #expect(stripped.contains("let now = Date()"))
        let found = try SwiftCode.findings(#"\bDate\s*\("#, in: [("x.swift", source)])
        #expect(found == [##"x.swift:4: let b = #"raw "// not a comment" Date("#"##, "x.swift:5: let now = Date()"])
        #expect(try SwiftCode.findings(Self.network, in: [("y.swift", "let s = URLSession.shared\nlet fd = socket(AF_INET, 1, 0)")]).count == 2)
    }
}
