extension RoutingTable {
    package static let formatVersion = 1

    /// Decodes the routing table and checks that every party is a known contact.
    /// `indicators`: the catalogue's indicator ids, to check the answers a condition names.
    package static func decode(
        _ bytes: [UInt8], contacts: ContactDirectory, indicators: Set<String>? = nil
    ) throws(SignalError) -> RoutingTable {
        var object = try JSONReader.versionedObject(bytes, supported: formatVersion)
        var officeHours = OfficeHours(weekdays: [1, 2, 3, 4, 5], opens: 9 * 60, closes: 17 * 60)
        if let hoursReader = object.optional("officeHours") {
            var fields = try hoursReader.object()
            var weekdays = Set<Int>()
            for day in try fields.required("weekdays").array() { weekdays.insert(try day.integer(in: 1...7)) }
            officeHours = OfficeHours(
                weekdays: weekdays, opens: try fields.required("opens").clockTime(),
                closes: try fields.required("closes").clockTime())
            _ = try fields.optional("citations")?.citations()
            try fields.finish()
        }
        var rules: [RouteRule] = []
        var ruleIDs = Set<String>()
        var answerIDs = Set<String>()
        for ruleReader in try object.required("rules").array() {
            var fields = try ruleReader.object()
            let idReader = try fields.required("id")
            let id = try idReader.identifier()
            guard ruleIDs.insert(id).inserted else { throw idReader.error(.inconsistentCatalog("duplicate rule id \(id)")) }
            let whenReader = try fields.required("when")
            let when = try whenReader.routeCondition(indicators: indicators)
            // The router gives each routed answer three bits of a 64-bit mask.
            answerIDs.formUnion(when.answers?.keys ?? [:].keys)
            guard answerIDs.count <= Router.maximumRoutedAnswers else {
                throw whenReader.error(.inconsistentCatalog("at most \(Router.maximumRoutedAnswers) indicators in answer conditions"))
            }
            var steps: [RouteStep] = []
            for stepReader in try fields.required("steps").array() {
                var stepFields = try stepReader.object()
                let partyReader = try stepFields.required("party")
                let party = try partyReader.string()
                guard contacts.contact(party) != nil else {
                    throw partyReader.error(.invalidValue(party, allowed: contacts.contacts.map(\.id)))
                }
                let actionReader = try stepFields.required("action")
                var step = RouteStep(
                    id: try stepFields.required("id").identifier(), party: party,
                    urgency: try stepFields.required("urgency").oneOf(Urgency.self),
                    action: try actionReader.localized(),
                    why: try stepFields.required("why").localized(),
                    citations: try stepFields.required("citations").citations())
                step.own = try stepFields.optional("own")?.bool() ?? false
                step.conditionalNow = try stepFields.optional("conditionalNow")?.bool() ?? false
                try stepFields.finish()
                try Self.checkReaders(step, roles: when.roles ?? Role.allCases, contacts: contacts, at: partyReader)
                try Self.checkText(step, roles: when.roles ?? Role.allCases, contacts: contacts, action: actionReader)
                steps.append(step)
            }
            try fields.finish()
            rules.append(RouteRule(id: id, when: when, steps: steps))
        }
        var notes: [LegalNote] = []
        for noteReader in try object.required("notes").array() {
            var fields = try noteReader.object()
            let whenReader = try fields.required("when")
            let when = try whenReader.routeCondition(indicators: indicators)
            answerIDs.formUnion(when.answers?.keys ?? [:].keys)
            guard answerIDs.count <= Router.maximumRoutedAnswers else {
                throw whenReader.error(.inconsistentCatalog("at most \(Router.maximumRoutedAnswers) indicators in answer conditions"))
            }
            notes.append(
                LegalNote(
                    id: try fields.required("id").identifier(), when: when,
                    text: try fields.required("text").localized(), citations: try fields.required("citations").citations()))
            try fields.finish()
        }
        // The route step each gate question of the interview takes its sources from: a known step id.
        var gateSources: [GateQuestion: String] = [:]
        if let gatesReader = object.optional("gateSources") {
            let stepIDs = Set(rules.flatMap { $0.steps.map(\.id) })
            for member in try gatesReader.object().members {
                let memberReader = JSONReader(member.value, path: gatesReader.path.appending(member.key))
                guard let gate = GateQuestion(rawValue: member.key) else {
                    throw memberReader.error(.invalidValue(member.key, allowed: GateQuestion.allCases.map(\.rawValue)))
                }
                let step = try memberReader.string()
                guard stepIDs.contains(step) else {
                    throw memberReader.error(.invalidValue(step, allowed: stepIDs.sorted()))
                }
                gateSources[gate] = step
            }
        }
        try object.finish()
        return RoutingTable(officeHours: officeHours, rules: rules, notes: notes, gateSources: gateSources)
    }
}

