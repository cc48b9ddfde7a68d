/// The two languages every user-facing text exists in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case nl
    case en

    /// The language a `LANG`/`LC_ALL` value asks for: Dutch for `nl*`, otherwise English.
    package static func fromLocale(_ value: String?) -> Language {
        guard let value, value.lowercased().hasPrefix("nl") else { return .en }
        return .nl
    }
}

/// A text in Dutch and English.
public struct LocalizedText: Sendable, Equatable, Hashable {
    /// The Dutch text.
    public var nl: String
    /// The English text.
    public var en: String

    /// A text in both languages.
    public init(nl: String, en: String) {
        self.nl = nl
        self.en = en
    }

    /// The text in one language.
    public subscript(language: Language) -> String {
        switch language {
        case .nl: nl
        case .en: en
        }
    }
}
