import Export
import Foundation
import Hummingbird
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

    /// At most this many days per export request.
    static let maximumExportDays: Int64 = 366

    func export(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        guard let account = context.account else { throw APIError.unauthorized() }
        guard let tableName = RequestInput.query(request, "table") else {
            throw APIError.badRequest(field: "table", "missing")
        }
        guard let table = ExportTable(rawValue: tableName) else {
            throw APIError.badRequest(
                field: "table", "expected one of \(ExportTable.allCases.map(\.rawValue).joined(separator: ", "))")
        }
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
        let pseudonymize = !raw

        let directory = try Self.makePrivateDirectory()
        do {
            var keyFile: String?
            if pseudonymize {
                let key = try await accounts.serverSecret(named: "pseudonym-key")
                let path = directory + "/key"
                guard
                    FileManager.default.createFile(atPath: path, contents: key, attributes: [.posixPermissions: 0o600])
                else { throw APIError(.internalServerError, code: "export", "cannot prepare the export") }
                keyFile = path
            }
            let output = directory + "/out"
            let exportRequest = ExportRequest(
                databasePath: store.path, from: .local(from.dayNumber * 86_400), to: .local(to.dayNumber * 86_400),
                tables: [table], resolution: resolution, format: format, pseudonymKeyFile: keyFile,
                outputDirectory: output)
            let summary: ExportSummary
            do {
                summary = try Exporter().run(exportRequest)
            } catch {
                throw APIError(
                    .unprocessableContent, code: "export", field: Self.exportField(error.subject), error.message)
            }
            if let keyFile { try? FileManager.default.removeItem(atPath: keyFile) }
            let file = summary.files.first.map { $0.path.hasPrefix("/") ? $0.path : output + "/" + $0.path }
            return Self.streamingResponse(file: file, format: format, table: table, removing: directory)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
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
    static func streamingResponse(file: String?, format: ExportFormat, table: ExportTable, removing directory: String)
        -> Response
    {
        let headers: HTTPFields = [
            .contentType: mediaType(format),
            .contentDisposition: "attachment; filename=\"\(format.fileName(for: table))\"",
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
