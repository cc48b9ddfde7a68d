/// The officer's own defaults for the interview, kept in `$XDG_CONFIG_HOME/signaal/settings.json`
/// and set with `signaal triage --set-region ID`:
///
/// ```json
/// {"version": 1, "region": "utrecht"}
/// ```
/// With a region set, the interview does not ask it and every route step gets the regional number.
public struct InterviewSettings: Sendable, Equatable {
    /// The settings format version this Signaal reads and writes.
    public static let formatVersion = 1

    /// A region id from the contacts directory, or nil for none.
    public var region: String?

    public init(region: String?) {
        self.region = region
    }

    /// The settings as JSON.
    package func encoded() -> JSONOutput {
        .object([("version", .int(Self.formatVersion)), ("region", .optional(region))])
    }

    /// Decodes settings strictly; the region must be in the contacts directory.
    public static func decode(_ bytes: [UInt8], knowledge: Knowledge) throws(SignalError) -> InterviewSettings {
        var object = try JSONReader.versionedObject(bytes, supported: formatVersion)
        let region = try object.optionalNonNull("region")?.region(in: knowledge.contacts)
        try object.finish()
        return InterviewSettings(region: region)
    }
}
