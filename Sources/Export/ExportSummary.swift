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