extension RoutingTable {
    /// A step has a reader: every role a rule can apply to reads its steps. A step whose party is
    /// the reader's own organisation (the RvdK told to call the Raad, police told to dial 112) must
    /// be written as that reader's own task or internal line and marked `"own": true`; a step marked
    /// so may only reach readers of that organisation; and an own step needs the line by which that
    /// reader reaches the party (`lines` in contacts.json), so no public number is shown for it.
    /// Located at the step's party.
    static func checkReaders(_ step: RouteStep, roles: [Role], contacts: ContactDirectory, at reader: JSONReader) throws(SignalError) {
        guard let contact = contacts.contact(step.party) else { return }
        for role in roles {
            let owns = role.owns(contact)
            if owns && !step.own {
                throw reader.error(
                    .inconsistentCatalog(
                        "step \(step.id) tells the \(role.rawValue) reader to contact its own organisation (\(contact.organisationID)): "
                            + "write it as that reader's own task and mark it \"own\": true, or leave \(role.rawValue) out of the rule's roles"))
            }
            if !owns && step.own {
                throw reader.error(
                    .inconsistentCatalog(
                        "step \(step.id) is marked own, but \(step.party) (\(contact.organisationID)) is not the \(role.rawValue) reader's own organisation: "
                            + "narrow the rule's roles"))
            }
            if owns && contact.organisationID != "own" && contact.lines[role] == nil {
                throw reader.error(
                    .inconsistentCatalog(
                        "step \(step.id) is the \(role.rawValue) reader's own line to \(step.party), but contacts.json gives no line for \(role.rawValue) "
                            + "(\"lines\": {\"\(role.rawValue)\": …}): a public number would be shown"))
            }
        }
    }
}

extension RoutingTable {
    /// A step's action must not send a reader to its own organisation in words either: a step that is
    /// not the reader's own task may not name (`Contact.names`) a party of the reader's home
    /// organisation ("Bel het Adviesteam van de Raad" to the RvdK, "via de politie" to police or ZSM).
    /// Located at the action's text in that language. Reasons (`why`) may name the organisation: they
    /// explain, they do not send anyone anywhere.
    static func checkText(_ step: RouteStep, roles: [Role], contacts: ContactDirectory, action: JSONReader) throws(SignalError) {
        guard !step.own else { return }
        for role in roles {
            for contact in contacts.contacts where !contact.names.isEmpty && role.homeOrganisations.contains(contact.organisationID) {
                for language in Language.allCases {
                    guard let name = contact.nameMentioned(in: step.action[language], language) else { continue }
                    var located = action
                    if var object = try? action.object(), let text = try? object.required(language.rawValue) { located = text }
                    throw located.error(
                        .inconsistentCatalog(
                            "step \(step.id) tells the \(role.rawValue) reader in words to contact its own organisation "
                                + "(\"\(name)\", \(contact.id)): give that reader a step of its own, written as its own task or line, "
                                + "or leave \(role.rawValue) out of the rule's roles"))
                }
            }
        }
    }
}

extension ContactDirectory {
    package static let formatVersion = 1

    /// Decodes the contacts directory.
    package static func decode(_ bytes: [UInt8]) throws(SignalError) -> ContactDirectory {
        var object = try JSONReader.versionedObject(bytes, supported: formatVersion)
        var contacts: [Contact] = []
        var hoursReaders: [JSONReader] = []
        var viaReaders: [JSONReader?] = []
        for contactReader in try object.required("contacts").array() {
            var fields = try contactReader.object()
            let hoursReader = try fields.required("hours")
            let viaReader = fields.optional("via")
            hoursReaders.append(hoursReader)
            viaReaders.append(viaReader)
            var contact = Contact(
                id: try fields.required("id").identifier(), name: try fields.required("name").localized(),
                phone: try fields.optional("phone")?.string(length: 1...40),
                via: try viaReader?.identifier(),
                hours: try hoursReader.localized(),
                asOf: try fields.required("asOf").string(length: 1...40),
                citations: try fields.required("citations").citations())
            contact.organisation = try fields.optional("organisation")?.identifier() ?? ""
            if let linesReader = fields.optional("lines") {
                var lines = try linesReader.object()
                for key in lines.keys {
                    let value = try lines.required(key)
                    guard let role = Role(rawValue: key) else {
                        throw value.error(.invalidValue(key, allowed: Role.allCases.map(\.rawValue)))
                    }
                    contact.lines[role] = try value.localized()
                }
                try lines.finish()
            }
            if let namesReader = fields.optional("names") {
                var names = try namesReader.object()
                for language in Language.allCases {
                    let list = try names.required(language.rawValue)
                    let values = try list.strings()
                    guard !values.isEmpty, !values.contains(where: \.isEmpty) else {
                        throw list.error(.inconsistentCatalog("list at least one name, none empty"))
                    }
                    contact.names[language] = values
                }
                try names.finish()
            }
            try fields.finish()
            contacts.append(contact)
        }
        try Self.checkOwnMentions(contacts, hours: hoursReaders, via: viaReaders)
        var regions: [Region] = []
        for regionReader in try object.required("regions").array() {
            var fields = try regionReader.object()
            let id = try fields.required("id").identifier()
            let name = try fields.required("name").string(length: 1...80)
            var rvdk = try fields.required("rvdk").object()
            let phone = try rvdk.required("phone").string(length: 1...40)
            let location = try rvdk.required("location").string(length: 1...80)
            try rvdk.finish()
            regions.append(
                Region(
                    id: id, name: name, rvdkPhone: phone, rvdkLocation: location,
                    citations: try fields.required("citations").citations()))
            try fields.finish()
        }
        try object.finish()
        return ContactDirectory(contacts: contacts, regions: regions)
    }

