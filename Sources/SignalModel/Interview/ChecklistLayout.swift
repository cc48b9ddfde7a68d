/// How the checklist is laid out on a terminal of a given size: family blocks (the family's name in
/// a left column, its numbered items flowing beside it) packed into pages that fit the rows left
/// under the question and above the key line and prompt.
///
/// It prints nothing and adds no colour: `signaal triage` draws the pages, and the coverage
/// benchmark counts them (every page is a prompt), so the layout lives here, beside the interview.
package struct ChecklistLayout: Sendable {
    package let knowledge: Knowledge
    package let language: Language
    /// Columns of the terminal.
    package let width: Int
    /// Rows of the terminal; nil when unknown (a pipe): everything on one page.
    package let rows: Int?
    /// A mark after an item's label, by indicator id: in a continuation what an earlier reader
    /// answered (` ✓` yes, ` ✗` no, ` ?` unknown), so it is shown, not asked again.
    package var marks: [String: String] = [:]

    package init(knowledge: Knowledge, language: Language, width: Int, rows: Int?) {
        self.knowledge = knowledge
        self.language = language
        self.width = max(width, 30)
        self.rows = rows
    }

    /// Rows kept for the screen around the items: a blank line, the progress line, the question,
    /// the ticked items (at most two lines), the key line, the prompt, and three lines for the
    /// answer to a mistyped entry under the prompt (the reason and the prompt again).
    package var reservedRows: Int {
        let question = Self.wrap(text("triage.question.checklist_short"), width: width).count
        let keys = Self.wrap(text("triage.choices.checklist_page"), width: width - 4).count
        return 1 + 1 + question + 2 + keys + 1 + 3
    }

    /// The pages: each a run of family blocks (a family longer than a page is split) whose lines
    /// fit the rows left. Never empty when `groups` has items; one page when the rows are unknown.
    package func pages(_ groups: [ChecklistGroup], numbers: [String: Int]) -> [[ChecklistGroup]] {
        guard let rows else { return groups.isEmpty ? [] : [groups] }
        let room = max(rows - reservedRows, 4)
        var pages: [[ChecklistGroup]] = []
        var page: [ChecklistGroup] = []
        var used = 0
        for group in groups {
            var rest = group
            while !rest.items.isEmpty {
                if used + blockLines(rest, numbers: numbers).count <= room {
                    page.append(rest)
                    used += blockLines(rest, numbers: numbers).count
                    break
                }
                // As many of the family's items as fit what is left of the page; the rest of the
                // family goes on the next page under its name again.
                var count = rest.items.count - 1
                while count > 0, blockLines(Self.prefix(rest, count), numbers: numbers).count > room - used { count -= 1 }
                if count == 0 {
                    if page.isEmpty {
                        count = 1  // one item taller than a page: shown anyway
                    } else {
                        pages.append(page)
                        page = []
                        used = 0
                        continue
                    }
                }
                page.append(Self.prefix(rest, count))
                pages.append(page)
                page = []
                used = 0
                rest = ChecklistGroup(family: rest.family, items: Array(rest.items.dropFirst(count)))
            }
        }
        if !page.isEmpty { pages.append(page) }
        return pages
    }

    private static func prefix(_ group: ChecklistGroup, _ count: Int) -> ChecklistGroup {
        ChecklistGroup(family: group.family, items: Array(group.items.prefix(count)))
    }

    /// One family block: its name in a left column (on its own line when narrow or long) and its
    /// items, each kept whole on a line, `number label` separated by ` · `. A context item among
    /// scored items is marked `*` (not scored), like the context family's name.
    package func blockLines(_ group: ChecklistGroup, numbers: [String: Int]) -> [String] {
        let name = familyName(group.family)
        let wide = width >= 70
        let column = wide ? 13 : 2
        let allContext = group.items.allSatisfy { !$0.isScored }
        let items = group.items.map { item -> String in
            let number = numbers[item.id].map(String.init) ?? "?"
            return number + " " + label(item) + (item.isScored || allContext ? "" : "*") + (marks[item.id] ?? "")
        }
        let pad = String(repeating: " ", count: column)
        let ownLine = !wide || name.count + 2 > column
        var lines: [String] = []
        var line = ownLine ? pad : name + String(repeating: " ", count: column - name.count)
        if ownLine { lines.append(name) }
        var lineHasItem = false
        for item in items {
            let piece = (lineHasItem ? "  · " : "") + item
            if lineHasItem, line.count + piece.count > width {
                lines.append(line)
                line = pad + item
            } else {
                line += piece
            }
            lineHasItem = true
        }
        lines.append(line)
        return lines
    }

    /// The family's short name on the checklist (`triage.family.<id>`), else its catalogue name.
    package func familyName(_ family: Family) -> String {
        let key = "triage.family." + family.id
        let value = text(key)
        return value == key ? family.name[language] : value
    }

    /// The short checklist label of an indicator (`triage.item.<id>`), else its question.
    package func label(_ indicator: Indicator) -> String {
        let key = "triage.item." + indicator.id
        let value = text(key)
        return value == key ? indicator.question[language] : value
    }

    private func text(_ key: String) -> String { knowledge.texts.text(key, language, [:]) }

    /// Word wrap without indentation (the executable's own wrapper adds styles and indents).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
            while line.count > width {
                lines.append(String(line.prefix(width)))
                line = String(line.dropFirst(width))
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
