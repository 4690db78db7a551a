import Export
import Foundation
import Hummingbird
import ServiceSupport
import Tariffs
import VillageAccounts
import VillageStore

/// `GET /exports`: one table of researcher data, streamed as CSV, JSON Lines or NGSI-LD.
///
/// The Export module writes the table into a private temporary directory (mode 0700, files 0600),
/// which is streamed to the client in chunks and removed once sent. Researchers get pseudonyms
/// keyed by a secret the server keeps in the database, unless the operator granted raw access
/// and they ask for it with `raw=true`.
extension VillageAPI {
    static let exportParameters: [APIRoute.Parameter] = [
        .init(
            name: "table", location: .query, required: true,
            schema: .string(values: ExportTable.allCases.map(\.rawValue)), description: "What to export."),
        .init(
            name: "format", location: .query, required: false,
            schema: .string(values: ExportFormat.allCases.map(\.rawValue)), description: "File format; default csv."),
        .init(
            name: "from", location: .query, required: true, schema: .string(format: "date"),
            description: "First local day, YYYY-MM-DD."),
        .init(
            name: "to", location: .query, required: true, schema: .string(format: "date"),
            description: "Local day after the last, YYYY-MM-DD."),
        .init(
            name: "resolution", location: .query, required: false,
            schema: .string(values: ExportResolution.allCases.map(\.rawValue)),
            description: "Interval resolution; default raw."),
        .init(
            name: "raw", location: .query, required: false, schema: .string(values: ["true", "false"]),
            description: "Identifiers as stored (operators, and researchers granted raw access)."),
    ]

    /// `GET /exports`'s parameters: one table, and which of its files when it has several.
    static let tableExportParameters: [APIRoute.Parameter] =
        exportParameters + [
            .init(
                name: "resource", location: .query, required: false,
                schema: .string(pattern: "^[a-z_]{1,40}$"),
                description:
                    "For a table written as several files (dispatch: dispatch_plan_steps, dispatch_commands), which one; default: the first."
            )
        ]

    /// At most this many days per export request.
    static let maximumExportDays: Int64 = 366

    /// An export request's query, checked: the tables, the range and how to write them.
    struct ExportQuery {
        var tables: [ExportTable]
        var format: ExportFormat
        var resolution: ExportResolution
        var from: LocalDate
        var to: LocalDate
        var pseudonymize: Bool
    }

