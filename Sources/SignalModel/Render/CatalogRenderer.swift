/// Renders the indicator catalogue from its data: the only list of indicators anywhere.
package struct CatalogRenderer: Sendable {
    package let knowledge: Knowledge
    package let language: Language

    package init(knowledge: Knowledge, language: Language) {
        self.knowledge = knowledge
        self.language = language
    }

    private var catalog: Catalog { knowledge.catalog }

    private func t(_ key: String, _ values: [String: String] = [:]) -> String {
        knowledge.texts.text(key, language, values)
    }

    /// Offences by name in the chosen language (ids only in `--format json`), apart by " / ": a name
    /// may hold a comma ("Drugs dealen, verpakken of op de uitkijk staan").
    private func offenceNames(_ ids: [String]) -> String {
        ids.map { catalog.offence($0)?.name[language] ?? $0 }.joined(separator: " / ")
    }

    /// Indicators by their question in the chosen language, each in «», (ids only in `--format json`).
    private func indicatorQuestions(_ ids: [String]) -> String {
        ids.map { id in catalog.indicator(id).map { "«" + $0.question[language] + "»" } ?? id }.joined(separator: " / ")
    }

    /// Families by name, indicators by question (`countsOnlyWith` names either).
    private func familyOrIndicatorNames(_ ids: [String]) -> String {
        ids.map { id in catalog.family(id)?.name[language] ?? indicatorQuestions([id]) }.joined(separator: " / ")
    }

    private func roleNames(_ roles: [Role]) -> String { roles.map { t("role." + $0.rawValue) }.joined(separator: ", ") }

    private func askDescription(_ indicator: Indicator) -> String {
        if indicator.ask.isEmpty { return t("catalog.ask.never") }
        let clauses = indicator.ask.map { clause -> String in
            var parts: [String] = []
            if let offences = clause.offences { parts.append(t("catalog.ask.offence", ["list": offenceNames(offences)])) }
            if let anyYes = clause.anyYes { parts.append(t("catalog.ask.any_yes", ["list": indicatorQuestions(anyYes)])) }
            if let roles = clause.roles { parts.append(t("catalog.ask.role", ["list": roleNames(roles)])) }
            if let bands = clause.ageBands {
                parts.append(t("catalog.ask.age_band", ["list": bands.map { t("catalog.age_band." + $0.rawValue) }.joined(separator: ", ")]))
            }
            return parts.isEmpty ? t("catalog.ask.always") : parts.joined(separator: " + ")
        }
        return clauses.joined(separator: t("catalog.ask.or"))
    }

    private func fitDescription(_ indicator: Indicator) -> String {
        var parts: [String] = []
        if let offences = indicator.offences { parts.append(t("catalog.fit.offences", ["list": offenceNames(offences)])) }
        if let roles = indicator.roles { parts.append(t("catalog.fit.roles", ["list": roleNames(roles)])) }
        return parts.isEmpty ? t("catalog.fit.all") : parts.joined(separator: "; ")
    }

    private func kindDescription(_ indicator: Indicator) -> String {
        let kind = t("catalog.kind." + indicator.kind.rawValue, ["weight": String(indicator.weight)])
        guard !indicator.countsOnlyWith.isEmpty else { return kind }
        return kind + "; " + t("catalog.counts_only_with", ["list": familyOrIndicatorNames(indicator.countsOnlyWith)])
    }

    /// When a combination holds, in words: "the offence is one of: <names> + yes to at least one of:
    /// «<question>»", in the chosen language (ids only in `--format json`).
    func conditionDescription(_ combination: Combination) -> String {
        var parts: [String] = []
        if let offences = combination.when.offences {
            parts.append(t("catalog.combination.offences", ["list": offenceNames(offences)]))
        }
        if !combination.when.allYes.isEmpty {
            parts.append(t("catalog.combination.all_yes", ["list": indicatorQuestions(combination.when.allYes)]))
        }
        if !combination.when.anyYes.isEmpty {
            let key = combination.when.anyYes.count == 1 ? "catalog.combination.one_yes" : "catalog.combination.any_yes"
            parts.append(t(key, ["list": indicatorQuestions(combination.when.anyYes)]))
        }
        return parts.joined(separator: " + ")
    }

    private func levelName(_ level: Level) -> String { catalog.describe(level)?.name[language] ?? level.rawValue }

    /// A compact list for the terminal.
    package func text() -> String {
        var lines = [t("catalog.title", ["version": catalog.catalogVersion, "count": String(catalog.indicators.count)]), ""]
        for family in catalog.families {
            let members = catalog.indicators.filter { $0.family == family.id }
            guard !members.isEmpty else { continue }
            lines.append(family.name[language] + " (" + family.id + ")")
            for indicator in members {
                lines.append("  " + indicator.id + "  [" + kindDescription(indicator) + "]")
                lines.append("    " + indicator.question[language])
            }
            lines.append("")
        }
        if !catalog.combinations.isEmpty {
            lines.append(t("catalog.combinations_heading"))
            for combination in catalog.combinations {
                lines.append("  " + combination.id + "  [" + t("catalog.combination.effect", ["level": levelName(combination.atLeast)]) + "]")
                lines.append("    " + combination.name[language])
                lines.append("    " + conditionDescription(combination))
            }
            lines.append("")
        }
        lines.append(t("catalog.thresholds", ["attention": String(catalog.scoring.attentionAt), "suspicion": String(catalog.scoring.suspicionAt)]))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The reference page (`docs/indicators.<lang>.md` is this output, checked by a test).
    package func markdown() -> String {
        var lines = [
            "<!-- " + t("catalog.generated") + " -->", "",
            "# " + t("catalog.title", ["version": catalog.catalogVersion, "count": String(catalog.indicators.count)]), "",
            "## " + t("catalog.levels_heading"), "",
        ]
        for level in catalog.levels {
            lines.append("- **" + level.name[language] + "** (`" + level.level.rawValue + "`): " + level.meaning[language])
        }
        lines += [
            "", t("catalog.thresholds", ["attention": String(catalog.scoring.attentionAt), "suspicion": String(catalog.scoring.suspicionAt)]),
            "", catalog.scoring.rationale[language], "",
            t("catalog.sources") + " " + catalog.scoring.citations.map { AssessmentRenderer(knowledge: knowledge, language: language).source($0) }.joined(separator: "; "), "",
        ]
        for family in catalog.families {
            let members = catalog.indicators.filter { $0.family == family.id }
            guard !members.isEmpty else { continue }
            lines += ["## " + family.name[language] + " (`" + family.id + "`)", ""]
            for indicator in members {
                lines += [
                    "### `" + indicator.id + "`", "",
                    "**" + indicator.question[language] + "**", "",
                    indicator.explanation[language], "",
                    "- " + t("catalog.kind_label") + " " + kindDescription(indicator),
                    "- " + t("catalog.rationale_label") + " " + indicator.rationale[language],
                    "- " + t("catalog.fit_label") + " " + fitDescription(indicator),
                    "- " + t("catalog.asked_label") + " " + askDescription(indicator),
                ]
                for citation in indicator.citations {
                    lines.append("- " + t("catalog.source_label") + " " + AssessmentRenderer(knowledge: knowledge, language: language).source(citation) + ": «" + citation.quote + "»")
                }
                lines.append("")
            }
        }
        if !catalog.combinations.isEmpty {
            lines += ["## " + t("catalog.combinations_heading"), ""]
            for combination in catalog.combinations {
                lines += [
                    "### `" + combination.id + "`", "",
                    "**" + combination.name[language] + "**", "",
                    "- " + t("catalog.combination.when_label") + " " + conditionDescription(combination),
                    "- " + t("catalog.combination.effect", ["level": levelName(combination.atLeast)]),
                    "- " + t("catalog.rationale_label") + " " + combination.rationale[language],
                ]
                for citation in combination.citations {
                    lines.append("- " + t("catalog.source_label") + " " + AssessmentRenderer(knowledge: knowledge, language: language).source(citation) + ": «" + citation.quote + "»")
                }
                lines.append("")
            }
        }
        lines += ["## " + t("catalog.offences_heading"), ""]
        for offence in catalog.offences {
            lines.append("- `" + offence.id + "`: " + offence.name[language])
        }
        lines += [""] + checkNextSection()
        return lines.joined(separator: "\n") + "\n"
    }

    /// "Check next" for a case with nothing answered, per role and offence, as the engine lists it
    /// (age 14): the fit of the `ask` clauses at a glance. A yes adds its follow-ups.
    private func checkNextSection() -> [String] {
        let engine = Engine(knowledge: knowledge)
        var lines = ["## " + t("catalog.check_next_heading"), "", t("catalog.check_next_intro"), ""]
        for role in Role.allCases {
            lines += ["### " + t("catalog.check_next_role", ["role": t("role." + role.rawValue)]), "", "| " + t("catalog.check_next_offence") + " | " + t("catalog.check_next_list") + " |", "|---|---|"]
            for offence in catalog.offences.map(\.id) + [nil] {
                let context = CaseContext(age: 14, role: role, offence: offence, acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes)
                let open = engine.assessment(of: Case(context: context)).openQuestions.map { "`" + $0.indicator.id + "`" }
                lines.append("| " + (offence.map { offenceNames([$0]) } ?? t("catalog.check_next_no_offence")) + " | " + open.joined(separator: ", ") + " |")
            }
            lines.append("")
        }
        return lines
    }

    /// The catalogue as JSON for systems.
    package func json() -> JSONOutput {
        func localized(_ text: LocalizedText) -> JSONOutput { .string(text[language]) }
        func citations(_ list: [Citation]) -> JSONOutput {
            .array(
                list.map {
                    .object([
                        ("source", .string($0.source)), ("lines", .array([.int($0.lines.lowerBound), .int($0.lines.upperBound)])),
                        ("quote", .string($0.quote)),
                    ])
                })
        }
        return .object([
            ("catalogVersion", .string(catalog.catalogVersion)),
            ("attentionAt", .int(catalog.scoring.attentionAt)),
            ("suspicionAt", .int(catalog.scoring.suspicionAt)),
            (
                "indicators",
                .array(
                    catalog.indicators.map { indicator in
                        .object([
                            ("id", .string(indicator.id)), ("family", .string(indicator.family)),
                            ("kind", .string(indicator.kind.rawValue)), ("weight", .int(indicator.weight)),
                            ("question", localized(indicator.question)), ("explanation", localized(indicator.explanation)),
                            ("rationale", localized(indicator.rationale)),
                            ("citations", citations(indicator.citations)),
                        ])
                    })
            ),
            ("offences", .array(catalog.offences.map { .object([("id", .string($0.id)), ("name", localized($0.name))]) })),
            (
                "combinations",
                .array(
                    catalog.combinations.map { combination in
                        .object([
                            ("id", .string(combination.id)), ("name", localized(combination.name)),
                            ("offences", combination.when.offences.map { .array($0.map { .string($0) }) } ?? .null),
                            ("allYes", .array(combination.when.allYes.map { .string($0) })),
                            ("anyYes", .array(combination.when.anyYes.map { .string($0) })),
                            ("atLeast", .string(combination.atLeast.rawValue)),
                            ("rationale", localized(combination.rationale)),
                            ("citations", citations(combination.citations)),
                        ])
                    })
            ),
        ])
    }
}
