import GRDB

/// Statements and rows: where a query's columns are, by name.
protocol ColumnLocating {
    func columnIndex(named name: String) -> Int?
}

extension Statement: ColumnLocating {
    func columnIndex(named name: String) -> Int? { index(ofColumn: name) }
}

extension Row: ColumnLocating {
    /// Case-insensitive, leftmost first, as GRDB looks a name up (its own lookup is not public).
    func columnIndex(named name: String) -> Int? {
        let lowercased = name.lowercased()
        return columnNames.enumerated().first { $0.element.lowercased() == lowercased }?.offset
    }
}

extension ColumnLocating {
    /// Where `column` of `table` is in the results.
    func position(of column: Column, in table: String) throws(LedgerColumnError) -> Int {
        guard let index = columnIndex(named: column.name) else {
            throw LedgerColumnError(
                table: table, column: column.name, found: "not selected", expected: "a column of the query")
        }
        return index
    }
}

/// A ledger record that is also read in loops over many rows.
///
/// GRDB finds a column by name by comparing the names of the row's columns case-insensitively, one
/// after the other, for every value read. A record read by the thousand finds its columns' positions
/// by name once per statement (``Positions``) and reads every row at those positions; read alone,
/// through `init(row:)`, it finds them in the row.
protocol PositionedRecord: FetchableRecord {
    /// Where each column the record reads is in a query's results.
    associatedtype Positions
    static func positions(in results: some ColumnLocating) throws(LedgerColumnError) -> Positions
    init(row: Row, at positions: Positions) throws(LedgerColumnError)
}

extension PositionedRecord {
    init(row: Row) throws {
        try self.init(row: row, at: Self.positions(in: row))
    }

    /// The records of `sql`, one row at a time, each read at the positions found once for the statement.
    static func fetchPositionedCursor(
        _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
    ) throws -> MapCursor<RowCursor, Self> {
        try fetchPositionedCursor(db.makeStatement(sql: sql), arguments: arguments)
    }

    /// The records of a prepared (or cached) `statement`.
    static func fetchPositionedCursor(_ statement: Statement, arguments: StatementArguments = StatementArguments())
        throws -> MapCursor<RowCursor, Self>
    {
        let positions = try Self.positions(in: statement)
        return try Row.fetchCursor(statement, arguments: arguments).map { row in try Self(row: row, at: positions) }
    }
}
