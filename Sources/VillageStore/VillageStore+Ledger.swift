import Foundation
import GRDB

/// Access for the ledger store (`MarketStore`), which keeps the market's ledger in this database.
///
/// `package`, not `public`: the ledger's SQL lives next to the tables it reads (the `v2-ledger`
/// migration is part of this store's schema, so that a database with a ledger is never refused as
/// "newer" by this store), while the store's public interface stays free of SQL.
extension VillageStore {
    /// The writer the ledger appends through: the same pool, so that a settlement and the metering
    /// writes are serialised on one writer queue.
    package var databaseWriter: any DatabaseWriter { pool }

    /// Opens an existing village database for reading only: nothing is created, migrated or
    /// converted, so a command that only reads never changes the file.
    ///
    /// Refuses a missing file, a file that is not SQLite, someone else's database, one migrated by
    /// a newer build, and an empty SQLite file (a village database always carries `v1-metering`).
    /// Returns the connection and the migrations applied to the file.
    package static func openReadOnly(path: String) throws(StoreError) -> (
        database: DatabaseQueue, migrations: Set<String>
    ) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(code: .fileNotFound, path: path, message: "no such file; expected a village database")
        }
        try inspectExistingFile(at: path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "VillageStore (read-only)"
        // A writer (the daemon, recovering a killed run's journal) may hold a lock for a moment.
        configuration.busyMode = .timeout(StoreConfiguration().busyTimeoutSeconds)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let applied = try queue.read { db -> Set<String> in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try StoreSchema.migrator.appliedIdentifiers(db)
            }
            guard applied.contains("v1-metering") else {
                throw StoreError(
                    code: .foreignDatabase, path: path,
                    message: "is not a village database (no village store migrations)")
            }
            return (queue, applied)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .sqlite, path: path, subject: "open read-only", message: "\(error)")
        }
    }
}
