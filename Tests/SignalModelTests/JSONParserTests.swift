import Testing

@testable import SignalModel

@Suite("JSON parser")
struct JSONParserTests {
    func problem(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("parses every JSON type and records positions")
    func parsesValues() throws {
        let node = try JSONParser.parse("{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"b\": \"x\\n\\u00e9\\ud83d\\ude00\"\n}")
        guard case .object(let members) = node.value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["a", "b"])
        #expect(members[0].keyPosition == SourcePosition(line: 2, column: 3))
        #expect(members[1].value.position == SourcePosition(line: 3, column: 8))
        #expect(members[1].value.value == .string("x\né😀"))
        guard case .array(let elements) = members[0].value.value else {
            Issue.record("not an array")
            return
        }
        #expect(elements.map(\.value) == [.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null])
    }

    @Test(
        "rejects malformed input with the problem and its position",
        arguments: [
            ("", JSONSyntaxProblem.emptyInput, 1, 1),
            ("   \n ", .emptyInput, 2, 2),
            ("{", .unexpectedEnd, 1, 2),
            ("{\"a\": 1,}", .trailingComma, 1, 8),
            ("[1 2]", .unexpectedCharacter("2"), 1, 4),
            ("{\"a\": 1} x", .trailingContent, 1, 10),
            ("{\"a\": 1, \"a\": 2}", .duplicateKey("a"), 1, 10),
            ("\"tab\there\"", .controlCharacterInString, 1, 5),
            ("\"bad \\x\"", .invalidEscape, 1, 6),
            ("\"\\ud800\"", .invalidUnicodeEscape, 1, 8),
            ("01", .trailingContent, 1, 2),
            ("-", .invalidNumber, 1, 2),
            ("1.", .invalidNumber, 1, 3),
            ("tru", .unexpectedEnd, 1, 4),
            ("\n\n  nul", .unexpectedEnd, 3, 6),
        ])
    func rejects(text: String, expected: JSONSyntaxProblem, line: Int, column: Int) {
        let error = problem(text)
        #expect(error?.problem == expected)
        #expect(error?.position == SourcePosition(line: line, column: column))
    }

    @Test("rejects invalid UTF-8 and accepts a byte order mark")
    func encoding() throws {
        do {
            _ = try JSONParser.parse([0x22, 0xC3, 0x28, 0x22])
            Issue.record("invalid UTF-8 accepted")
        } catch {
            #expect(error.problem == .invalidUTF8)
        }
        let node = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8))
        #expect(node.position == SourcePosition(line: 1, column: 1))
    }

    @Test("refuses nesting deeper than the limit instead of overflowing the stack")
    func depth() throws {
        let limit = JSONParser.maximumDepth
        _ = try JSONParser.parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        let tooDeep = String(repeating: "[", count: 100_000)
        #expect(problem(tooDeep)?.problem == .tooDeep(limit: limit))
    }

    @Test("the writer escapes what JSON requires and round-trips through the parser")
    func writerRoundTrip() throws {
        let value = JSONOutput.object([
            ("text", .string("quote \" backslash \\ newline \n control \u{01} é")), ("n", .int(-3)),
            ("list", .array([.bool(true), .null])), ("empty", .object([])),
        ])
        for pretty in [true, false] {
            let parsed = try JSONParser.parse(value.serialized(pretty: pretty))
            guard case .object(let members) = parsed.value else {
                Issue.record("not an object")
                return
            }
            #expect(members[0].value.value == .string("quote \" backslash \\ newline \n control \u{01} é"))
            #expect(members[1].value.value == .number("-3"))
        }
    }

    @Test("paths quote keys that are not plain identifiers")
    func paths() {
        let path = JSONPath.root.appending("answers").appending("proceeds.handed_over").appending(index: 2)
        #expect(path.description == "$.answers[\"proceeds.handed_over\"][2]")
    }
}
