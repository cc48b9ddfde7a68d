/// Where a JSON value starts in its source text (1-based line and column, counted in bytes).
public struct SourcePosition: Sendable, Equatable, Hashable {
    /// The line, from 1.
    public var line: Int
    /// The column in bytes, from 1.
    public var column: Int

    /// A position in a source text.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A parsed JSON value that remembers where it came from, so every error can name a line.
package struct JSONNode: Sendable, Equatable {
    package var value: JSONValue
    package var position: SourcePosition

    package init(_ value: JSONValue, at position: SourcePosition) {
        self.value = value
        self.position = position
    }
}

/// One member of a JSON object, in source order.
package struct JSONMember: Sendable, Equatable {
    package var key: String
    package var keyPosition: SourcePosition
    package var value: JSONNode
}

/// The JSON data model. Numbers keep their source text so nothing is rounded before validation.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])

    /// The JSON type name used in error messages.
    package var typeName: String {
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
///
/// Decoders extend a path at every value they read and use it only when something is wrong, so it is
/// stored as a chain (one small allocation per step, sharing the parent) and turned into a list of
/// components only when asked.
public struct JSONPath: Sendable, Equatable, Hashable, CustomStringConvertible {
    package enum Component: Sendable, Equatable, Hashable {
        case key(String)
        case index(Int)
    }

    private final class Step: Sendable {
        let parent: Step?
        let component: Component
        init(parent: Step?, component: Component) {
            self.parent = parent
            self.component = component
        }
    }

    private let last: Step?

    private init(last: Step?) {
        self.last = last
    }

    package static let root = JSONPath(last: nil)

    package init(components: [Component]) {
        var last: Step?
        for component in components { last = Step(parent: last, component: component) }
        self.last = last
    }

    /// The keys and indices from the root, in order.
    package var components: [Component] {
        var result: [Component] = []
        var step = last
        while let current = step {
            result.append(current.component)
            step = current.parent
        }
        return result.reversed()
    }

    package func appending(_ key: String) -> JSONPath {
        JSONPath(last: Step(parent: last, component: .key(key)))
    }

    package func appending(index: Int) -> JSONPath {
        JSONPath(last: Step(parent: last, component: .index(index)))
    }

    public static func == (left: JSONPath, right: JSONPath) -> Bool {
        left.last === right.last || left.components == right.components
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(components)
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

