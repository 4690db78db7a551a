import Export
import Foundation
import Hummingbird

/// `GET /exports/package`: what an export of one table or of all of them writes, without the data:
/// the files (with their rows and bytes), the tables skipped and why, and the Frictionless
/// `datapackage.json` as the Export module wrote it. `village export` through the server asks for it
/// first, then fetches each file from `GET /exports`, so it writes the same files as a local export.
///
/// The server runs the export to describe it (the rows and bytes are those of real files), so an
/// export through the server reads the database twice.
extension VillageAPI {
    struct ExportPackage: Encodable {
        /// One file of the export: its table, resource name, file name (in the output directory),
        /// data rows and size.
        struct File: Encodable {
            var table: String
            var name: String
            var path: String
            var rows: Int
            var bytes: Int64
        }

        var files: [File]
        var skipped: [ExportSummary.Skipped]
        /// The text of `datapackage.json`, byte for byte.
        var dataPackage: String

        static var schema: JSONSchema {
            let file = JSONSchema.record([
                "table": .string(), "name": .string(), "path": .string(), "rows": .integer, "bytes": .integer,
            ])
            let skipped = JSONSchema.record(["table": .string(), "name": .string(), "reason": .string()])
            return .record(["files": .array(of: file), "skipped": .array(of: skipped), "dataPackage": .string()])
        }
    }

    static let packageParameters: [APIRoute.Parameter] =
        [
            .init(
                name: "table", location: .query, required: true,
                schema: .string(values: ExportTable.allCases.map(\.rawValue) + ["all"]),
                description: "One table, or all: tables not recorded or empty are then skipped, as `--what all` does.")
        ] + exportParameters.filter { $0.name != "table" }

    func exportPackage(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let query = try exportQuery(request, context) { name in
            name == "all" ? ExportTable.allCases : try Self.oneTable(name)
        }
        let everyTable = RequestInput.query(request, "table") == "all"
        let (summary, directory) = try await runExport(query, skipsUnavailableTables: everyTable)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let descriptorPath =
            summary.dataPackagePath.hasPrefix("/")
            ? summary.dataPackagePath : directory + "/out/" + summary.dataPackagePath
        guard let descriptor = FileManager.default.contents(atPath: descriptorPath) else {
            throw APIError(.internalServerError, code: "export", "the export wrote no data package")
        }
        let files = summary.files.map {
            ExportPackage.File(
                table: $0.table.rawValue, name: $0.name, path: URL(fileURLWithPath: $0.path).lastPathComponent,
                rows: $0.rows,
                bytes: $0.bytes)
        }
        return try JSONResponse.make(
            ExportPackage(
                files: files, skipped: summary.skipped, dataPackage: String(decoding: descriptor, as: UTF8.self)))
    }
}
