/// The officer's own defaults for the interview, kept in `$XDG_CONFIG_HOME/signaal/settings.json`
/// and set with `signaal triage --set-region ID`:
///
/// ```json
/// {"version": 1, "region": "utrecht", "draftRetentionDays": 14}
/// ```
/// With a region set, the interview does not ask it and every route step gets the regional number.
/// `draftRetentionDays` (1–365, default 14): drafts not touched for longer are deleted at the next
/// start of `signaal triage` (storage limitation: a draft holds notes about a child).
package struct InterviewSettings: Sendable, Equatable {
    /// The settings format version this Signaal reads and writes.
    package static let formatVersion = 1

    /// A region id from the contacts directory, or nil for none.
    package var region: String?
    /// Days a draft is kept after its last change; nil: `defaultDraftRetentionDays`.
    package var draftRetentionDays: Int?

    /// How long drafts are kept when the settings do not say.
    package static let defaultDraftRetentionDays = 14
    /// The range `draftRetentionDays` accepts.
    package static let draftRetentionRange = 1...365

    package init(region: String?, draftRetentionDays: Int? = nil) {
        self.region = region
        self.draftRetentionDays = draftRetentionDays
    }

    /// The settings as JSON (`draftRetentionDays` only when set).
    package func encoded() -> JSONOutput {
        var members: [(String, JSONOutput)] = [("version", .int(Self.formatVersion)), ("region", .optional(region))]
        if let draftRetentionDays { members.append(("draftRetentionDays", .int(draftRetentionDays))) }
        return .object(members)
    }

    /// Decodes settings strictly; the region must be in the contacts directory.
    package static func decode(_ bytes: [UInt8], knowledge: Knowledge) throws(SignalError) -> InterviewSettings {
        var object = try JSONReader.versionedObject(bytes, supported: formatVersion)
        let region = try object.optionalNonNull("region")?.region(in: knowledge.contacts)
        let days = try object.optionalNonNull("draftRetentionDays")?.integer(in: draftRetentionRange)
        try object.finish()
        return InterviewSettings(region: region, draftRetentionDays: days)
    }
}
