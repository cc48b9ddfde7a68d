// libFuzzer target: scenario decoding + check + classroom session + rendering, and class answers
// files decoded against a bundled scenario.
//
// Scripts/fuzz.sh builds Sources/SignalModel with the fuzzer and address sanitizers and links this
// file against it. Any trap — a crash, an overflow, an out-of-range index, or one of the checks
// below — is a finding.

import SignalKnowledge
import SignalModel

private let knowledge = Knowledge.bundled

private let engine = Engine(knowledge: knowledge)

/// A bundled scenario to decode class answers files against (answers files are small JSON too).
private let answersTarget: Scenario? = (try? Scenario.bundled(in: knowledge))?.first

@_cdecl("LLVMFuzzerTestOneInput")
public func scenarioFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    ScenarioFuzzer.checkScenario(bytes)
    ScenarioFuzzer.checkAnswers(bytes)
    return 0
}

enum ScenarioFuzzer {
    static func checkScenario(_ bytes: [UInt8]) {
        let scenario: Scenario
        do {
            scenario = try Scenario.decode(bytes, knowledge: knowledge)
        } catch {
            checkError(error, input: bytes)
            return
        }
        guard (try? Scenario.decode(bytes, knowledge: knowledge)) == scenario else { fatalError("decoding is not deterministic") }
        let result = ScenarioCheck.run(scenario, engine: engine)
        guard ScenarioCheck.run(scenario, engine: engine) == result else { fatalError("check is not deterministic") }
        let difference = result.routeDifference
        let accounted = difference.expected.count - difference.missing.count + difference.extra.count
        guard accounted == difference.actual.count else { fatalError("route difference does not add up") }
        guard difference.outOfOrder.allSatisfy({ difference.expected.contains($0.step) && difference.actual.contains($0.step) })
        else { fatalError("a moved step is not in both routes") }
        guard RouteDifference(expected: result.route, actual: result.route).isEmpty else { fatalError("a route differs from itself") }

        // A class that gives the expert's answers ends with no misses and the expert's outcome;
        // a class that answers unknown everywhere never scores above the expert.
        for expertClass in [true, false] {
            var session = ScenarioSession(scenario: scenario)
            var steps = 0
            var text = ""
            let renderer = ScenarioRenderer(knowledge: knowledge, language: expertClass ? .nl : .en)
            while session.phase != .finished {
                steps += 1
                guard steps <= 10_000 else { fatalError("session does not finish") }
                if case .reveal(let stage) = session.phase {
                    let reveal = session.reveal(stage: stage, engine: engine)
                    guard reveal.expertAfter.score >= reveal.expertBefore.score else { fatalError("expert score went down") }
                    text += renderer.reveal(reveal)
                }
                if let question = session.currentQuestion {
                    session.answer(expertClass ? question.expert : .unknown)
                } else {
                    session.proceed()
                }
            }
            let summary = session.summary(engine: engine)
            guard summary.agreed + summary.misses.count == summary.total else { fatalError("misses do not add up") }
            if expertClass {
                guard summary.misses.isEmpty, summary.route.isEmpty, summary.classAssessment.level == result.level else {
                    fatalError("the expert's own answers differ from the expert")
                }
            } else {
                guard summary.classAssessment.score == 0 else { fatalError("unknown answers scored: unknown is never no, nor yes") }
            }
            text += renderer.summary(summary) + renderer.show(scenario, engine: engine)
            text += renderer.check(.checked(result), file: "fuzz.json")
            text += renderer.classIntro(scenario) + renderer.summary(summary, fullAssessment: true)
            guard missingTextKey(in: text, input: bytes) == nil else { fatalError("missing text key in a rendering") }
            // The handout has exactly one page break, whatever the scenario's texts say.
            let handout = ScenarioHandout(knowledge: knowledge, language: expertClass ? .nl : .en).markdown(scenario, engine: engine)
            guard handout.ranges(of: ScenarioHandout.pageBreak).count == 1 else {
                fatalError("a scenario's text added or hid a page break in the handout")
            }
            guard missingTextKey(in: handout, input: bytes) == nil else { fatalError("missing text key in the handout") }
        }
    }

    static func checkAnswers(_ bytes: [UInt8]) {
        guard let scenario = answersTarget else { return }
        do {
            let answers = try scenario.decodeClassAnswers(bytes)
            guard Set(answers.keys) == Set(scenario.questions.map(\.indicator)) else {
                fatalError("an accepted answers file does not answer exactly the scenario's questions")
            }
        } catch {
            checkError(error, input: bytes)
        }
    }

    /// A refused input still gives a located message in both languages.
    static func checkError(_ error: SignalError, input: [UInt8]) {
        for language in Language.allCases {
            let message = error.message(knowledge.texts, language)
            guard !message.isEmpty, missingTextKey(in: message, input: input) == nil else { fatalError("missing text in \(message)") }
        }
    }
}
