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
