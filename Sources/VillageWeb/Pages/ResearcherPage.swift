import Export
import Foundation
import Tariffs
import VillageCore

/// The researcher's export form: what to export, in which format and resolution, over which local
/// days. Posted back as a GET (a download is safe and idempotent), read into an ``ExportChoice`` or
/// refused with a message next to each wrong field.
package struct ResearcherPage: Sendable, Hashable {
    package struct Option: Sendable, Hashable {
        package var value: String
        package var selected: Bool
    }

    package var tables: [Option]
    package var formats: [Option]
    package var resolutions: [Option]
    package var from: String
    package var to: String
    package var errors: [String: String]
    package var fromError: String?
    package var toError: String?
    package var tableError: String?
    package var formatError: String?
    package var resolutionError: String?
    package var failed: Bool
    /// Whether the account may export identifiers as stored.
    package var raw: Bool

    package init(typed: [String: String] = [:], errors: [String: String] = [:], raw: Bool) {
        func options(_ all: [String], _ chosen: String?, default value: String) -> [Option] {
            all.map { Option(value: $0, selected: $0 == (chosen ?? value)) }
        }
        tables = options(ExportChoice.tables.map(\.rawValue), typed["table"], default: "intervals")
        formats = options(ExportFormat.allCases.map(\.rawValue), typed["format"], default: "csv")
        resolutions = options(ExportResolution.allCases.map(\.rawValue), typed["resolution"], default: "1h")
        from = typed["from"] ?? ""
        to = typed["to"] ?? ""
        self.errors = errors
        fromError = errors["from"]
        toError = errors["to"]
        tableError = errors["table"]
        formatError = errors["format"]
        resolutionError = errors["resolution"]
        failed = !errors.isEmpty
        self.raw = raw
    }
}

/// A valid export form: one table, a format, a resolution and local days [from, to).
package struct ExportChoice: Sendable {
    /// Tables a researcher may download from the page (readings and events are operators' matters).
    package static let tables: [ExportTable] = [.intervals, .trades, .dispatch]

    package var table: ExportTable
    package var format: ExportFormat
    package var resolution: ExportResolution
    package var from: LocalDate
    package var to: LocalDate

    /// The file name the browser saves, e.g. `village-intervals-2025-06-16.csv`.
    package var fileName: String { "village-\(from)-\(format.fileName(for: table))" }

    package static func read(_ form: [String: String]) -> FormOutcome<ExportChoice, ResearcherPage> {
        var errors: [String: String] = [:]
        let table = ExportTable(rawValue: form["table"] ?? "").flatMap { tables.contains($0) ? $0 : nil }
        if table == nil {
            errors["table"] = "choose one of \(tables.map(\.rawValue).joined(separator: ", "))"
        }
        let format = ExportFormat(rawValue: form["format"] ?? "")
        if format == nil {
            errors["format"] = "choose one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        }
        let resolution = ExportResolution(rawValue: form["resolution"] ?? "")
        if resolution == nil {
            errors["resolution"] = "choose one of \(ExportResolution.allCases.map(\.rawValue).joined(separator: ", "))"
        }
        func date(_ name: String) -> LocalDate? {
            let text = (form[name] ?? "").trimmingCharacters(in: .whitespaces)
            guard let date = LocalDate(iso: text), date.description == text else {
                errors[name] = "'\(text)' is not a date as YYYY-MM-DD"
                return nil
            }
            return date
        }
        let from = date("from")
        let to = date("to")
        if let from, let to, to.dayNumber <= from.dayNumber { errors["to"] = "must be after the first day" }
        if let from, let to, to.dayNumber - from.dayNumber > 366 { errors["to"] = "at most 366 days at once" }
        guard errors.isEmpty, let table, let format, let resolution, let from, let to else {
            return .refused(ResearcherPage(typed: form, errors: errors, raw: false))
        }
        return .accepted(ExportChoice(table: table, format: format, resolution: resolution, from: from, to: to))
    }
}
