import Foundation
import Testing

/// Rooms named for what they hold (issue 23): a file that held several things under another's name
/// is split, and each room holds exactly the top-level types listed here. Moving a type into one of
/// these files, or out of it, is a decision to make here too.
@Suite("Source files hold what their names say")
struct RoomsTests {
    static let rooms: [String: Set<String>] = [
        "Sources/SignalModel/Model/Routing.swift": [
            "Urgency", "RouteSituation", "RouteCondition", "RouteMask", "RouteStep", "RouteRule", "LegalNote", "OfficeHours", "RoutingTable",
        ],
        "Sources/SignalModel/Model/Contacts.swift": ["Contact", "Region", "ContactDirectory"],
        "Sources/SignalModel/Interview/ChecklistGroup.swift": ["ChecklistGroup"],
        "Sources/SignalModel/Interview/InterviewPlan.swift": ["InterviewPlan"],
        "Sources/SignalModel/Interview/EndBlock.swift": ["EndBlock"],
    ]

    /// The names of the top-level types a Swift file declares.
    static func topLevelTypes(_ text: String) -> Set<String> {
        var names: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.hasPrefix(" ") {
            var words = line.split(separator: " ").map(String.init)
            while let first = words.first, ["public", "package", "private", "fileprivate", "internal", "final", "indirect"].contains(first) {
                words.removeFirst()
            }
            guard words.count >= 2, ["struct", "enum", "class", "protocol", "actor"].contains(words[0]) else { continue }
            names.insert(String(words[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }))
        }
        return names
    }

    @Test("contacts, the interview plan and the end block have rooms of their own")
    func roomsHoldTheirTypes() throws {
        for (path, expected) in Self.rooms {
            let text = try String(contentsOf: Binary.root.appendingPathComponent(path), encoding: .utf8)
            #expect(Self.topLevelTypes(text) == expected, "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: Binary.root.appendingPathComponent("Sources/SignalModel/Interview/Checklist.swift").path))
    }
}