    /// Reads the query of an export route; `tableNames` reads the table parameter (one table, or a
    /// list).
    func exportQuery(
        _ request: Request, _ context: VillageRequestContext, tables tableNames: (String) throws -> [ExportTable]
    ) throws -> ExportQuery {
        guard let account = context.account else { throw APIError.unauthorized() }
        guard let tableName = RequestInput.query(request, "table") else {
            throw APIError.badRequest(field: "table", "missing")
        }
        let tables = try tableNames(tableName)
        let format =
            try RequestInput.query(request, "format").map { (text) throws(APIError) in
                guard let format = ExportFormat(rawValue: text) else {
                    throw APIError.badRequest(
                        field: "format",
                        "expected one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return format
            } ?? .csv
        let resolution =
            try RequestInput.query(request, "resolution").map { (text) throws(APIError) in
                guard let resolution = ExportResolution(rawValue: text) else {
                    throw APIError.badRequest(
                        field: "resolution",
                        "expected one of \(ExportResolution.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return resolution
            } ?? .raw
        guard let from = try RequestInput.date(request, "from") else {
            throw APIError.badRequest(field: "from", "missing")
        }
        guard let to = try RequestInput.date(request, "to") else { throw APIError.badRequest(field: "to", "missing") }
        guard to.dayNumber > from.dayNumber else { throw APIError.badRequest(field: "to", "must be after from") }
        guard to.dayNumber - from.dayNumber <= Self.maximumExportDays else {
            throw APIError.badRequest(field: "to", "at most \(Self.maximumExportDays) days per export")
        }
        let raw: Bool
        switch RequestInput.query(request, "raw") {
        case nil, "false": raw = false
        case "true": raw = true
        default: throw APIError.badRequest(field: "raw", "expected true or false")
        }
        if raw, account.role == .researcher, !account.rawExportAccess {
            throw APIError.forbidden("raw identifiers need the operator's grant; ask without raw=true for pseudonyms")
        }
        return ExportQuery(
            tables: tables, format: format, resolution: resolution, from: from, to: to, pseudonymize: !raw)
    }

    /// One table's name, as `GET /exports` takes it.
    static func oneTable(_ name: String) throws -> [ExportTable] {
        guard let table = ExportTable(rawValue: name) else {
            throw APIError.badRequest(
                field: "table", "expected one of \(ExportTable.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return [table]
    }

    /// Runs the Export module for `query` into a new private directory; returns the summary and the
    /// directory, which the caller removes. A refusal of the Export module is a 422 naming the field.
    func runExport(_ query: ExportQuery, skipsUnavailableTables: Bool) async throws -> (ExportSummary, String) {
        let directory = try Self.makePrivateDirectory()
        do {
            var keyFile: String?
            if query.pseudonymize {
                let key = try await accounts.serverSecret(named: "pseudonym-key")
                let path = directory + "/key"
                guard
                    FileManager.default.createFile(atPath: path, contents: key, attributes: [.posixPermissions: 0o600])
                else { throw APIError(.internalServerError, code: "export", "cannot prepare the export") }
                keyFile = path
            }
            let exportRequest = ExportRequest(
                databasePath: store.path, from: .local(query.from.dayNumber * 86_400),
                to: .local(query.to.dayNumber * 86_400), tables: query.tables,
                skipsUnavailableTables: skipsUnavailableTables, resolution: query.resolution, format: query.format,
                pseudonymKeyFile: keyFile, outputDirectory: directory + "/out")
            let summary: ExportSummary
            do {
                summary = try await BlockingWork.runLong { try Exporter().run(exportRequest) }
            } catch let error as ExportError {
                throw APIError(
                    .unprocessableContent, code: "export", field: Self.exportField(error.subject), error.message)
            }
            if let keyFile { try? FileManager.default.removeItem(atPath: keyFile) }
            return (summary, directory)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    func export(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let query = try exportQuery(request, context, tables: Self.oneTable)
        let resource = RequestInput.query(request, "resource")
        let (summary, directory) = try await runExport(query, skipsUnavailableTables: false)
        let output = directory + "/out"
        let chosen: ExportSummary.File?
        if let resource {
            guard let file = summary.files.first(where: { $0.name == resource }) else {
                try? FileManager.default.removeItem(atPath: directory)
                let names = summary.files.map(\.name).joined(separator: ", ")
                throw APIError.badRequest(
                    field: "resource", "not a file of this export (it has: \(names.isEmpty ? "none" : names))")
            }
            chosen = file
        } else {
            chosen = summary.files.first
        }
        let file = chosen.map { $0.path.hasPrefix("/") ? $0.path : output + "/" + $0.path }
        return Self.streamingResponse(
            file: file, format: query.format, name: chosen?.name ?? query.tables[0].rawValue, removing: directory)
    }

    /// The query parameter an export refusal is about (`--from` → `from`).
    static func exportField(_ subject: String) -> String {
        switch subject {
        case "--from": "from"
        case "--to": "to"
        case "--what": "table"
        case "--format": "format"
        case "--resolution": "resolution"
        default: "table"
        }
    }

    static func makePrivateDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/village-export-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw APIError(.internalServerError, code: "export", "cannot create a temporary directory")
        }
        return String(cString: made)
    }

    static func mediaType(_ format: ExportFormat) -> String {
        switch format {
        case .csv: "text/csv; charset=utf-8"
        case .jsonl: "application/jsonl"
        case .ngsiLD: "application/ld+json"
        }
    }

    /// Streams `file` (nil: the table had no rows, an empty body) in 64 KiB chunks, then removes
    /// `directory`.
    static func streamingResponse(file: String?, format: ExportFormat, name: String, removing directory: String)
        -> Response
    {
        let headers: HTTPFields = [
            .contentType: mediaType(format),
            .contentDisposition: "attachment; filename=\"\(format.fileName(forResource: name))\"",
        ]
        let body = ResponseBody { writer in
            defer { try? FileManager.default.removeItem(atPath: directory) }
            if let file, let handle = FileHandle(forReadingAtPath: file) {
                defer { try? handle.close() }
                while let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
