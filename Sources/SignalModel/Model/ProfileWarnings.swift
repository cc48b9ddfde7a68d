/// A free text in a case that names a person characteristic (`etniciteit: Roma` in a note): kept, as
/// the assessor wrote it, but worth a warning, for Signaal scores the exploitation and never the
/// person (000 Kader 2.5, L1990). Keys that name one are refused (`profileAttribute`); notes are not,
/// since a note may say why something matters for the handover.
package struct ProfileMention: Sendable, Equatable {
    /// Where the text is: `$.answers["…"].note` or `$.override.reason`.
    package var path: JSONPath
    /// The word as written.
    package var word: String
}

extension Case {
    /// Every note and the override reason that names a person characteristic, in a stable order
    /// (answers by id, then the reason).
    package var profileMentions: [ProfileMention] {
        var mentions: [ProfileMention] = []
        for id in answers.keys.sorted() {
            guard let note = answers[id]?.note, let word = ProfileAttributes.namedIn(note) else { continue }
            mentions.append(ProfileMention(path: JSONPath.root.appending("answers").appending(id).appending("note"), word: word))
        }
        if let reason = override?.reason, let word = ProfileAttributes.namedIn(reason) {
            mentions.append(ProfileMention(path: JSONPath.root.appending("override").appending("reason"), word: word))
        }
        return mentions
    }
}

extension Scenario {
    /// The tags that name a person characteristic (`etniciteit`, `roma`).
    package var profileTags: [String] {
        tags.filter { ProfileAttributes.namedIn($0.replacingUnderscores()) != nil || ProfileAttributes.isProfileAttribute($0) }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" || $0 == "." ? " " : $0 })
    }
}
