import GRDB
import GRDBSQLite

/// A stored value that does not have its column's type: NULL where the schema says NOT NULL, text
/// in an INTEGER column, a missing column.
///
/// The collector and the ledger never write one; a database rebuilt or written by another program
/// can. GRDB's non-optional subscripts would stop the process on a NULL and SQLite's column
/// functions read text as 0, so the export checks each value and names the table and column.
/// ``ExportDatabase/read(_:_:)`` reports it as an ``ExportError`` about the database file.
struct StoredValueError: Error, CustomStringConvertible {
    var table: String
    var column: String
    /// What the column holds (`NULL`, `the text "abc"`), or that the query does not select it.
    var found: String
    var expected: String

    var description: String { "\(table).\(column) is \(found), expected \(expected)" }

    /// What a statement's current row holds at `index`, for an error message.
    static func describe(_ statement: SQLiteStatement, _ index: Int32) -> String {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_NULL: "NULL"
        case SQLITE_INTEGER: "the integer \(sqlite3_column_int64(statement, index))"
        case SQLITE_FLOAT: "the real \(sqlite3_column_double(statement, index))"
        case SQLITE_TEXT: "the text \"\(String(cString: sqlite3_column_text(statement, index)).prefix(40))\""
        default: "a blob of \(sqlite3_column_bytes(statement, index)) bytes"
        }
    }

    /// The first of `columns` whose value in the statement's current row has none of its accepted
    /// types (SQLITE_INTEGER, …). Only called once a row is known to hold one: it is not fast.
    static func firstMistyped(
        in statement: SQLiteStatement, of table: String,
        _ columns: [(index: Int32, column: Column, accepted: Set<Int32>, expected: String)]
    ) -> StoredValueError {
        for entry in columns where !entry.accepted.contains(sqlite3_column_type(statement, entry.index)) {
            return StoredValueError(
                table: table, column: entry.column.name, found: describe(statement, entry.index),
                expected: entry.expected)
        }
        return StoredValueError(
            table: table, column: "?", found: "a value of an unexpected type", expected: "its column's type")
    }

    static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let integer): "the integer \(integer)"
        case .double(let real): "the real \(real)"
        case .string(let text): "the text \"\(text.prefix(40))\""
        case .blob(let data): "a blob of \(data.count) bytes"
        }
    }
}

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
    func position(of column: Column, in table: String) throws(StoredValueError) -> Int {
        guard let index = columnIndex(named: column.name) else {
            throw StoredValueError(
                table: table, column: column.name, found: "not selected", expected: "a column of the query")
        }
        return index
    }
}

/// A record read in the export's loops over many rows.
///
/// GRDB finds a column by name by comparing the names of the row's columns case-insensitively, one
/// after the other, for every value read. The export's records find their columns' positions by
/// name once per statement (``Positions``) and read every row at those positions; read alone,
/// through `init(row:)`, they find them in the row.
protocol PositionedRecord: FetchableRecord {
    /// Where each column the record reads is in a query's results.
    associatedtype Positions
    static func positions(in results: some ColumnLocating) throws(StoredValueError) -> Positions
    init(row: Row, at positions: Positions) throws(StoredValueError)
}

extension PositionedRecord {
    init(row: Row) throws {
        try self.init(row: row, at: Self.positions(in: row))
    }

    /// The records of `sql`, one row at a time, each read at the positions found once for the statement.
    static func fetchPositionedCursor(
        _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
    ) throws -> MapCursor<RowCursor, Self> {
        let statement = try db.makeStatement(sql: sql)
        let positions = try Self.positions(in: statement)
        return try Row.fetchCursor(statement, arguments: arguments).map { row in try Self(row: row, at: positions) }
    }
}

extension Row {
    /// The INTEGER at `index`, the position of `column` of `table`.
    func integer(at index: Int, _ column: Column, of table: String) throws(StoredValueError) -> Int64 {
        let value: DatabaseValue = self[index]
        if case .int64(let integer) = value.storage { return integer }
        throw StoredValueError(
            table: table, column: column.name, found: StoredValueError.describe(value), expected: "an integer")
    }

    /// The TEXT at `index`.
    func text(at index: Int, _ column: Column, of table: String) throws(StoredValueError) -> String {
        let value: DatabaseValue = self[index]
        if case .string(let text) = value.storage { return text }
        throw StoredValueError(
            table: table, column: column.name, found: StoredValueError.describe(value), expected: "text")
    }

    /// The TEXT or NULL at `index`.
    func optionalText(at index: Int, _ column: Column, of table: String) throws(StoredValueError) -> String? {
        let value: DatabaseValue = self[index]
        switch value.storage {
        case .null: return nil
        case .string(let text): return text
        default:
            throw StoredValueError(
                table: table, column: column.name, found: StoredValueError.describe(value), expected: "text or NULL")
        }
    }

    /// The number at `index` of a REAL column (SQLite keeps an integer there as a real; one written
    /// by a program that bypassed the column's affinity is taken as the number it is).
    func optionalReal(at index: Int, _ column: Column, of table: String) throws(StoredValueError) -> Double? {
        let value: DatabaseValue = self[index]
        switch value.storage {
        case .null: return nil
        case .double(let real): return real
        case .int64(let integer): return Double(integer)
        default:
            throw StoredValueError(
                table: table, column: column.name, found: StoredValueError.describe(value), expected: "a number or NULL"
            )
        }
    }

    /// The number at `index` of a REAL NOT NULL column.
    func real(at index: Int, _ column: Column, of table: String) throws(StoredValueError) -> Double {
        guard let real = try optionalReal(at: index, column, of: table) else {
            throw StoredValueError(table: table, column: column.name, found: "NULL", expected: "a number")
        }
        return real
    }

    /// The INTEGER in `column`, found by name (for rows read once, not in a loop over many).
    func integer(_ column: Column, of table: String) throws(StoredValueError) -> Int64 {
        try integer(at: position(of: column, in: table), column, of: table)
    }

    /// The TEXT in `column`, found by name.
    func text(_ column: Column, of table: String) throws(StoredValueError) -> String {
        try text(at: position(of: column, in: table), column, of: table)
    }

    /// The TEXT or NULL in `column`, found by name.
    func optionalText(_ column: Column, of table: String) throws(StoredValueError) -> String? {
        try optionalText(at: position(of: column, in: table), column, of: table)
    }
}
