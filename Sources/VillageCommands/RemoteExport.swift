import ArgumentParser
import Export
import Foundation
import VillageClient

/// `village export` through the village server: `GET /api/v1/exports/package` says which files the
/// export has, one `GET /api/v1/exports` per file writes each to `--out` (files 0600) as the server
/// sends it, then the server's `datapackage.json` and a summary like the local export's.
struct RemoteExport {
    let command: ExportCommand
    let client: VillageServerClient

    /// The options that only a local export has are refused up front, naming them.
    static func validate(_ command: ExportCommand) throws {
        for (name, given) in [
            ("--pseudonymize", command.pseudonymize), ("--households", command.households != nil),
            ("--min-group", command.minGroup != nil),
        ] where given {
            throw ValidationError(
                "\(name) needs --db; the server pseudonymises with its own key and exports every household")
        }
        for (name, value) in [("--from", command.from), ("--to", command.to)] {
            guard Self.isLocalDate(value) else {
                throw ValidationError("\(name): the server exports whole local days: give YYYY-MM-DD, not '\(value)'")
            }
        }
    }

    /// True for `YYYY-MM-DD`.
    private static func isLocalDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2]
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// One file written.
    struct File: Codable {
        var table: ExportTable
        var name: String
        var path: String
        var rows: Int
        var bytes: Int64
    }

    /// The server's description of the export (`GET /api/v1/exports/package`).
    struct Package: Decodable {
        var files: [File]
        var skipped: [ExportSummary.Skipped]
        var dataPackage: String
    }

    /// What `--json` prints: the files written, the tables the server did not export, and the data
    /// package.
    struct Summary: Encodable {
        var server: String
        var files: [File]
        var skipped: [ExportSummary.Skipped]
        var dataPackagePath: String
        var from: String
        var to: String
        var resolution: ExportResolution
        var format: ExportFormat
        var pseudonymized: Bool
    }

    /// Asks the server what the export writes, fetches each file, then writes `datapackage.json`.
    func run() async throws {
        let out = URL(fileURLWithPath: command.out)
        try prepare(out)
        let table: String =
            switch command.what {
            case .all: "all"
            case .table(let table): table.rawValue
            }
        let query: [String: String?] = [
            "from": command.from, "to": command.to, "format": command.format.rawValue,
            "resolution": command.resolution.rawValue, "raw": command.raw ? "true" : nil,
        ]
        let package = try await client.get(
            Package.self, "exports/package", query: query.merging(["table": table]) { $1 })
        var files: [File] = []
        for file in package.files {
            guard file.path == URL(fileURLWithPath: file.path).lastPathComponent, !file.path.hasPrefix(".") else {
                throw CommandError("the server named an export file '\(file.path)', which is not a plain file name")
            }
            let data = try await client.get(
                "exports", query: query.merging(["table": file.table.rawValue, "resource": file.name]) { $1 })
            try Self.writePrivate(data, to: out.appendingPathComponent(file.path).path)
            files.append(
                File(
                    table: file.table, name: file.name, path: file.path, rows: Self.rows(data, format: command.format),
                    bytes: Int64(data.count)))
        }
        let descriptor = out.appendingPathComponent("datapackage.json").path
        try Self.writePrivate(Data(package.dataPackage.utf8), to: descriptor)
        let summary = Summary(
            server: client.server.absoluteString, files: files, skipped: package.skipped, dataPackagePath: descriptor,
            from: command.from, to: command.to, resolution: command.resolution, format: command.format,
            pseudonymized: !command.raw)
        if command.json { return try printJSON(summary) }
        for file in files {
            print(
                "\(file.name.padding(toLength: 19, withPad: " ", startingAt: 0)) \(file.rows.formatted()) rows  \(Quantity.format(Double(file.bytes) / 1_048_576, unit: "MB"))  \(file.path)"
            )
        }
        for table in package.skipped {
            print("\(table.name.padding(toLength: 19, withPad: " ", startingAt: 0)) skipped: \(table.reason)")
        }
        print("data package: \(descriptor)")
        print(
            "range \(command.from) to \(command.to), \(command.resolution), \(command.format)"
                + (summary.pseudonymized ? ", pseudonymised" : "") + ", from \(summary.server)")
    }

    /// Creates the output directory 0700, refusing a non-empty one without `--force`.
    private func prepare(_ out: URL) throws {
        let manager = FileManager.default
        if let entries = try? manager.contentsOfDirectory(atPath: out.path) {
            guard entries.isEmpty || command.force else {
                throw CommandError("--out: \(out.path) is not empty; pass --force to replace same-named files")
            }
            return
        }
        do {
            try manager.createDirectory(
                at: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandError("--out: cannot create \(out.path): \(error.localizedDescription)")
        }
    }

    /// Writes a file readable only by its owner, whole or not at all.
    static func writePrivate(_ data: Data, to path: String) throws {
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw CommandError("--out: cannot write \(temporary)") }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CommandError("--out: cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Data rows of a table as sent: CSV lines after the header, JSON Lines, or NGSI-LD entities.
    static func rows(_ data: Data, format: ExportFormat) -> Int {
        switch format {
        case .csv:
            return max(data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } - 1, 0)
        case .jsonl:
            return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        case .ngsiLD:
            return (try? JSONSerialization.jsonObject(with: data) as? [Any])?.count ?? 0
        }
    }
}
