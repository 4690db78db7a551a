/// A table that this database version does not record yet (trades, dispatch).
///
/// It reports `notRecorded` while its tables are absent. When they appear (a newer store migration)
/// but this build has no reader for them, it says so too, rather than exporting an empty file that
/// would read as "nothing happened". A real source replaces it in `ExportSources.standard`.
struct UnrecordedSource: ExportSource {
    let table: ExportTable
    let expectedTables: [String]
    let recordedBy: String

    func availability(in database: ExportDatabase, settings: ExportSettings) -> SourceAvailability {
        if expectedTables.allSatisfy({ !database.tables.contains($0) }) {
            return .notRecorded(
                reason: "\(table) not yet recorded in this database: it has no \(expectedTables.joined(separator: "/")) "
                    + "table (\(recordedBy) does not persist to the store yet)")
        }
        return .notRecorded(
            reason: "\(table) is recorded in this database, but exporting it is not implemented yet")
    }

    func schema(settings: ExportSettings) -> TableSchema {
        TableSchema(table: table, description: "\(table) (not recorded)", fields: [], entity: EntityShape(type: "Unknown", idFields: [], observedField: ""))
    }

    func estimatedRowCount(in database: ExportDatabase, settings: ExportSettings) throws(ExportError) -> Int? { nil }

    func export(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter, progress: ProgressCounter
    ) throws(ExportError) -> Int {
        throw ExportError(.notRecorded, table.rawValue, "\(table) is not recorded in \(database.path)")
    }
}