    /// What a reader is shown for a party it has no line for (`Contact.lines`) must not send it to its
    /// own organisation: the party's `hours` may not name (`Contact.names`) a party of the reader's
    /// home organisation ("via de Raad" to the RvdK), and a party without a number may not be reached
    /// `via` a party of the reader's own organisation. Located at the text or the `via`.
    static func checkOwnMentions(_ contacts: [Contact], hours: [JSONReader], via: [JSONReader?]) throws(SignalError) {
        for (index, contact) in contacts.enumerated() {
            for role in Role.allCases where contact.lines[role] == nil {
                for own in contacts where !own.names.isEmpty && role.homeOrganisations.contains(own.organisationID) {
                    for language in Language.allCases {
                        guard let name = own.nameMentioned(in: contact.hours[language], language) else { continue }
                        var located = hours[index]
                        if var object = try? hours[index].object(), let text = try? object.required(language.rawValue) { located = text }
                        throw located.error(
                            .inconsistentCatalog(
                                "\(contact.id)'s hours tell the \(role.rawValue) reader to go through its own organisation "
                                    + "(\"\(name)\", \(own.id)): give \(contact.id) a line for \(role.rawValue) (\"lines\"), or reword"))
                    }
                }
                if contact.phone == nil, let viaID = contact.via, let through = contacts.first(where: { $0.id == viaID }), role.owns(through),
                    let reader = via[index]
                {
                    throw reader.error(
                        .inconsistentCatalog(
                            "\(contact.id) is reached via \(viaID), the \(role.rawValue) reader's own organisation, and has no line for "
                                + "\(role.rawValue): give it one (\"lines\")"))
                }
            }
        }
    }
}

extension JSONReader {
    /// `"HH:MM"` as minutes after midnight.
    func clockTime() throws(SignalError) -> Int {
        let text = try string()
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours),
            (0..<60).contains(minutes)
        else { throw error(.invalidTimestamp(text)) }
        return hours * 60 + minutes
    }

    /// A rule's or note's condition; `indicators` (the catalogue's ids, when known) checks the ids
    /// an `answer` condition names.
    func routeCondition(indicators: Set<String>? = nil) throws(SignalError) -> RouteCondition {
        var fields = try object()
        var condition = RouteCondition()
        condition.roles = try fields.optional("role")?.listOf(Role.self)
        condition.ageBands = try fields.optional("ageBand")?.listOf(AgeBand.self)
        condition.levels = try fields.optional("level")?.listOf(Level.self)
        condition.acute = try fields.optional("acute")?.listOf(TriState.self)
        condition.guardian = try fields.optional("guardian")?.listOf(TriState.self)
        condition.registered = try fields.optional("registered")?.listOf(TriState.self)
        condition.officeHours = try fields.optional("officeHours")?.listOf(TriState.self)
        condition.offences = try fields.optional("offence")?.strings()
        condition.offencesExcluded = try fields.optional("offenceNot")?.strings()
        condition.offenceGiven = try fields.optional("offenceGiven")?.bool()
        if let answersReader = fields.optional("answer") {
            var answers: [String: [TriState]] = [:]
            let object = try answersReader.object()
            for member in object.members {
                let memberReader = JSONReader(member.value, path: answersReader.path.appending(member.key))
                if let indicators, !indicators.contains(member.key) {
                    throw memberReader.error(
                        .unknownIndicator(member.key, suggestion: Suggest.closest(to: member.key, in: Array(indicators))))
                }
                let states = try memberReader.listOf(TriState.self)
                guard !states.isEmpty else {
                    throw memberReader.error(.inconsistentCatalog("list at least one of yes, no, unknown"))
                }
                answers[member.key] = states
            }
            guard !answers.isEmpty else { throw answersReader.error(.inconsistentCatalog("answer names at least one indicator")) }
            condition.answers = answers
        }
        try fields.finish()
        return condition
    }
}
