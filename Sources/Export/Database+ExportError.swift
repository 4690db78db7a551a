import GRDB
import GRDBSQLite

extension Database {
    /// Throws the connection's last error as an `ExportError` about `operation`.
    func exportError(_ code: Int32, _ operation: String, path: String) -> ExportError {
        ExportError(
            .database, path, "\(operation): SQLite error \(code): \(String(cString: sqlite3_errmsg(sqliteConnection)))")
    }
}
