import ArgumentParser
import Export
import Foundation

/// `village export`: writes usage data for researchers as CSV, JSON Lines or NGSI-LD, with a
/// Frictionless `datapackage.json` that describes every file, column, unit and quality flag.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export readings, intervals, trades, dispatch and events for researchers (CSV, JSON Lines, NGSI-LD).",
        discussion: """
            Reads the store read-only and streams one file per table into --out, plus datapackage.json \
            (Frictionless). Times are ISO 8601 with the site's offset; the range is half-open: \
            --from 2026-11-01 --to 2026-12-01 is November. Dates without an offset are site time.

            Resolutions 1h and 1d are sums of the 15-minute intervals of each local hour/day, with the \
            count of measured, estimated and missing intervals. --pseudonymize replaces household and \
            device ids with HMAC-SHA256 under --key (same key, same pseudonyms), the site id with a keyed \
            token, and drops event details; \
            --min-group K exports only sums over at least K households.

            Without --db, the files come from the server of `village login` (GET /api/v1/exports), \
            one request per file, whole local days (--from/--to as YYYY-MM-DD), with the same \
            datapackage.json; the server pseudonymises them with its own key unless --raw is asked and \
            allowed.

            Examples:
              village export --db village.sqlite --from 2026-11-01 --to 2026-12-01 --what intervals --resolution 1h --out nov
              village export --db village.sqlite --from 2026-11-01 --to 2026-12-01 --what all --format ngsi-ld \\
                  --pseudonymize --key export.key --out nov-ngsi
            """
    )

    @Option(
        help:
            "The village store (SQLite) to read, opened read-only; without it, the server of `village login` exports."
    )
    var db: String?

    @Option(help: "The village server's URL; default: the server of `village login` (it must be the same).")
    var server: String?

    @OptionGroup var credentials: CredentialsOptions

    @Flag(help: "Through the server: identifiers as stored (operators, and researchers the operator granted it).")
    var raw = false

    @Option(help: "Start of the range: YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss] (site time), or with an offset (+09:00, Z).")
    var from: String

    @Option(help: "End of the range (exclusive), same forms as --from.")
    var to: String

    @Option(help: "The data to export: one table, or all of them.")
    var what: ExportTableSelection

    @Option(help: "Time resolution of readings and intervals.")
    var resolution = ExportResolution.raw

    @Option(help: "File format.")
    var format = ExportFormat.csv

    @Option(help: "Comma-separated unit numbers to export (default: every household and the plant).")
    var households: String?

    @Flag(help: "Replace household and device ids with keyed hashes (needs --key).")
    var pseudonymize = false

    @Option(help: "File with the secret HMAC key for --pseudonymize (at least 16 bytes).")
    var key: String?

    @Option(name: .customLong("min-group"), help: "Export only sums over at least this many households.")
    var minGroup: Int?

    @Flag(help: "Write into a non-empty output directory, replacing same-named files.")
    var force = false

    @Option(help: "Output directory (created if needed; must be empty unless --force).")
    var out: String

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        do {
            _ = try ExportInstant(argument: from, name: "--from")
            _ = try ExportInstant(argument: to, name: "--to")
        } catch {
            throw ValidationError(error.description)
        }
        if pseudonymize && key == nil { throw ValidationError("--pseudonymize needs --key FILE (the secret HMAC key)") }
        if key != nil && !pseudonymize { throw ValidationError("--key is only used with --pseudonymize") }
        if let minGroup, minGroup < 1 { throw ValidationError("--min-group must be at least 1, got \(minGroup)") }
        if db != nil {
            if server != nil {
                throw ValidationError("give --db (read the database) or --server (ask the server), not both")
            }
            if raw {
                throw ValidationError("--raw is for exports through the server; with --db, leave out --pseudonymize")
            }
        } else {
            try RemoteExport.validate(self)
        }
    }

    func run() async throws {
        guard let db else {
            let client = try credentials.loggedInClient(server: server)
            return try await RemoteExport(command: self, client: client).run()
        }
        let request = ExportRequest(
            databasePath: db, from: try ExportInstant(argument: from, name: "--from"),
            to: try ExportInstant(argument: to, name: "--to"), tables: what.tables,
            skipsUnavailableTables: what == .all, resolution: resolution, format: format,
            households: households.map { $0.split(separator: ",").map(String.init) },
            pseudonymKeyFile: pseudonymize ? key : nil, minimumGroupSize: minGroup, overwrite: force,
            outputDirectory: out)
        let interruption = InterruptionCleanup()
        defer { interruption.cancel() }
        let progress: ExportProgressLine? = isatty(STDERR_FILENO) == 1 ? ExportProgressLine() : nil
        let summary = try Exporter().run(request, progress: progress)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        for file in summary.files {
            print(
                "\(file.name.padding(toLength: 19, withPad: " ", startingAt: 0)) \(file.rows.formatted()) rows  \(Quantity.format(Double(file.bytes) / 1_048_576, unit: "MB"))  \(file.path)"
            )
        }
        for skipped in summary.skipped {
            print("\(skipped.name.padding(toLength: 19, withPad: " ", startingAt: 0)) skipped: \(skipped.reason)")
        }
        print("data package: \(summary.dataPackagePath)")
        print(
            "range \(summary.from) to \(summary.to), \(summary.resolution), \(summary.format)"
                + (summary.pseudonymized ? ", pseudonymised" : "") + String(format: ", %.1f s", summary.elapsedSeconds))
    }
}
