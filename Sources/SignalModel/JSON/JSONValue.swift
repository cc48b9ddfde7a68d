/// Where a JSON value starts in its source text (1-based line and column, counted in bytes).
public struct SourcePosition: Sendable, Equatable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A parsed JSON value that remembers where it came from, so every error can name a line.
public struct JSONNode: Sendable, Equatable {
    public var value: JSONValue
    public var position: SourcePosition

    public init(_ value: JSONValue, at position: SourcePosition) {
        self.value = value
        self.position = position
    }
}

/// One member of a JSON object, in source order.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var keyPosition: SourcePosition
    public var value: JSONNode
}

/// The JSON data model. Numbers keep their source text so nothing is rounded before validation.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])

    /// The JSON type name used in error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A JSON path such as `$.answers["proceeds.handed_over"].note`, built up while decoding.
public struct JSONPath: Sendable, Equatable, Hashable, CustomStringConvertible {
    public private(set) var components: [Component]

    public enum Component: Sendable, Equatable, Hashable {
        case key(String)
        case index(Int)
    }

    public static let root = JSONPath(components: [])

    public init(components: [Component]) {
        self.components = components
    }

    public func appending(_ key: String) -> JSONPath {
        JSONPath(components: components + [.key(key)])
    }

    public func appending(index: Int) -> JSONPath {
        JSONPath(components: components + [.index(index)])
    }

    public var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let fullKey):
                // A 20 kB key must not make a 20 kB error message: paths show at most 60 scalars.
                let key = UserText.clipped(fullKey, to: 60)
                if Self.isPlainIdentifier(key) {
                    text += "." + key
                } else {
                    // Quoted as in JSON, control characters escaped: a key cannot reach a terminal raw.
                    text += "[\"" + UserText.line(key.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")) + "\"]"
                }
            }
        }
        return text
    }

    private static func isPlainIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !(("0"..."9").contains(first)) else { return false }
        return key.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_"
        }
    }
}

