/// Where a problem in an input file is: the file (as the user named it), the JSON path and the line.
public struct InputLocation: Sendable, Equatable {
    /// The file as the user named it, `-` style names like `<stdin>`, or nil when unknown.
    public var file: String?
    /// Where in the JSON: `$.answers["id"]` style.
    public var path: JSONPath?
    /// The line and column in the file, when the error came from a file.
    public var position: SourcePosition?

    /// A location; any part may be unknown.
    public init(file: String? = nil, path: JSONPath? = nil, position: SourcePosition? = nil) {
        self.file = file
        self.path = path
        self.position = position
    }
}

/// Every way input can be wrong. One enum, one message switch (`SignalError.message(in:)`).
public enum SignalErrorKind: Sendable, Equatable {
    /// The text is not JSON.
    case syntax(JSONSyntaxProblem)
    /// A value has the wrong JSON type.
    case wrongType(expected: String, found: String)
    /// A required key is missing.
    case missingKey(String)
    /// Several required keys are missing (all named at once, in the order the format lists them).
    case missingKeys([String])
    /// A key that the format does not know; `suggestion` is the closest known key.
    case unknownKey(String, suggestion: String?)
    /// A key that would describe the child's person rather than the exploitation.
    case profileAttribute(String)
    /// A string that is not one of the allowed values.
    case invalidValue(String, allowed: [String])
    /// A number outside the accepted range.
    case outOfRange(String, range: ClosedRange<Int>)
    /// An indicator id that the catalogue does not know.
    case unknownIndicator(String, suggestion: String?)
    /// An unsupported `version`.
    case unsupportedVersion(found: String, supported: Int)
    /// An unsupported `version` of a format that reads several (case files: 1 and 2).
    case unsupportedVersions(found: String, supported: ClosedRange<Int>)
    /// A timestamp that is not ISO 8601 with an offset.
    case invalidTimestamp(String)
    /// A string that must not be empty is empty, or is longer than allowed (in Unicode scalars).
    case badLength(min: Int, max: Int)
    /// A reference or reason that shows nothing: only white space or invisible characters.
    case blankText
    /// An age that is neither a whole number in range nor `"unknown"` (`"11"`, `"twelve"`).
    case invalidAge(String)
    /// A region the contacts directory does not know.
    case unknownRegion(String, suggestion: String?)
    /// A reference, note or reason that contains what looks like a citizen service number (BSN);
    /// `character` is where it starts in the text (in Unicode scalars, from 1) when known.
    case personalIdentifier(character: Int?)
    /// A reference with an invisible character in it (zero-width joiner or space, a bidi mark, …):
    /// `scalar` is its code point, `character` where it is (in Unicode scalars, from 1). Two
    /// references that look the same must be the same reference.
    case invisibleCharacter(scalar: UInt32, character: Int)
    /// A key that belongs to a newer version of the format than the file says (`history` in a
    /// version-1 case).
    case needsVersion(key: String, version: Int)
    /// A current answer that is not the latest answer in the case's history (`contribution` counts from 1).
    case answerDiffersFromHistory(id: String, contribution: Int)
    /// A route step id that the routing table does not know.
    case unknownStep(String, suggestion: String?)
    /// A route step id given twice in one list.
    case repeatedStep(String)
    /// Catalogue data broke one of its own rules (checked when the bundled data is loaded).
    case inconsistentCatalog(String)
}

/// An input problem: what is wrong and where. Thrown by every decoder in `SignalModel`.
public struct SignalError: Error, Sendable, Equatable {
    /// What is wrong.
    public var kind: SignalErrorKind
    /// Where it is wrong.
    public var location: InputLocation

    /// An error of a kind at a location.
    public init(_ kind: SignalErrorKind, at location: InputLocation) {
        self.kind = kind
        self.location = location
    }

    /// The same error, attributed to a file the user named.
    package func inFile(_ file: String) -> SignalError {
        var copy = self
        copy.location.file = file
        return copy
    }
}
