import Foundation
import GRDB
import Synchronization

/// The platform's database of metering data: sites, devices, raw readings, interval energies,
/// device events and health.
///
/// Backed by SQLite in WAL mode through a GRDB `DatabasePool`: readers (CLI, market, exports) never
/// wait for the collector's writes, and writes from any number of tasks are serialised on the
/// pool's single writer queue. The methods are `async`: GRDB runs each transaction on its own
/// dispatch queue and suspends the caller, so a collector that writes from many tasks never blocks
/// a thread of the cooperative pool on disk I/O. Every write method runs in one transaction: it
/// commits all of its rows or, on any error, none.
///
/// The interface deals only in value types and knows nothing of SQL, so that a PostgreSQL backend
/// can replace it for a city of villages. One database holds one site.
public final class VillageStore: Sendable {
    /// The database file.
    public let path: String
    public let configuration: StoreConfiguration
    let pool: DatabasePool
    /// (device, channel) → series id; only ever extended after a successful commit.
    let seriesCache = Mutex<[SeriesKey: Int64]>([:])
    /// Devices known to be registered. Devices are never deleted, so once seen a device stays valid;
    /// this spares a query per device on every collector commit.
    let registeredDevices = Mutex<Set<String>>([])
    /// Interval owners known to be registered, likewise; forgotten when the site is registered
    /// again, which can move a device between a household and the plant.
    let registeredOwners = Mutex<Set<IntervalOwner>>([])

    /// Opens (creating if needed) the store at `path` and migrates it to the current schema.
    ///
    /// A file that is not a SQLite database, a SQLite database this platform did not create, or one
    /// migrated by a newer version is refused with a `StoreError` naming the file, and is left
    /// untouched (not even converted to WAL).
    public init(path: String, configuration: StoreConfiguration = StoreConfiguration()) throws(StoreError) {
        self.path = path
        self.configuration = configuration
        try Self.inspectExistingFile(at: path, busyTimeoutSeconds: configuration.busyTimeoutSeconds)

        var grdbConfiguration = Configuration()
        grdbConfiguration.label = "VillageStore"
        grdbConfiguration.busyMode = .timeout(configuration.busyTimeoutSeconds)
        let synchronous = configuration.syncEveryCommit ? "FULL" : "NORMAL"
        grdbConfiguration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // The writer appends to some sixty places of the ledger's indexes at once (each
            // household's postings, trades, readings); past a few months their paths no longer fit
            // SQLite's default 2 MiB of cached pages. Readers keep the default.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -32768") }
        }
        do {
            pool = try DatabasePool(path: path, configuration: grdbConfiguration)
            try StoreSchema.migrator.migrate(pool)
            Self.restrictFileModes(of: path)
        } catch {
            throw StoreError(code: .sqlite, path: path, subject: "open", message: "\(error)")
        }
    }

    /// Refuses files that are not ours before SQLite touches them.
    ///
    /// Waits up to `busyTimeoutSeconds` for a lock: another process (`village status`, a daemon
    /// recovering the journal of one that was killed) may hold one for a moment as this one opens.
    static func inspectExistingFile(at path: String, busyTimeoutSeconds: Double = 5) throws(StoreError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue {
            throw StoreError(code: .notADatabase, path: path, message: "is a directory, not a database file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(code: .sqlite, path: path, subject: "open", message: "cannot be read")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if header.isEmpty { return }  // SQLite treats an empty file as an empty database.
        let magic = Data("SQLite format 3\0".utf8)
        guard header.count == 100, header.prefix(magic.count) == magic else {
            throw StoreError(
                code: .notADatabase, path: path,
                message: "is not a SQLite database (no SQLite header); refusing to open or change it")
        }

        // Read the schema version through a read-only connection, so nothing is written yet.
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(busyTimeoutSeconds)
        let migrator = StoreSchema.migrator
        let verdict: StoreError?
        do {
            let queue = try DatabaseQueue(path: path, configuration: readOnly)
            verdict = try queue.read { db -> StoreError? in
                let tables = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                if tables.isEmpty { return nil }
                guard tables.contains("grdb_migrations") else {
                    return StoreError(
                        code: .foreignDatabase, path: path,
                        message: "is a SQLite database without village store migrations (tables: "
                            + tables.sorted().prefix(5).joined(separator: ", ") + ")")
                }
                let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
                guard unknown.isEmpty else {
                    return StoreError(
                        code: .newerSchema, path: path, subject: unknown.sorted().joined(separator: ", "),
                        message: "was migrated by a newer version of the platform; upgrade to open it")
                }
                return nil
            }
            try queue.close()
        } catch {
            throw StoreError(code: .sqlite, path: path, subject: "schema check", message: "\(error)")
        }
        if let verdict { throw verdict }
    }

    /// Runs `body` in one write transaction, mapping every failure to a `StoreError`.
    ///
    /// The transaction runs in its own task, so cancelling the caller (a graceful shutdown that
    /// lands during a poll's commit) neither interrupts the commit nor turns into a store error:
    /// GRDB would otherwise roll the transaction back and throw `CancellationError`, and a
    /// service would stop with a failure instead of finishing its write.
    func write<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StoreError) -> T {
        do {
            let pool = pool
            return try await Task { try await pool.write(body) }.value
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .sqlite, path: path, subject: operation, message: "\(error)")
        }
    }

    /// Runs `body` on a read snapshot, mapping every failure to a `StoreError`; like ``write(_:_:)``,
    /// not cut short by the caller's cancellation (reads are short, and a half-done read would
    /// surface as a failure).
    func read<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StoreError) -> T {
        do {
            let pool = pool
            return try await Task { try await pool.read(body) }.value
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .sqlite, path: path, subject: operation, message: "\(error)")
        }
    }

    /// ``read(_:_:)`` for a caller already on a thread that may block (the server's blocking work
    /// pool): no task and no hop, which per request costs more than a short read itself.
    package func readNow<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .sqlite, path: path, subject: operation, message: "\(error)")
        }
    }

    /// A store error about this file.
    func error(_ code: StoreError.Code, _ subject: String?, _ message: String) -> StoreError {
        StoreError(code: code, path: path, subject: subject, message: message)
    }
}
