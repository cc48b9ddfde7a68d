/// Why a text is not valid JSON.
public enum JSONSyntaxProblem: Sendable, Equatable {
    case emptyInput
    case unexpectedEnd
    case unexpectedCharacter(String)
    case invalidEscape
    case invalidUnicodeEscape
    case controlCharacterInString
    case invalidUTF8
    case invalidNumber
    case tooDeep(limit: Int)
    case duplicateKey(String)
    case trailingContent
    /// A comma right before `}` or `]` (JSON allows none, JavaScript and many editors do).
    case trailingComma
}

/// A JSON syntax error with the position where it was found.
package struct JSONSyntaxError: Error, Sendable, Equatable {
    package var problem: JSONSyntaxProblem
    package var position: SourcePosition
}

/// A strict RFC 8259 parser over UTF-8 bytes that records the line and column of every value.
///
/// Strict on purpose: duplicate keys, invalid UTF-8 and control characters in strings are errors,
/// because a case file about a child must mean exactly one thing. A leading UTF-8 byte order mark
/// is skipped (Windows editors add it).
package struct JSONParser {
    /// Deeper nesting than this is refused rather than risking the stack.
    package static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one complete JSON document.
    package static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        let result: Result<JSONNode, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            return Result { () throws(JSONSyntaxError) -> JSONNode in try parser.parseDocument() }
        }
        return try result.get()
    }

    /// Parses one complete JSON document from text.
    package static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        try parse(Array(text.utf8))
    }

    private var position: SourcePosition {
        SourcePosition(line: line, column: index - lineStart + 1)
    }

    private mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
            lineStart = 3
        }
        skipWhitespace()
        guard index < bytes.count else { throw JSONSyntaxError(problem: .emptyInput, position: position) }
        let node = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw JSONSyntaxError(problem: .trailingContent, position: position) }
        return node
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D:
                index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default:
                return
            }
        }
    }

    private func fail(_ problem: JSONSyntaxProblem) -> JSONSyntaxError {
        JSONSyntaxError(problem: problem, position: position)
    }

    private func unexpected() -> JSONSyntaxError {
        guard index < bytes.count else { return fail(.unexpectedEnd) }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F {
            return fail(.unexpectedCharacter(String(UnicodeScalar(byte))))
        }
        return fail(.unexpectedCharacter(String(format: byte)))
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        guard index < bytes.count else { throw fail(.unexpectedEnd) }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return JSONNode(try parseObject(), at: start)
        case UInt8(ascii: "["):
            return JSONNode(try parseArray(), at: start)
        case UInt8(ascii: "\""):
            return JSONNode(.string(try parseString()), at: start)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return JSONNode(.bool(true), at: start)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return JSONNode(.bool(false), at: start)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return JSONNode(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(.number(try parseNumber()), at: start)
        default:
            throw unexpected()
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let pointer = literal.utf8Start
        for offset in 0..<count {
            guard index < bytes.count, bytes[index] == pointer[offset] else { throw unexpected() }
            index += 1
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw fail(.tooDeep(limit: Self.maximumDepth)) }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        index += 1
        var members: [JSONMember] = []
        var seen = Set<String>()
        var comma: SourcePosition?  // the last comma, for a trailing one
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            if let comma, index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                throw JSONSyntaxError(problem: .trailingComma, position: comma)
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw unexpected() }
            let keyPosition = position
            let key = try parseString()
            // Small objects (nearly all) look for a duplicate among their members; large ones hash.
            let isDuplicate: Bool
            if members.count < 16 {
                isDuplicate = members.contains { $0.key == key }
            } else {
                if seen.isEmpty { seen = Set(members.map(\.key)) }
                isDuplicate = !seen.insert(key).inserted
            }
            guard !isDuplicate else {
                throw JSONSyntaxError(problem: .duplicateKey(key), position: keyPosition)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected() }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONMember(key: key, keyPosition: keyPosition, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd) }
            if bytes[index] == UInt8(ascii: ",") {
                comma = position
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(members)
            }
            throw unexpected()
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONNode] = []
        var comma: SourcePosition?  // the last comma, for a trailing one
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if let comma, index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                throw JSONSyntaxError(problem: .trailingComma, position: comma)
            }
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd) }
            if bytes[index] == UInt8(ascii: ",") {
                comma = position
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            }
            throw unexpected()
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw fail(.invalidNumber) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        } else {
            throw fail(.invalidNumber)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail(.invalidNumber) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail(.invalidNumber) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, all ASCII or valid UTF-8 checked below.
        var hasEscape = false
        var hasNonASCII = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscape = true
                index += 2
                continue
            }
            if byte < 0x20 { throw fail(.controlCharacterInString) }
            if byte >= 0x80 { hasNonASCII = true }
            index += 1
        }
        guard index < bytes.count else {
            index = bytes.count
            throw fail(.unexpectedEnd)
        }
        let end = index
        index += 1
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if !hasEscape {
            if hasNonASCII {
                guard let text = String(validating: slice, as: UTF8.self) else {
                    index = start
                    throw fail(.invalidUTF8)
                }
                return text
            }
            return String(decoding: slice, as: UTF8.self)
        }
        return try unescape(from: start, to: end)
    }

    private mutating func unescape(from start: Int, to end: Int) throws(JSONSyntaxError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(end - start)
        var cursor = start
        while cursor < end {
            let byte = bytes[cursor]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                cursor += 1
                continue
            }
            guard cursor + 1 < end else {
                index = cursor
                throw fail(.invalidEscape)
            }
            let code = bytes[cursor + 1]
            cursor += 2
            if let simple = Self.simpleEscape(code) {
                output.append(simple)
                continue
            }
            switch code {
            case UInt8(ascii: "u"):
                var scalarValue = try hex4(at: cursor)
                cursor += 4
                if (0xD800...0xDBFF).contains(scalarValue) {
                    guard cursor + 6 <= end, bytes[cursor] == UInt8(ascii: "\\"), bytes[cursor + 1] == UInt8(ascii: "u")
                    else {
                        index = cursor
                        throw fail(.invalidUnicodeEscape)
                    }
                    let low = try hex4(at: cursor + 2)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        index = cursor
                        throw fail(.invalidUnicodeEscape)
                    }
                    cursor += 6
                    scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalarValue) {
                    index = cursor
                    throw fail(.invalidUnicodeEscape)
                }
                guard let scalar = Unicode.Scalar(scalarValue) else {
                    index = cursor
                    throw fail(.invalidUnicodeEscape)
                }
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                index = cursor - 2
                throw fail(.invalidEscape)
            }
        }
        guard let text = String(validating: output, as: UTF8.self) else {
            index = start
            throw fail(.invalidUTF8)
        }
        return text
    }

    private mutating func hex4(at start: Int) throws(JSONSyntaxError) -> UInt32 {
        guard start + 4 <= bytes.count else {
            index = start
            throw fail(.invalidUnicodeEscape)
        }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = Self.hexDigit(bytes[start + offset]) else {
                index = start + offset
                throw fail(.invalidUnicodeEscape)
            }
            value = value * 16 + digit
        }
        return value
    }
}

extension JSONParser {
    /// The byte a one-letter escape (`\n`, `\"`, …) stands for; nil for `\u` and invalid ones.
    static func simpleEscape(_ code: UInt8) -> UInt8? {
        switch code {
        case UInt8(ascii: "\""): 0x22
        case UInt8(ascii: "\\"): 0x5C
        case UInt8(ascii: "/"): 0x2F
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    /// The value of one hexadecimal digit, or nil.
    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

extension String {
    /// `0x1F`-style rendering of a byte, for error messages about invisible characters.
    init(format byte: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
