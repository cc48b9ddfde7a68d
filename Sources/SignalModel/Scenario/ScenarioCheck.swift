/// How one ordered list of route step ids differs from another: steps missing, extra, or out of order.
public struct RouteDifference: Sendable, Equatable {
    /// A step both routes have, at different relative positions (1-based positions in each route).
    public struct Moved: Sendable, Equatable {
        /// The step id.
        public var step: String
        /// 1-based position in the expected route.
        public var expectedPosition: Int
        /// 1-based position in the actual route.
        public var actualPosition: Int
    }

    /// The route that should be (the expected or the expert route).
    public var expected: [String]
    /// The route that is (the engine's or the class's route).
    public var actual: [String]

    /// Compares two routes.
    public init(expected: [String], actual: [String]) {
        self.expected = expected
        self.actual = actual
    }

    /// Whether the routes are identical, order included.
    public var isEmpty: Bool { expected == actual }

    /// Expected steps the actual route lacks, in expected order, with their expected position.
    public var missing: [(step: String, position: Int)] {
        expected.enumerated().filter { !actual.contains($0.element) }.map { ($0.element, $0.offset + 1) }
    }

    /// Actual steps that were not expected, in actual order, with their actual position.
    public var extra: [(step: String, position: Int)] {
        actual.enumerated().filter { !expected.contains($0.element) }.map { ($0.element, $0.offset + 1) }
    }

    /// Steps in both routes whose order differs: those outside the longest common subsequence of the
    /// shared steps, in expected order. Moving just these would make the orders agree.
    public var outOfOrder: [Moved] {
        let shared = Set(expected).intersection(actual)
        let left = expected.filter(shared.contains)
        let right = actual.filter(shared.contains)
        guard left != right else { return [] }
        // Longest common subsequence by dynamic programming; routes are short.
        var table = Array(repeating: Array(repeating: 0, count: right.count + 1), count: left.count + 1)
        for i in stride(from: left.count - 1, through: 0, by: -1) {
            for j in stride(from: right.count - 1, through: 0, by: -1) {
                table[i][j] = left[i] == right[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var inOrder = Set<String>()
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if left[i] == right[j] {
                inOrder.insert(left[i])
                i += 1
                j += 1
            } else if table[i + 1][j] >= table[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return left.filter { !inOrder.contains($0) }.compactMap { step in
            guard let expectedIndex = expected.firstIndex(of: step), let actualIndex = actual.firstIndex(of: step) else {
                return nil
            }
            return Moved(step: step, expectedPosition: expectedIndex + 1, actualPosition: actualIndex + 1)
        }
    }
}

/// The outcome of checking one scenario: what was expected and what the engine concluded.
public struct ScenarioCheckResult: Sendable, Equatable {
    /// The scenario that was checked.
    public var scenario: Scenario
    /// The engine's assessment of all expert answers.
    public var assessment: Assessment
    /// The engine's level.
    public var level: Level { assessment.level }
    /// The engine's route step ids.
    public var route: [String] { assessment.route.map(\.id) }
    /// Expected route against the engine's route.
    public var routeDifference: RouteDifference { RouteDifference(expected: scenario.expected.route, actual: route) }
    /// Whether level and route equal the expectation exactly.
    public var passed: Bool { level == scenario.expected.level && routeDifference.isEmpty }
}

/// Checks scenarios: the engine's result for all expert answers must equal `expected` exactly.
public enum ScenarioCheck {
    /// Runs the engine on the scenario's case. No clock is read: office hours follow the context's
    /// `assessedAt` and are unknown without it.
    public static func run(_ scenario: Scenario, engine: Engine) -> ScenarioCheckResult {
        ScenarioCheckResult(scenario: scenario, assessment: engine.assess(scenario.case, at: nil))
    }

    /// The outcome for one scenario file.
    public enum FileOutcome: Sendable, Equatable {
        /// The file decoded; the result says whether the expectation holds.
        case checked(ScenarioCheckResult)
        /// The file is not a valid scenario (syntax, schema, unknown ids, missing citations, an id
        /// already used by an earlier file).
        case invalid(SignalError)

        /// Whether the file passed.
        public var passed: Bool {
            if case .checked(let result) = self { return result.passed }
            return false
        }
    }

    /// Decodes and checks scenario files (name as the user gave it, contents). Each file gets its own
    /// outcome; an id that an earlier file already uses makes the later file invalid.
    public static func check(files: [(name: String, bytes: [UInt8])], knowledge: Knowledge) -> [FileOutcome] {
        let engine = Engine(knowledge: knowledge)
        var seen: [String: String] = [:]
        return files.map { file in
            let scenario: Scenario
            do throws(SignalError) {
                scenario = try Scenario.decode(file.bytes, knowledge: knowledge)
            } catch {
                return .invalid(error.inFile(file.name))
            }
            if let other = seen.updateValue(file.name, forKey: scenario.id) {
                return .invalid(
                    SignalError(
                        .inconsistentCatalog("scenario id \(scenario.id) is also used by \(other)"),
                        at: InputLocation(file: file.name, path: JSONPath.root.appending("id"))))
            }
            return .checked(run(scenario, engine: engine))
        }
    }
}
