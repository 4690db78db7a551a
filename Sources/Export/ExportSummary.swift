/// What an export wrote, for the command's output and `--json`.
public struct ExportSummary: Sendable, Hashable, Codable {
    public struct File: Sendable, Hashable, Codable {
        public let table: ExportTable
        /// The resource name: the table's, or one of its files' (`dispatch_commands`).
        public let name: String
        public let path: String
        public let rows: Int
        public let bytes: Int64
    }

    public struct Skipped: Sendable, Hashable, Codable {
        public let table: ExportTable
        /// The table's name when all of it was skipped, else the resource name of the skipped file.
        public let name: String
        public let reason: String

        public init(table: ExportTable, name: String? = nil, reason: String) {
            self.table = table
            self.name = name ?? table.rawValue
            self.reason = reason
        }
    }

    /// The site's id, or its keyed pseudonym (`site-…`) in a pseudonymised export.
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
