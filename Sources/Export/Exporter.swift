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
        let pseudonymizer = try checkArguments(request)
        let database = try ExportDatabase(path: request.databasePath)
        defer { database.close() }
        let site = try database.site()
        let (from, to, clock) = try Self.range(of: request, timeZone: site.timeZone)
        let householdFilter = try Self.householdFilter(of: request, in: database)
        let identifiers = IdentifierPolicy(pseudonymizer: pseudonymizer)
        // Under --pseudonymize the site is a keyed token too: its id can be its name ("Eco Delta
        // Smart Village (reference)"), and it appears in every NGSI-LD id and in datapackage.json.
        let siteLabel = identifiers.site(site.id)
        let settings = ExportSettings(
            from: from, to: to, resolution: request.resolution, households: householdFilter, identifiers: identifiers,
            minimumGroupSize: request.minimumGroupSize, clock: clock)
        var (selected, skipped) = try selectSources(for: request, in: database, settings: settings)

        // Everything is checked: from here on files are written.
        let createdDirectories = try Self.prepareOutputDirectory(request.outputDirectory)
        defer { TemporaryFiles.shared.unregister(createdDirectories: createdDirectories) }
        var output = WrittenFiles()
        do {
            try writeTables(
                selected, request: request, database: database, settings: settings, siteLabel: siteLabel,
                reporter: reporter, into: &output, skipped: &skipped)
            let package = DataPackage(
                siteId: siteLabel, timeZone: site.timeZone.identifier, from: clock.timestamp(from),
                to: clock.timestamp(to),
                resolution: request.resolution, format: request.format, pseudonymized: pseudonymizer != nil,
                minimumGroupSize: request.minimumGroupSize,
                householdLabels: householdFilter.map { $0.sorted().map(identifiers.household) },
                resources: output.files.map(\.resource), skipped: skipped)
            let descriptorPath = try Self.commit(output: &output, package: package, directory: request.outputDirectory)
            return ExportSummary(
                siteId: siteLabel, from: clock.timestamp(from), to: clock.timestamp(to), resolution: request.resolution,
                format: request.format, pseudonymized: pseudonymizer != nil, files: output.files.map(\.summary),
                skipped: skipped,
                dataPackagePath: descriptorPath,
                elapsedSeconds: Self.seconds(ContinuousClock.now - started))
        } catch {
            output.discardAll()
            for directory in createdDirectories { rmdir(directory) }
            throw error
        }
    }

    /// The files of an export in progress: those finished, and the one being written, so that a
    /// failure can remove them all.
    private struct WrittenFiles {
        var files: [(file: OutputFile, summary: ExportSummary.File, resource: DataPackage.Resource)] = []
        var current: OutputFile?

        func discardAll() {
            current?.discard()
            for entry in files { entry.file.discard() }
        }
    }

    /// Checks the arguments that need no database (output directory, `--min-group`, `--what`) and
    /// reads the pseudonym key, if any.
    private func checkArguments(_ request: ExportRequest) throws(ExportError) -> Pseudonymizer? {
        try checkOutputDirectory(request)
        if let minimum = request.minimumGroupSize, minimum < 1 {
            throw ExportError(.invalidArgument, "--min-group", "must be at least 1, got \(minimum)")
        }
        guard !request.tables.isEmpty else { throw ExportError(.invalidArgument, "--what", "no table selected") }
        return try request.pseudonymKeyFile.map { (path) throws(ExportError) in try Pseudonymizer(keyFile: path) }
    }

    /// The requested range in the site's time zone, and the clock that writes its timestamps;
    /// refuses an empty or reversed range.
    private static func range(
        of request: ExportRequest, timeZone: TimeZone
    ) throws(ExportError) -> (from: Int64, to: Int64, clock: SiteClock) {
        let parsingClock = SiteClock(timeZone: timeZone)
        let from = request.from.resolved(on: parsingClock)
        let to = request.to.resolved(on: parsingClock)
        let clock = SiteClock(timeZone: timeZone, from: from, to: max(to, from + 1))
        if to == from {
            throw ExportError(
                .emptyRange, "--from/--to",
                "the range \(clock.timestamp(from)) to \(clock.timestamp(to)) is empty (--to is exclusive)")
        }
        if to < from {
            throw ExportError(
                .emptyRange, "--from/--to",
                "the range is reversed: --to \(clock.timestamp(to)) is before --from \(clock.timestamp(from))")
        }
        return (from, to, clock)
    }

    /// The households of `--households`, each checked against the database; nil without the option.
    private static func householdFilter(
        of request: ExportRequest, in database: ExportDatabase
    ) throws(ExportError) -> Set<String>? {
        guard let households = request.households else { return nil }
        let known = Set(try database.householdIds())
        let requested = households.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !requested.isEmpty else { throw ExportError(.invalidArgument, "--households", "the list is empty") }
        if let unknown = requested.first(where: { !known.contains($0) }) {
            throw ExportError(
                .unknownHousehold, "--households",
                "household \"\(unknown)\" is not registered in \(request.databasePath)")
        }
        return Set(requested)
    }

    /// The sources to export, and those skipped with their reasons (only with
    /// `skipsUnavailableTables`; otherwise the first refusal is thrown).
    private func selectSources(
        for request: ExportRequest, in database: ExportDatabase, settings: ExportSettings
    ) throws(ExportError) -> (selected: [any ExportSource], skipped: [ExportSummary.Skipped]) {
        var selected: [any ExportSource] = []
        var skipped: [ExportSummary.Skipped] = []
        for table in request.tables {
            let tableSources = sources.filter { $0.table == table }
            guard !tableSources.isEmpty else {
                throw ExportError(.invalidArgument, "--what", "no exporter for \(table)")
            }
            let verdicts = tableSources.map { ($0, $0.availability(in: database, settings: settings)) }
            var refusals: [(name: String, code: ExportError.Code, reason: String)] = []
            for (source, verdict) in verdicts {
                switch verdict {
                case .available: selected.append(source)
                case .notRecorded(let reason):
                    refusals.append((source.schema(settings: settings).name, .notRecorded, reason))
                case .incompatible(let reason):
                    refusals.append((source.schema(settings: settings).name, .conflictingArguments, reason))
                }
            }
            guard let first = refusals.first else { continue }
            guard request.skipsUnavailableTables else { throw ExportError(first.code, "--what \(table)", first.reason) }
            // A table written as several files that is refused as a whole is reported once, by its name.
            if refusals.count == verdicts.count, Set(refusals.map(\.reason)).count == 1 {
                skipped.append(.init(table: table, reason: first.reason))
            } else {
                skipped += refusals.map { .init(table: table, name: $0.name, reason: $0.reason) }
            }
        }
        guard !selected.isEmpty else {
            throw ExportError(
                .notRecorded, "--what",
                "nothing to export: " + skipped.map { "\($0.table): \($0.reason)" }.joined(separator: "; "))
        }
        return (selected, skipped)
    }

    /// Creates the output directory (and its missing parents) and sweeps the partial files of
    /// killed exports; returns the directories it created, deepest first.
    private static func prepareOutputDirectory(_ directory: String) throws(ExportError) -> [String] {
        // An interrupted export (SIGINT, SIGTERM) removes what it created, the directories too.
        let createdDirectories = missingDirectories(directory)
        if let failure = TemporaryFiles.shared.createDirectory(directory, missing: createdDirectories) {
            throw ExportError(.fileAccess, directory, "cannot create the output directory: \(failure)")
        }
        for stale in StalePartialFiles.inDirectory(directory) {
            unlink((directory as NSString).appendingPathComponent(stale))
        }
        return createdDirectories
    }

    /// Streams each source into its temporary file; an empty JSON Lines file is discarded and
    /// reported in `skipped`.
    private func writeTables(
        _ selected: [any ExportSource], request: ExportRequest, database: ExportDatabase, settings: ExportSettings,
        siteLabel: String, reporter: (any ExportProgressReporting)?, into output: inout WrittenFiles,
        skipped: inout [ExportSummary.Skipped]
    ) throws(ExportError) {
        for source in selected {
            let schema = source.schema(settings: settings)
            let name = request.format.fileName(forResource: schema.name)
            let file = try OutputFile(directory: request.outputDirectory, name: name)
            output.current = file
            let writer = request.format.makeWriter(schema: schema, file: file, clock: settings.clock, siteId: siteLabel)
            reporter?.began(
                table: source.table,
                estimatedRows: reporter == nil ? nil : try source.estimatedRowCount(in: database, settings: settings))
            let counter = ProgressCounter(reporter: reporter)
            let rows = try source.export(from: database, settings: settings, into: writer, progress: counter)
            try writer.finish()
            try file.close()
            reporter?.finished(table: source.table, rows: rows)
            output.current = nil
            if rows == 0, request.format == .jsonl {
                // An empty JSON Lines file names no fields, so a reader could not tell its
                // columns; say plainly that the range held nothing instead.
                file.discard()
                skipped.append(.init(table: source.table, name: schema.name, reason: "no rows in the requested range"))
                continue
            }
            output.files.append(
                (
                    file,
                    .init(
                        table: source.table, name: schema.name, path: file.finalPath, rows: rows,
                        bytes: file.bytesWritten),
                    .init(schema: schema, path: name, rows: rows, bytes: file.bytesWritten)
                ))
        }
    }

    /// Writes `datapackage.json`, then renames every file into place, the descriptor last; returns
    /// the descriptor's path.
    private static func commit(
        output: inout WrittenFiles, package: DataPackage, directory: String
    ) throws(ExportError) -> String {
        let descriptorFile = try OutputFile(directory: directory, name: "datapackage.json")
        output.current = descriptorFile
        descriptorFile.buffer.append(Array(try package.json()))
        descriptorFile.buffer.append(0x0A)
        try descriptorFile.close()
        for entry in output.files { try entry.file.commit() }
        try descriptorFile.commit()
        output.current = nil
        return descriptorFile.finalPath
    }

    /// The directories that creating `path` would create, deepest first.
    private static func missingDirectories(_ path: String) -> [String] {
        var missing: [String] = []
        var current = (path as NSString).standardizingPath
        while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current) {
            missing.append(current)
            let parent = (current as NSString).deletingLastPathComponent
            guard parent != current else { break }
            current = parent
        }
        return missing
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
        // `.NAME.partial-PID` files of exports that were killed (SIGKILL, power loss) do not count:
        // they are swept once every argument has been checked.
        let stale = Set(StalePartialFiles.inDirectory(path))
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter {
            !stale.contains($0)
        }
        if !entries.isEmpty && !request.overwrite {
            throw ExportError(
                .outputNotEmpty, path,
                "the output directory is not empty (\(entries.count) entries); choose another --out or pass --force to replace same-named files"
            )
        }
    }
}
