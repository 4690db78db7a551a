import GRDB
import VillageStore

/// A stored value that does not have its column's type: NULL where the schema says NOT NULL, text
/// or a real in an INTEGER column, a missing column.
///
/// The ledger's own writes never produce one; a file rebuilt, edited or written by another
/// program can. Reading such a value the way GRDB's non-optional subscripts do would stop the
/// process (NULL) or silently read 0 (text), so every ledger read goes through the checks below
/// and reports the table and column instead.
struct LedgerColumnError: Error, CustomStringConvertible {
    var table: String
    var column: String
    /// What the column holds (`NULL`, `text "abc"`), or that the query does not select it.
    var found: String
    var expected: String
    /// The transaction of the row, when known.
    var sequence: Int64?

    var description: String { "\(table).\(column) is \(found), expected \(expected)" }

    func storeError(path: String) -> StoreError {
        StoreError(
            code: .malformedRow, path: path, subject: sequence.map { "transaction #\($0)" } ?? "\(table).\(column)",
            message: "\(description); run `village ledger verify`")
    }
}

extension LedgerColumnError {
    /// The same error, attributed to the transaction whose row it is in.
    func inTransaction(_ sequence: Int64) -> LedgerColumnError {
        var error = self
        error.sequence = sequence
        return error
    }
}

extension Row {

    /// The INTEGER at `index`, the position of `column` of `table`.
    func integer(at index: Int, _ column: Column, of table: String) throws(LedgerColumnError) -> Int64 {
        let value: DatabaseValue = self[index]
        if case .int64(let integer) = value.storage { return integer }
        throw LedgerColumnError(table: table, column: column.name, found: Self.describe(value), expected: "an integer")
    }

    /// The INTEGER or NULL at `index`.
    func optionalInteger(at index: Int, _ column: Column, of table: String) throws(LedgerColumnError) -> Int64? {
        let value: DatabaseValue = self[index]
        switch value.storage {
        case .null: return nil
        case .int64(let integer): return integer
        default:
            throw LedgerColumnError(
                table: table, column: column.name, found: Self.describe(value), expected: "an integer or NULL")
        }
    }

    /// The TEXT at `index`.
    func text(at index: Int, _ column: Column, of table: String) throws(LedgerColumnError) -> String {
        let value: DatabaseValue = self[index]
        if case .string(let text) = value.storage { return text }
        throw LedgerColumnError(table: table, column: column.name, found: Self.describe(value), expected: "text")
    }

    /// The TEXT or NULL at `index`.
    func optionalText(at index: Int, _ column: Column, of table: String) throws(LedgerColumnError) -> String? {
        let value: DatabaseValue = self[index]
        switch value.storage {
        case .null: return nil
        case .string(let text): return text
        default:
            throw LedgerColumnError(
                table: table, column: column.name, found: Self.describe(value), expected: "text or NULL")
        }
    }

    /// The INTEGER in `column`, found by name (for rows read once, not in a loop over many).
    func integer(_ column: Column, of table: String) throws(LedgerColumnError) -> Int64 {
        try integer(at: position(of: column, in: table), column, of: table)
    }

    /// The INTEGER or NULL in `column`, found by name.
    func optionalInteger(_ column: Column, of table: String) throws(LedgerColumnError) -> Int64? {
        try optionalInteger(at: position(of: column, in: table), column, of: table)
    }

    /// The TEXT in `column`, found by name.
    func text(_ column: Column, of table: String) throws(LedgerColumnError) -> String {
        try text(at: position(of: column, in: table), column, of: table)
    }

    private static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let integer): "the integer \(integer)"
        case .double(let real): "the real \(real)"
        case .string(let text): "the text \"\(text.prefix(40))\""
        case .blob(let data): "a blob of \(data.count) bytes"
        }
    }
}
