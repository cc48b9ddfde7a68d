/// A question the interview asks before the indicators: the facts that decide the route.
public enum GateQuestion: String, Sendable, CaseIterable, Hashable {
    /// How old is the child (decides the age band and so the legal frame).
    case age
    /// Is the child in danger right now (yes makes the case acute).
    case acuteDanger
    /// Is a custodial parent or guardian present in the Netherlands.
    case guardianPresent
    /// Is the child registered in the Netherlands (BRP).
    case registeredInNL
    /// Which offence from the catalogue (shapes the follow-up questions).
    case offence
}

/// The stable identity of an interview question: a gate, the checklist, an indicator id from the
/// catalogue, the region or the case reference.
public enum QuestionID: Sendable, Hashable, CustomStringConvertible {
    /// A gate question.
    case gate(GateQuestion)
    /// The one checklist prompt "what have you seen or heard?" (ticks count as yes).
    case checklist
    /// An indicator question, by indicator id.
    case indicator(String)
    /// The region (for the regional phone numbers), asked when no default region is set.
    case region
    /// The case reference (free text, no names), asked last.
    case reference

    /// The key drafts store: the gate's name (`age`, `offence`, …), `checklist`, `region`,
    /// `reference`, or the indicator id.
    ///
    /// They never collide: indicator ids always contain a dot.
    public var key: String {
        switch self {
        case .gate(let gate): gate.rawValue
        case .checklist: "checklist"
        case .indicator(let id): id
        case .region: "region"
        case .reference: "reference"
        }
    }

    /// The key, for messages and test names.
    public var description: String { key }

    /// The question a draft key names, if the catalogue knows it.
    package init?(key: String, catalog: Catalog) {
        if let gate = GateQuestion(rawValue: key) {
            self = .gate(gate)
        } else if key == "checklist" {
            self = .checklist
        } else if key == "region" {
            self = .region
        } else if key == "reference" {
            self = .reference
        } else if catalog.indicator(key) != nil {
            self = .indicator(key)
        } else {
            return nil
        }
    }

    /// What kind of answer this question takes.
    public var format: AnswerFormat {
        switch self {
        case .gate(.age): .age
        case .gate(.offence): .offence
        case .checklist: .checklist
        case .region: .region
        case .reference: .text
        case .gate, .indicator: .triState
        }
    }
}

/// The shape of an answer a question accepts.
public enum AnswerFormat: String, Sendable, Hashable {
    /// A whole number of years (0–120), or unknown.
    case age
    /// Yes, no or unknown.
    case triState
    /// An offence id from the catalogue, or unknown.
    case offence
    /// The checklist: the numbers of the items seen or heard (none is an answer too).
    case checklist
    /// A region id from the contacts directory, or unknown.
    case region
    /// Free text, or nothing.
    case text
}

/// One answer to one interview question.
public enum InterviewAnswer: Sendable, Hashable {
    /// An age in years; nil means unknown.
    case age(Int?)
    /// Yes, no or unknown (gate facts and indicators).
    case answer(Answer)
    /// An offence id from the catalogue; nil means unknown or skipped.
    case offence(String?)
    /// The indicator ids ticked on the checklist (each counts as yes); empty: nothing seen.
    case checklist(Set<String>)
    /// A region id from the contacts directory; nil means unknown.
    case region(String?)
    /// Free text (the case reference); nil means none.
    case text(String?)

    /// The shape of this answer, to match against a question's `AnswerFormat`.
    public var format: AnswerFormat {
        switch self {
        case .age: .age
        case .answer: .triState
        case .offence: .offence
        case .checklist: .checklist
        case .region: .region
        case .text: .text
        }
    }
}

/// The question the interview asks now, with what the UI needs to show it.
public struct InterviewQuestion: Sendable, Equatable {
    /// Which question this is.
    public var id: QuestionID
    /// The indicator record, for indicator questions.
    public var indicator: Indicator?
    /// The answer given earlier, when the officer stepped back to this question.
    public var previousAnswer: InterviewAnswer?
    /// For the checklist: the items to show, grouped by family, numbered from 1 in this order.
    package var checklist: [ChecklistGroup] = []
    /// For the checklist: the stable number of each item (`InterviewPlan.numbers`); empty: numbered
    /// from 1 in the order shown.
    package var checklistNumbers: [String: Int] = [:]
    /// For the checklist: how many items the fit to offence and role leaves out ("m" shows them).
    package var hiddenCount = 0
    /// For the checklist: the stable numbers of items not asked at all given the answers (the
    /// asylum question with a custodial parent in NL), so a typed one is refused with that reason.
    package var notAskedNumbers: Set<Int> = []
    /// Where the question comes from: the indicator's citations, or a gate's routing step citations.
    public var sources: [Citation]
    /// The question as asked, in Dutch and English: the indicator's question, or the interview's own
    /// wording for the gate and closing questions (`Interview.text(for:)`).
    public var text = LocalizedText(nl: "", en: "")
    /// What the question means: the indicator's explanation, or the interview's help for the gate and
    /// closing questions (`Interview.help(for:)`).
    public var help = LocalizedText(nl: "", en: "")

    /// What kind of answer the question takes.
    public var format: AnswerFormat { id.format }
}

/// One answered question, in interview order.
package struct InterviewStep: Sendable, Equatable {
    /// The question answered.
    package var question: QuestionID
    /// The answer in force.
    package var answer: InterviewAnswer

    /// An answered question.
    package init(question: QuestionID, answer: InterviewAnswer) {
        self.question = question
        self.answer = answer
    }
}

/// What an answer changed besides itself.
public struct InterviewUpdate: Sendable, Equatable {
    /// The answer made the case acute just now: the UI must say what to do before going on.
    public var becameAcute: Bool
    /// Follow-up questions that no longer apply, in interview order; their answers were dropped.
    public var dropped: [QuestionID]
    /// The age answer ended the interview at once (18 or older: outside this tool's scope).
    public var endedAsAdult: Bool = false
}

/// Why the interview refused an answer. The state is unchanged when one is thrown.
public enum InterviewError: Error, Sendable, Equatable {
    /// There is no current question: the interview is finished.
    case finished
    /// The answer has the wrong shape for the question (an age for a yes/no question, …).
    case wrongFormat(QuestionID, expected: AnswerFormat)
    /// An age outside 0–120.
    case ageOutOfRange(Int)
    /// An offence id the catalogue does not know.
    case unknownOffence(String)
    /// A question the catalogue does not know (an indicator id in a draft).
    case unknownQuestion(String)
    /// A region id the contacts directory does not know.
    case unknownRegion(String)
    /// A checklist tick that is not one of the items shown.
    case notOnChecklist(String)
    /// A note on a question whose answer cannot carry one (only signal questions and ticks can).
    case noteNotAllowed(QuestionID)
    /// A reference or note that looks like a BSN (citizen service number): never stored.
    case personalIdentifier(QuestionID)
    /// A reference that looks like a person's name (`InterviewReply.looksLikeName`): never stored.
    case looksLikeName(QuestionID)
    /// A reference or note longer than the case format accepts (in Unicode scalars).
    case textTooLong(QuestionID, limit: Int)
    /// A route step id the routing table does not know (`--done STEP`, a draft's steps taken).
    case unknownStep(String)
}
