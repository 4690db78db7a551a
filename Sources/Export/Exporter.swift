import Foundation

/// Runs an export: checks every argument against the database first, then streams each table into
/// a temporary file, writes `datapackage.json`, and only then renames the files into place.
///
/// Bad input (empty or reversed range, unknown household, unrecorded table, a non-empty output
/// directory without `overwrite`) throws before anything is written. A failure while writing
/// removes the temporary files (and the output directory, if the export created it).
public struct Exporter: Sendable {
    private let sources: [any ExportSource]

    public init() { sources = ExportSources.standard }

    public func run(
        _ request: ExportRequest, progress reporter: (any ExportProgressReporting)? = nil
    ) throws(ExportError) -> ExportSummary {
        let started = ContinuousClock.now
        try checkOutputDirectory(request)
        if let minimum = request.minimumGroupSize, minimum < 1 {
            throw ExportError(.invalidArgument, "--min-group", "must be at least 1, got \(minimum)")
        }
        guard !request.tables.isEmpty else { throw ExportError(.invalidArgument, "--what", "no table selected") }
        let pseudonymizer = try request.pseudonymKeyFile.map { (path) throws(ExportError) in try Pseudonymizer(keyFile: path) }

        let database = try ExportDatabase(path: request.databasePath)
        defer { database.close() }
        let site = try database.site()
        let parsingClock = SiteClock(timeZone: site.timeZone)
        let from = request.from.resolved(on: parsingClock)
        let to = request.to.resolved(on: parsingClock)
        let clock = SiteClock(timeZone: site.timeZone, from: from, to: max(to, from + 1))
        if to == from {
            throw ExportError(.emptyRange, "--from/--to", "the range \(clock.timestamp(from)) to \(clock.timestamp(to)) is empty (--to is exclusive)")
        }
        if to < from {
            throw ExportError(.emptyRange, "--from/--to", "the range is reversed: --to \(clock.timestamp(to)) is before --from \(clock.timestamp(from))")
        }

        var householdFilter: Set<String>?
        if let households = request.households {
            let known = Set(try database.householdIds())
            let requested = households.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !requested.isEmpty else { throw ExportError(.invalidArgument, "--households", "the list is empty") }
            if let unknown = requested.first(where: { !known.contains($0) }) {
                throw ExportError(.unknownHousehold, "--households", "household \"\(unknown)\" is not registered in \(request.databasePath)")
            }
            householdFilter = Set(requested)
        }
        let identifiers = IdentifierPolicy(pseudonymizer: pseudonymizer)
        let settings = ExportSettings(
            from: from, to: to, resolution: request.resolution, households: householdFilter, identifiers: identifiers,
            minimumGroupSize: request.minimumGroupSize, clock: clock)

        var selected: [any ExportSource] = []
        var skipped: [ExportSummary.Skipped] = []
        for table in request.tables {
            guard let source = sources.first(where: { $0.table == table }) else {
                throw ExportError(.invalidArgument, "--what", "no exporter for \(table)")
            }
            switch source.availability(in: database, settings: settings) {
            case .available:
                selected.append(source)
            case .notRecorded(let reason):
                guard request.skipsUnavailableTables else { throw ExportError(.notRecorded, "--what \(table)", reason) }
                skipped.append(.init(table: table, reason: reason))
            case .incompatible(let reason):
                guard request.skipsUnavailableTables else { throw ExportError(.conflictingArguments, "--what \(table)", reason) }
                skipped.append(.init(table: table, reason: reason))
            }
        }
        guard !selected.isEmpty else {
            throw ExportError(
                .notRecorded, "--what", "nothing to export: " + skipped.map { "\($0.table): \($0.reason)" }.joined(separator: "; "))
        }

        // Everything is checked: from here on files are written.
        let manager = FileManager.default
        let createdDirectory = !manager.fileExists(atPath: request.outputDirectory)
        do {
            try manager.createDirectory(atPath: request.outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw ExportError(.fileAccess, request.outputDirectory, "cannot create the output directory: \(error.localizedDescription)")
        }
        var files: [(OutputFile, ExportSummary.File, DataPackage.Resource)] = []
        var current: OutputFile?
        do {
            for source in selected {
                let name = request.format.fileName(for: source.table)
                let file = try OutputFile(directory: request.outputDirectory, name: name)
                current = file
                let schema = source.schema(settings: settings)
                let writer = request.format.makeWriter(schema: schema, file: file, clock: clock, siteId: site.id)
                reporter?.began(
                    table: source.table,
                    estimatedRows: reporter == nil ? nil : try source.estimatedRowCount(in: database, settings: settings))
                let counter = ProgressCounter(reporter: reporter)
                let rows = try source.export(from: database, settings: settings, into: writer, progress: counter)
                try writer.finish()
                try file.close()
                reporter?.finished(table: source.table, rows: rows)
                current = nil
                if rows == 0, request.format == .jsonl {
                    // An empty JSON Lines file names no fields, so a reader could not tell its
                    // columns; say plainly that the range held nothing instead.
                    file.discard()
                    skipped.append(.init(table: source.table, reason: "no rows in the requested range"))
                    continue
                }
                files.append((
                    file, .init(table: source.table, path: file.finalPath, rows: rows, bytes: file.bytesWritten),
                    .init(schema: schema, path: name, rows: rows, bytes: file.bytesWritten)
                ))
                current = nil
            }
            let package = DataPackage(
                siteId: site.id, timeZone: site.timeZone.identifier, from: clock.timestamp(from), to: clock.timestamp(to),
                resolution: request.resolution, format: request.format, pseudonymized: pseudonymizer != nil,
                minimumGroupSize: request.minimumGroupSize,
                householdLabels: householdFilter.map { $0.sorted().map(identifiers.household) },
                resources: files.map(\.2), skipped: skipped)
            let descriptorFile = try OutputFile(directory: request.outputDirectory, name: "datapackage.json")
            current = descriptorFile
            descriptorFile.buffer.append(Array(try package.json()))
            descriptorFile.buffer.append(0x0A)
            try descriptorFile.close()
            for (file, _, _) in files { try file.commit() }
            try descriptorFile.commit()
            current = nil
            return ExportSummary(
                siteId: site.id, from: clock.timestamp(from), to: clock.timestamp(to), resolution: request.resolution,
                format: request.format, pseudonymized: pseudonymizer != nil, files: files.map(\.1), skipped: skipped,
                dataPackagePath: descriptorFile.finalPath,
                elapsedSeconds: Self.seconds(ContinuousClock.now - started))
        } catch {
            current?.discard()
            for (file, _, _) in files { file.discard() }
            if createdDirectory { try? manager.removeItem(atPath: request.outputDirectory) }
            throw error
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Refuses an output path that is a file, or a non-empty directory without `overwrite`.
    private func checkOutputDirectory(_ request: ExportRequest) throws(ExportError) {
        let path = request.outputDirectory
        guard !path.isEmpty else { throw ExportError(.invalidArgument, "--out", "the output directory is empty") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ExportError(.outputNotEmpty, path, "exists and is not a directory (--out)")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if !entries.isEmpty && !request.overwrite {
            throw ExportError(
                .outputNotEmpty, path,
                "the output directory is not empty (\(entries.count) entries); choose another --out or pass --force to replace same-named files")
        }
    }
}
