extension JSONSyntaxProblem {
    func message(_ texts: Texts, _ language: Language) -> String {
        switch self {
        case .emptyInput: texts.text("error.syntax.empty", language)
        case .unexpectedEnd: texts.text("error.syntax.end", language)
        case .unexpectedCharacter(let character):
            texts.text("error.syntax.character", language, ["character": character])
        case .invalidEscape: texts.text("error.syntax.escape", language)
        case .invalidUnicodeEscape: texts.text("error.syntax.unicode_escape", language)
        case .controlCharacterInString: texts.text("error.syntax.control", language)
        case .invalidUTF8: texts.text("error.syntax.utf8", language)
        case .invalidNumber: texts.text("error.syntax.number", language)
        case .tooDeep(let limit): texts.text("error.syntax.depth", language, ["limit": String(limit)])
        case .duplicateKey(let key): texts.text("error.syntax.duplicate", language, ["key": SignalError.clip(key)])
        case .trailingComma: texts.text("error.syntax.trailing_comma", language)
        case .trailingContent: texts.text("error.syntax.trailing", language)
        }
    }
}

extension SignalError {
    /// The one place where input errors become words.
    package func message(_ texts: Texts, _ language: Language) -> String {
        let body: String
        switch kind {
        case .syntax(let problem):
            body = texts.text("error.syntax", language, ["problem": problem.message(texts, language)])
        case .wrongType(let expected, let found):
            body = texts.text("error.wrong_type", language, ["expected": expected, "found": found])
        case .missingKey(let key):
            body = texts.text("error.missing_key", language, ["key": Self.clip(key)])
        case .missingKeys(let keys):
            body = texts.text(
                "error.missing_keys", language,
                ["count": String(keys.count), "keys": keys.map { "\"" + Self.clip($0) + "\"" }.joined(separator: ", ")])
        case .unknownKey(let key, let suggestion):
            body = texts.text("error.unknown_key", language, ["key": Self.clip(key)]) + didYouMean(suggestion, texts, language)
        case .profileAttribute(let key):
            body = texts.text("error.profile_attribute", language, ["key": Self.clip(key)])
        case .invalidValue(let value, let allowed):
            let shown = allowed.count > 16 ? Array(allowed.prefix(16)) + ["…"] : allowed
            body = texts.text(
                "error.invalid_value", language,
                ["value": Self.clip(value), "allowed": shown.joined(separator: ", ")])
        case .outOfRange(let value, let range):
            body = texts.text(
                "error.out_of_range", language,
                ["value": Self.clip(value), "min": String(range.lowerBound), "max": String(range.upperBound)])
        case .unknownIndicator(let id, let suggestion):
            body = texts.text("error.unknown_indicator", language, ["id": Self.clip(id)]) + didYouMean(suggestion, texts, language)
        case .unsupportedVersion(let found, let supported):
            body = texts.text(
                "error.unsupported_version", language, ["found": Self.clip(found), "supported": String(supported)])
        case .needsVersion(let key, let version):
            body = texts.text("error.needs_version", language, ["key": Self.clip(key), "version": String(version)])
        case .answerDiffersFromHistory(let id, let contribution):
            body = texts.text("error.answer_differs_from_history", language, ["id": Self.clip(id), "contribution": String(contribution)])
        case .unknownStep(let id, let suggestion):
            body = texts.text("error.unknown_step", language, ["id": Self.clip(id)]) + didYouMean(suggestion, texts, language)
        case .repeatedStep(let id):
            body = texts.text("error.repeated_step", language, ["id": Self.clip(id)])
        case .unsupportedVersions(let found, let supported):
            body = texts.text(
                "error.unsupported_versions", language,
                ["found": Self.clip(found), "oldest": String(supported.lowerBound), "newest": String(supported.upperBound)])
        case .invalidTimestamp(let value):
            body = texts.text("error.invalid_timestamp", language, ["value": Self.clip(value)])
        case .badLength(let min, let max):
            body = texts.text("error.bad_length", language, ["min": String(min), "max": String(max)])
        case .blankText:
            body = texts.text("error.blank_text", language)
        case .invalidAge(let value):
            body = texts.text("error.invalid_age", language, ["value": Self.clip(value)])
        case .unknownRegion(let id, let suggestion):
            body = texts.text("error.unknown_region", language, ["id": Self.clip(id)]) + didYouMean(suggestion, texts, language)
        case .personalIdentifier(let character):
            body = (character.map { texts.text("error.personal_identifier.where", language, ["character": String($0)]) } ?? "")
                + texts.text("error.personal_identifier", language)
        case .invisibleCharacter(let scalar, let character):
            let hex = String(scalar, radix: 16, uppercase: true)
            body = texts.text(
                "error.invisible_character", language,
                ["character": String(character), "code": "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex])
        case .inconsistentCatalog(let detail):
            body = texts.text("error.inconsistent_catalog", language, ["detail": detail])
        }
        return locationPrefix + body
    }

    /// `file:line:column: $.path: ` — as much of it as is known.
    package var locationPrefix: String {
        var prefix = ""
        if let file = location.file { prefix += UserText.line(file) + ":" }
        if let position = location.position { prefix += "\(position.line):\(position.column):" }
        if !prefix.isEmpty { prefix += " " }
        if let path = location.path { prefix += path.description + ": " }
        return prefix
    }

    private func didYouMean(_ suggestion: String?, _ texts: Texts, _ language: Language) -> String {
        guard let suggestion else { return "" }
        return texts.text("error.did_you_mean_inline", language, ["suggestion": suggestion])
    }

    /// Long user values are shortened and control characters escaped (`\u001B`), so an error stays
    /// one readable line and cannot send escape sequences to the terminal.
    static func clip(_ value: String) -> String {
        UserText.line(UserText.clipped(value, to: 60))
    }
}
