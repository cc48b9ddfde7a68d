/// A party to contact.
package struct Contact: Sendable, Equatable {
    package var id: String
    package var name: LocalizedText
    package var phone: String?
    /// Another contact through which this one is reached (AVIM via the police number).
    package var via: String?
    package var hours: LocalizedText
    /// The date of the source the number comes from; shown so users know how old it is.
    package var asOf: String
    package var citations: [Citation]
    /// The organisation the party belongs to (`police` for AVIM, `om` for the officier, `own` for a
    /// function inside the reader's own organisation); defaults to the contact's id.
    package var organisation: String = ""
    /// How a reader of a role reaches this party through its own lines ("via je OC/meldkamer"):
    /// shown instead of a public number.
    package var lines: [Role: LocalizedText] = [:]

    /// How texts name this party when they send a reader to it from outside ("de Raad", "Adviesteam",
    /// "112", "via de politie"), per language. A text a reader of the party's own organisation reads
    /// (a step's action, a contact's hours) must not name it so (`RoutingTable.checkReaders`,
    /// `ContactDirectory.decode`).
    package var names: [Language: [String]] = [:]

    /// The organisation, the id when none is given.
    package var organisationID: String { organisation.isEmpty ? id : organisation }

    /// The first of this party's `names` that `text` contains as whole words (a name's first letter
    /// in either case, the rest exactly: "De Raad" is "de Raad", "raadsonderzoeker" is not "Raad").
    package func nameMentioned(in text: String, _ language: Language) -> String? {
        let haystack = Array(text)
        for name in names[language] ?? [] {
            let needle = Array(name)
            guard let first = needle.first, needle.count <= haystack.count else { continue }
            let firsts = Set([first, Character(first.lowercased()), Character(first.uppercased())].compactMap { $0 })
            for start in 0...(haystack.count - needle.count) where firsts.contains(haystack[start]) {
                guard haystack[(start + 1)..<(start + needle.count)].elementsEqual(needle.dropFirst()) else { continue }
                let before = start == 0 ? nil : haystack[start - 1]
                let after = start + needle.count == haystack.count ? nil : haystack[start + needle.count]
                if !Self.joins(before) && !Self.joins(after) { return name }
            }
        }
        return nil
    }

    /// A character that makes a match part of a longer word (letters, digits, hyphen).
    private static func joins(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "-"
    }

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(
        id: String,
        name: LocalizedText,
        phone: String? = nil,
        via: String? = nil,
        hours: LocalizedText,
        asOf: String,
        citations: [Citation],
        organisation: String = "",
        lines: [Role: LocalizedText] = [:],
        names: [Language: [String]] = [:]
    ) {
        self.id = id
        self.name = name
        self.phone = phone
        self.via = via
        self.hours = hours
        self.asOf = asOf
        self.citations = citations
        self.organisation = organisation
        self.lines = lines
        self.names = names
    }
}

extension Role {
    /// The organisations a reader in this role belongs to or sits at the table with: a step that
    /// sends this reader to one of them is the reader's own task or internal line (`RouteStep.own`).
    /// Police and OM are one reader group in the sources (002 L189 "Werkzaam bij politie & OM");
    /// ZSM is the table where OM, police and the RvdK sit together (000 L738, L742).
    package var ownOrganisations: [String] {
        switch self {
        case .police: ["police", "om"]
        case .zsm: ["zsm", "om", "police", "rvdk"]
        case .rvdk: ["rvdk"]
        case .municipality: ["municipality"]
        case .education, .care, .other: []
        }
    }

    /// The organisations a reader in this role works for, as its texts must treat them: never named as
    /// a party to reach from outside (`Contact.names`). Police and OM are one reader group (002 L189);
    /// ZSM reaches the police at the table, never through 112, 0900-8844 or "via de politie"
    /// (000 L742). ZSM may name the Raad: the raadsonderzoeker sits at the table, and the Raad is
    /// also a party of its own (the Schiphol protocol).
    package var homeOrganisations: [String] {
        switch self {
        case .police: ["police", "om"]
        case .zsm: ["zsm", "police"]
        case .rvdk: ["rvdk"]
        case .municipality: ["municipality"]
        case .education, .care, .other: []
        }
    }

    /// Whether a contact is part of this reader's own organisation (`own` organisations always are).
    package func owns(_ contact: Contact) -> Bool {
        contact.organisationID == "own" || ownOrganisations.contains(contact.organisationID)
    }
}

/// A region with its Raad voor de Kinderbescherming office.
package struct Region: Sendable, Equatable {
    package var id: String
    package var name: String
    package var rvdkPhone: String
    package var rvdkLocation: String
    package var citations: [Citation]

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(id: String, name: String, rvdkPhone: String, rvdkLocation: String, citations: [Citation]) {
        self.id = id
        self.name = name
        self.rvdkPhone = rvdkPhone
        self.rvdkLocation = rvdkLocation
        self.citations = citations
    }
}

/// The contacts directory.
package struct ContactDirectory: Sendable, Equatable {
    package var contacts: [Contact]
    package var regions: [Region]

    package func contact(_ id: String) -> Contact? { contacts.first { $0.id == id } }
    package func region(_ id: String) -> Region? { regions.first { $0.id == id } }

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(contacts: [Contact], regions: [Region]) {
        self.contacts = contacts
        self.regions = regions
    }
}
