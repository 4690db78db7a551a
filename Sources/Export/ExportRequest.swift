/// What to export, as given on the command line, before the database is opened.
public struct ExportRequest: Sendable, Hashable {
    /// The village store file, opened read-only.
    public var databasePath: String
    /// Start of the range (inclusive).
    public var from: ExportInstant
    /// End of the range (exclusive): `--to 2026-12-01` ends with the last interval of November 30.
    public var to: ExportInstant
    /// The tables to write.
    public var tables: [ExportTable]
    /// True for `--what all`: tables that are not recorded or do not fit the other arguments are
    /// skipped (and listed in the summary) instead of failing the export.
    public var skipsUnavailableTables: Bool
    public var resolution: ExportResolution
    public var format: ExportFormat
    /// Only these households (unit numbers), or nil for all households and the plant.
    public var households: [String]?
    /// File holding the HMAC key; nil exports identifiers as stored.
    public var pseudonymKeyFile: String?
    /// Export only sums over at least this many households.
    public var minimumGroupSize: Int?
    /// Allow writing into a directory that is not empty (same-named files are replaced).
    public var overwrite: Bool
    public var outputDirectory: String

    public init(
        databasePath: String, from: ExportInstant, to: ExportInstant, tables: [ExportTable],
        skipsUnavailableTables: Bool = false, resolution: ExportResolution = .raw, format: ExportFormat = .csv,
        households: [String]? = nil, pseudonymKeyFile: String? = nil, minimumGroupSize: Int? = nil,
        overwrite: Bool = false, outputDirectory: String
    ) {
        self.databasePath = databasePath
        self.from = from
        self.to = to
        self.tables = tables
        self.skipsUnavailableTables = skipsUnavailableTables
        self.resolution = resolution
        self.format = format
        self.households = households
        self.pseudonymKeyFile = pseudonymKeyFile
        self.minimumGroupSize = minimumGroupSize
        self.overwrite = overwrite
        self.outputDirectory = outputDirectory
    }
}

/// What an export wrote, for the command's output and `--json`.
public struct ExportSummary: Sendable, Hashable, Codable {
    public struct File: Sendable, Hashable, Codable {
        public let table: ExportTable
        public let path: String
        public let rows: Int
        public let bytes: Int64
    }

    public struct Skipped: Sendable, Hashable, Codable {
        public let table: ExportTable
        public let reason: String
    }

    public let siteId: String
    /// The range as ISO 8601 with the site's offset.
    public let from: String
    public let to: String
    public let resolution: ExportResolution
    public let format: ExportFormat
    public let pseudonymized: Bool
    public let files: [File]
    public let skipped: [Skipped]
    /// The data package descriptor.
    public let dataPackagePath: String
    public let elapsedSeconds: Double
}
