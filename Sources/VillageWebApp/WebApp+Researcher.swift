import Export
import Foundation
import Hummingbird
import Logging
import ServiceSupport
import Tariffs
import VillageAccounts
import VillageServer
import VillageStore
import VillageWeb

/// `/researcher`: the export form, and `/researcher/export` its download. Researchers get household
/// identifiers pseudonymised with the server's key (the same as the API's exports), unless the
/// operator granted them raw access; the operator gets them as stored.
extension WebApp {
    func researcherPage(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let account: Account
        switch require([.researcher, .operator], request, context) {
        case .success(let found): account = found
        case .failure(let answer): return answer.response
        }
        let page = ResearcherPage(raw: Self.exportsRaw(account))
        return html(renderer.researcher(page, frame: frame(request, context, title: "researcher")), request: request)
    }

    func export(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let account: Account
        switch require([.researcher, .operator], request, context) {
        case .success(let found): account = found
        case .failure(let answer): return answer.response
        }
        var fields: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { fields[String(name)] = String(value) }
        let choice: ExportChoice
        switch ExportChoice.read(fields) {
        case .accepted(let read): choice = read
        case .refused(var refused):
            refused.raw = Self.exportsRaw(account)
            return html(
                renderer.researcher(refused, frame: frame(request, context, title: "researcher")),
                status: .unprocessableContent, request: request)
        }
        let directory = try Self.privateDirectory()
        do {
            var keyFile: String?
            if !Self.exportsRaw(account) {
                let path = directory + "/key"
                let key = try await api.accounts.serverSecret(named: "pseudonym-key")
                guard
                    FileManager.default.createFile(atPath: path, contents: key, attributes: [.posixPermissions: 0o600])
                else { throw CocoaError(.fileWriteUnknown) }
                keyFile = path
            }
            let exportRequest = ExportRequest(
                databasePath: api.store.path, from: .local(choice.from.dayNumber * 86_400),
                to: .local(choice.to.dayNumber * 86_400), tables: [choice.table], resolution: choice.resolution,
                format: choice.format, pseudonymKeyFile: keyFile, outputDirectory: directory + "/out")
            // Off the cooperative threads: an export reads for as long as its period is long.
            let summary = try await BlockingWork.runLong { try Exporter().run(exportRequest) }
            if let keyFile { try? FileManager.default.removeItem(atPath: keyFile) }
            api.logger.notice(
                "web export",
                metadata: [
                    "account.username": "\(account.username)", "table": "\(choice.table)",
                    "pseudonymised": "\(keyFile != nil)",
                ])
            return download(
                file: summary.files.first?.path, choice: choice, removing: directory)
        } catch let error as ExportError {
            try? FileManager.default.removeItem(atPath: directory)
            var refused = ResearcherPage(typed: fields, errors: ["from": error.message], raw: Self.exportsRaw(account))
            refused.failed = true
            return html(
                renderer.researcher(refused, frame: frame(request, context, title: "researcher")),
                status: .unprocessableContent, request: request)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    static func exportsRaw(_ account: Account) -> Bool {
        account.role == .operator || account.rawExportAccess
    }

    /// The file as an attachment, read in chunks; the private directory goes once it is sent.
    private func download(file: String?, choice: ExportChoice, removing directory: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] =
            switch choice.format {
            case .csv: "text/csv; charset=utf-8"
            case .jsonl: "application/jsonl"
            case .ngsiLD: "application/ld+json"
            }
        headers[.contentDisposition] = "attachment; filename=\"\(choice.fileName)\""
        for (name, value) in SecurityHeaders.all(secure: secure) { headers[.init(name)!] = value }
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

    /// A new directory only this process's user can enter.
    private static func privateDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/village-web-export-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        return String(cString: made)
    }
}
