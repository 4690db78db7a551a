import ArgumentParser
import Export
import Foundation

/// `--what` of `village export`: one table, or all of them (then tables the store lacks are skipped
/// rather than refused).
enum ExportTableSelection: Hashable, RawRepresentable, CaseIterable, ExpressibleByArgument {
    case table(ExportTable)
    case all

    static var allCases: [ExportTableSelection] { ExportTable.allCases.map(Self.table) + [.all] }

    init?(rawValue: String) {
        if rawValue == "all" {
            self = .all
        } else if let table = ExportTable(rawValue: rawValue) {
            self = .table(table)
        } else {
            return nil
        }
    }

    /// Case and surrounding blanks do not matter, as in the library's own parsing.
    init?(argument: String) {
        self.init(rawValue: argument.trimmingCharacters(in: .whitespaces).lowercased())
    }

    var rawValue: String {
        switch self {
        case .table(let table): table.rawValue
        case .all: "all"
        }
    }

    var tables: [ExportTable] {
        switch self {
        case .table(let table): [table]
        case .all: ExportTable.allCases
        }
    }
}
