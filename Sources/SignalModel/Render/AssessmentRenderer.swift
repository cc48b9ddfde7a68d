/// Turns an assessment into text for people or JSON for systems. The one renderer that `score`,
/// `triage` and the trainer all use.
public struct AssessmentRenderer: Sendable {
    /// The knowledge whose texts and contacts are shown.
    public let knowledge: Knowledge
    /// The language of the texts.
    public let language: Language

    /// A renderer in one language.
    public init(knowledge: Knowledge, language: Language) {
        self.knowledge = knowledge
        self.language = language
    }

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        knowledge.texts.text(key, language, arguments)
    }

    func levelName(_ level: Level) -> String {
        knowledge.catalog.describe(level)?.name[language] ?? level.rawValue
    }

    /// A citation for people: the seed's short title and its lines (JSON keeps file and lines).
    package func source(_ citation: Citation) -> String { sources([citation]) }

    /// Citations for people, grouped by seed in order of first mention: "WODC 2016, …, lines 621, 1914".
    package func sources(_ citations: [Citation]) -> String {
        var order: [String] = []
        var lines: [String: [String]] = [:]
        for citation in citations {
            if lines[citation.source] == nil { order.append(citation.source) }
            let range = citation.lines.lowerBound == citation.lines.upperBound
                ? String(citation.lines.lowerBound) : "\(citation.lines.lowerBound)–\(citation.lines.upperBound)"
            if citation.source != "public", !(lines[citation.source] ?? []).contains(range) {
                lines[citation.source, default: []].append(range)
            } else if lines[citation.source] == nil {
                lines[citation.source] = []
            }
        }
        return order.map { file in
            let key = file.hasSuffix(".txt") ? String(file.dropLast(4)) : file
            let title = knowledge.texts.strings["source.title." + key] != nil ? t("source.title." + key) : file
            let ranges = lines[file] ?? []
            if ranges.isEmpty { return title }
            if ranges.count == 1 && !ranges[0].contains("–") { return t("source.line", ["title": title, "line": ranges[0]]) }
            return t("source.lines", ["title": title, "lines": ranges.joined(separator: ", ")])
        }.joined(separator: "; ")
    }

    /// How to reach a party: its number, the regional number for the RvdK, or who it is reached via.
    /// With the reader's role: the reader's own line when the contact gives one ("via je
    /// OC/meldkamer" for police), and then no public number. A party reached via another one shows
    /// no number of its own: the detail names whose number it is ("via CoMensha – helpdesk, 033 …").
    package func reach(_ partyID: String, region: String?, role: Role? = nil) -> (name: String, phone: String?, detail: String?) {
        let contacts = knowledge.contacts
        guard let contact = contacts.contact(partyID) else { return (partyID, nil, nil) }
        if let role, let line = contact.lines[role] { return (contact.name[language], nil, line[language]) }
        let asOf = contact.asOf == "unknown" ? t("contact.as_of_unknown") : contact.asOf
        if partyID == "rvdk", let region = region.flatMap(contacts.region) {
            let undated = contact.asOf == "unknown"
            return (
                contact.name[language], region.rvdkPhone,
                t(undated ? "contact.regional_undated" : "contact.regional", ["location": region.rvdkLocation, "asOf": asOf])
            )
        }
        if let phone = contact.phone {
            // An unknown source date says nothing: it is left out (REVIEW2 C2), a known one is shown.
            if contact.asOf == "unknown" { return (contact.name[language], phone, Self.clause(contact.hours[language])) }
            return (contact.name[language], phone, t("contact.hours", ["hours": Self.clause(contact.hours[language]), "asOf": asOf]))
        }
        if let via = contact.via.flatMap(contacts.contact) {
            if let phone = via.phone {
                return (contact.name[language], nil, t("contact.via_phone", ["via": via.name[language], "phone": phone]))
            }
            return (contact.name[language], nil, t("contact.via", ["via": via.name[language]]))
        }
        return (contact.name[language], nil, contact.hours[language])
    }

    /// A reason as people read it under a step: its first three sentences (a merged step joins the
    /// reasons of all its parts; the whole text stays in the JSON and the report).
    static func brief(_ text: String, sentences limit: Int = 3) -> String {
        var count = 0
        var end = text.endIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ".", next == text.endIndex || text[next] == " " {
                count += 1
                if count == limit {
                    end = next
                    break
                }
            }
            index = next
        }
        return String(text[..<end])
    }

    /// The urgency as a reader reads it: outside office hours, "today" is the next working day for a
    /// reader who does not work nights (everyone but police and ZSM, which keeps working, 000 L1766).
    package func urgencyLabel(_ urgency: Urgency, _ situation: RouteSituation) -> String {
        if urgency == .today, situation.officeHours == .no, situation.role != .police, situation.role != .zsm {
            return t("urgency.nextWorkingDay")
        }
        return t("urgency." + urgency.rawValue)
    }

    /// A step's urgency as a reader reads it: a conditional safety step (`RouteStep.conditionalNow`)
    /// reads "NU, als het zich voordoet" at every hour; any other step as `urgencyLabel(_:_:)`.
    /// A merged step (a party's heading) reads as its first, most urgent part, so the heading is
    /// always the label of a step shown under it (REVIEW3 C5: "[VANDAAG] Politie" over a conditional
    /// step and a "soon" one showed a label no step had); parts that read otherwise are labelled.
    package func urgencyLabel(_ step: RouteStep, _ situation: RouteSituation) -> String {
        let lead = step.parts.first ?? step
        return lead.conditionalNow ? t("urgency.nowIf") : urgencyLabel(step.urgency, situation)
    }

    /// A moment as the history shows it: "5 dec 23:40" (the wall-clock time the case gave).
    package func shortTime(_ time: Timestamp) -> String {
        let months = t("render.history.months").split(separator: " ").map(String.init)
        let month = months.indices.contains(time.month - 1) ? months[time.month - 1] : String(time.month)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(time.day) \(month) \(two(time.hour)):\(two(time.minute))"
    }

    /// Who already took (a part of) this step, by the case's history ("politie, 6 dec 23:40"), or nil:
    /// the route is the reader's now, and a step an earlier reader said was done is marked, not dropped.
    package func doneBy(_ step: RouteStep, _ input: Case) -> String? {
        let ids = Set(step.stepIDs)
        let takers = input.history.filter { !ids.isDisjoint(with: $0.done) }.map(contributor)
        return takers.isEmpty ? nil : takers.joined(separator: "; ")
    }

    /// Who and when: "politie, 5 dec 23:40" (the role only, never a name).
    package func contributor(_ contribution: Contribution) -> String {
        t("role." + contribution.role.rawValue) + (contribution.at.map { ", " + shortTime($0) } ?? "")
    }

    /// The history of a case: one line per contribution (what it added and changed, the level after
    /// it), its note and the steps it took, then which contribution gave the current level.
    /// With `markdown`, each contribution is one list item whose note and steps stay on its line
    /// (the note through `ReportRenderer.inline`), for the handover report.
    package func historyLines(_ summaries: [ContributionSummary], markdown: Bool = false) -> [String] {
        guard !summaries.isEmpty else { return [] }
        if markdown {
            var lines: [String] = []
            for summary in summaries {
                var line = "\(summary.number). " + historyEntry(summary)
                if let note = summary.contribution.note { line += " — " + t("render.note", ["note": ReportRenderer.inline(note)]) }
                if !summary.contribution.done.isEmpty {
                    line += " — " + t("render.history.done", ["steps": doneSteps(summary.contribution.done)])
                }
                lines.append(line)
            }
            if let last = summaries.last(where: { $0.levelAfter != $0.levelBefore }) {
                lines += ["", levelBy(last)]
            }
            return lines
        }
        var lines = [summaries.count == 1 ? t("render.history.one") : t("render.history", ["count": String(summaries.count)])]
        for summary in summaries {
            lines.append("  \(summary.number). " + historyEntry(summary))
            if let note = summary.contribution.note { lines.append("     " + t("render.note", ["note": UserText.line(note)])) }
            if !summary.contribution.done.isEmpty {
                lines.append("     " + t("render.history.done", ["steps": doneSteps(summary.contribution.done)]))
            }
        }
        if let last = summaries.last(where: { $0.levelAfter != $0.levelBefore }) { lines.append("  " + levelBy(last)) }
        return lines
    }

    /// The steps a contribution took, one after another: "…erbij; Zorg …", never "…erbij.; Zorg …".
    private func doneSteps(_ ids: [String]) -> String {
        ids.enumerated().map { index, id in
            let label = stepLabel(id)
            return index < ids.count - 1 && label.hasSuffix(".") ? String(label.dropLast()) : label
        }.joined(separator: "; ")
    }

    /// A step taken, as the history shows it: the first sentence of its action in the routing table
    /// (the id only when the table no longer has it).
    package func stepLabel(_ id: String) -> String {
        for rule in knowledge.routing.rules {
            if let step = rule.steps.first(where: { $0.id == id }) { return EndBlock.firstSentence(step.action[language]) }
        }
        return id
    }

    /// "politie, 5 dec 23:40: 3 antwoorden, 3 signalen — niveau Vermoeden".
    private func historyEntry(_ summary: ContributionSummary) -> String {
        let what = summary.number == 1 && summary.changed.isEmpty
            ? t("render.history.first", ["answers": String(summary.added.count), "signals": String(summary.signals)])
            : t("render.history.more", [
                "added": String(summary.added.count), "changed": String(summary.changed.count), "signals": String(summary.signals),
            ])
        // The first contribution had no assessment before it: only the level it gave.
        let level = summary.levelAfter == summary.levelBefore || summary.number == 1
            ? t("render.history.level", ["level": levelName(summary.levelAfter)])
            : t("render.history.level_changed", ["from": levelName(summary.levelBefore), "to": levelName(summary.levelAfter)])
        return contributor(summary.contribution) + ": " + what + " — " + level
    }

    /// Which contribution gave the current level.
    private func levelBy(_ summary: ContributionSummary) -> String {
        t("render.history.level_by", [
            "to": levelName(summary.levelAfter), "number": String(summary.number), "who": contributor(summary.contribution),
        ])
    }

    /// A sentence used as a clause: without its closing full stop.
    static func clause(_ text: String) -> String { text.hasSuffix(".") ? String(text.dropLast()) : text }

    /// What made a combination hold in this case: the offence's name and its indicators answered yes.
    func combinationBecause(_ combination: Combination, _ assessment: Assessment) -> [String: String] {
        let named = combination.when.indicators
        let offence = assessment.context.offence.map { knowledge.catalog.offence($0)?.name[language] ?? $0 } ?? "—"
        let signals = assessment.signals.filter { named.contains($0.indicator.id) }.map { $0.indicator.question[language] }
        return ["offence": offence, "signals": signals.joined(separator: " / ")]
    }

    // MARK: JSON

    /// The assessment's one JSON form: the documented JSON result (docs/USAGE.md "The JSON result";
    /// keys are stable, texts follow the language), indented with two spaces or on one line.
    public func json(_ assessment: Assessment, pretty: Bool = true) -> String {
        json(assessment, pretty: pretty, records: .full)
    }

    /// The JSON result, written by `AssessmentWriter`, with the record form chosen: full (every
    /// text) or compact (ids only, see `RecordForm`; batch runs).
    package func json(_ assessment: Assessment, pretty: Bool = true, records: RecordForm) -> String {
        var writer = AssessmentWriter(renderer: self, form: records)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8192)
        writer.write(assessment, into: &bytes)
        return String(decoding: pretty ? JSONOutput.indented(bytes) : bytes, as: UTF8.self)
    }

    // MARK: Text

    /// The assessment for people: level, what was seen, what is unknown, the route, legal notes.
    /// User text (reference, notes, override reason) is shown through `UserText.line`, so it stays
    /// on its own line and cannot send terminal escapes.
    public func text(_ assessment: Assessment) -> String {
        var lines: [String] = []
        let context = assessment.context
        lines.append(t("render.title", ["catalog": assessment.catalogVersion]))
        var facts: [String] = []
        if let reference = assessment.reference { facts.append(t("render.reference", ["reference": UserText.line(reference)])) }
        facts.append(context.age.map { t("render.age", ["age": String($0)]) } ?? t("render.age_unknown"))
        facts.append(t("render.role", ["role": t("role." + context.role.rawValue)]))
        if let offence = context.offence.flatMap(knowledge.catalog.offence) {
            facts.append(t("render.offence", ["offence": offence.name[language]]))
        }
        lines.append(facts.joined(separator: " · "))
        if let time = assessment.assessedAt {
            // "crisis route" only when the route has a crisis step (the crisis service, or a police call
            // that asks for it: step ids with "crisis"; REVIEW2-scenarios 17).
            let crisis = assessment.route.contains { $0.party == "crisis_service" || $0.stepIDs.contains { $0.contains("crisis") } }
            let hours = assessment.situation.officeHours == .yes
                ? t("render.office_hours") : crisis ? t("render.outside_office_hours") : t("render.outside_office_hours_plain")
            lines.append(t("render.time", ["time": time.text, "hours": hours]))
        }
        lines.append("")

        lines.append(t("render.level", ["level": levelName(assessment.level).uppercased(), "score": String(assessment.score)]))
        if let meaning = knowledge.catalog.describe(assessment.level)?.meaning[language] { lines.append("  " + meaning) }
        if let override = assessment.override {
            lines.append(t("render.override", ["level": levelName(override.level), "reason": UserText.line(override.reason)]))
        }
        if context.ageBand == .adult { lines.append("  " + t("render.adult")) }
        lines.append("")
        if !assessment.input.history.isEmpty {
            lines += historyLines(Engine(knowledge: knowledge).history(of: assessment.input))
            lines.append("")
        }

        lines.append(t("render.signals", ["count": String(assessment.signals.count)]))
        if assessment.signals.isEmpty { lines.append("  " + t("render.none_seen")) }
        for signal in assessment.signals {
            let trigger = signal.isTrigger ? " " + t("render.trigger." + signal.indicator.kind.rawValue) : ""
            lines.append("  + " + signal.indicator.question[language] + " — " + t("answer.yes") + trigger)
            lines.append("    " + t("render.source", ["source": sources(signal.indicator.citations)]))
            if let note = signal.note { lines.append("    " + t("render.note", ["note": UserText.line(note)])) }
        }
        if !assessment.combinations.isEmpty {
            lines.append("")
            lines.append(t("render.combinations", ["count": String(assessment.combinations.count)]))
            for combination in assessment.combinations {
                lines.append("  ! " + t("render.combination", ["name": combination.name[language], "level": levelName(combination.atLeast)]))
                lines.append("    " + t("render.combination_because", combinationBecause(combination, assessment)))
                lines.append("    " + t("render.why", ["why": combination.rationale[language]]))
                lines.append("    " + t("render.source", ["source": sources(combination.citations)]))
            }
        }
        if !assessment.contextFindings.isEmpty {
            lines.append("")
            lines.append(t("render.context"))
            for finding in assessment.contextFindings {
                lines.append("  · " + finding.indicator.question[language] + " — " + t("answer.yes"))
                if let note = finding.note { lines.append("    " + t("render.note", ["note": UserText.line(note)])) }
            }
        }
        lines.append("")

        if let close = assessment.nothingToCheckNextKey {
            lines.append(t("render.nothing_to_check_heading"))
            lines.append("  " + t(close))
        } else {
            lines.append(t("render.unknowns", ["count": String(assessment.openQuestions.count)]))
            if assessment.openQuestions.isEmpty { lines.append("  " + t("render.no_unknowns")) }
            for open in assessment.openQuestions {
                lines.append("  ? " + open.indicator.question[language] + " (" + t("render.reason." + open.reason.rawValue) + ")")
                if let note = open.note { lines.append("    " + t("render.note", ["note": UserText.line(note)])) }
            }
            if assessment.levelIfOpenConfirmed > assessment.level {
                lines.append("  " + t("render.if_confirmed", ["level": levelName(assessment.levelIfOpenConfirmed)]))
            }
        }
        lines.append("")

        lines.append(t("render.route", ["level": levelName(assessment.routeLevel)]))
        for (index, step) in assessment.route.enumerated() {
            let reach = reach(step.party, region: context.region, role: context.role)
            var who = reach.name
            if let phone = reach.phone { who += " — " + phone }
            if let detail = reach.detail { who += " (" + detail + ")" }
            lines.append("  \(index + 1). [" + urgencyLabel(step, assessment.situation) + "] " + who)
            if step.parts.isEmpty {
                lines.append("     " + step.action[language])
            } else {
                for part in step.parts {
                    let label = urgencyLabel(part, assessment.situation)
                    let when = label == urgencyLabel(step, assessment.situation) ? "" : "[" + label + "] "
                    lines.append("     - " + when + part.action[language])
                }
            }
            lines.append("     " + t("render.why", ["why": Self.brief(step.why[language])]))
            lines.append("     " + t("render.source", ["source": sources(step.citations)]))
            if let done = doneBy(step, assessment.input) { lines.append("     " + t("render.step_done", ["who": done])) }
        }
        if !assessment.notes.isEmpty {
            lines.append("")
            lines.append(t("render.notes"))
            for note in assessment.notes {
                lines.append("  - " + note.text[language])
                lines.append("    " + t("render.source", ["source": sources(note.citations)]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
