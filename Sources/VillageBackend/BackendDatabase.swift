import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// The backend's PostgreSQL database: a connection pool and the schema's migrations.
package struct BackendDatabase: Sendable {
    package let client: PostgresClient
    package let logger: Logger

    package init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Runs `body` with a database whose pool runs for as long as `body` does; migrates first.
    package static func with<T: Sendable>(
        _ address: PostgresAddress, logger: Logger, _ body: @Sendable (BackendDatabase) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: address.configuration, backgroundLogger: poolLogger(logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let database = BackendDatabase(client: client, logger: logger)
            try await database.migrate()
            return try await body(database)
        }
    }

    /// Applies every migration not yet applied, each in its own transaction, under an advisory lock
    /// so that two backends starting together do not both apply one.
    package func migrate() async throws {
        try await client.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            logger: logger)
        let known = Set(BackendMigrations.all.map(\.name))
        for migration in BackendMigrations.all {
            try await transaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
                let applied = try await connection.query("SELECT name FROM schema_migrations", logger: logger)
                var names: [String] = []
                for try await name in applied.decode(String.self) { names.append(name) }
                if let unknown = names.first(where: { !known.contains($0) }) {
                    throw BackendError(
                        "database", "holds migration \(unknown), which this backend does not know: it is newer")
                }
                guard !names.contains(migration.name) else { return }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
            }
        }
        // The key of the researchers' pseudonyms: random, made once, never leaves the database.
        let key = TokenHash.newToken(prefix: "")
        try await client.query(
            "INSERT INTO settings (name, value) VALUES ('pseudonym_key', \(key)) ON CONFLICT (name) DO NOTHING",
            logger: logger)
    }

    /// The names of the applied migrations, in the order applied.
    package func appliedMigrations() async throws -> [String] {
        let rows = try await client.query(
            "SELECT name FROM schema_migrations ORDER BY applied_at, name", logger: logger)
        var names: [String] = []
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }

    /// The pool's own log: without its warning that a query waits for the pool to start, which
    /// every start would print (the first query is sent as the pool's task begins).
    package static func poolLogger(_ logger: Logger) -> Logger {
        var pool = logger
        pool.logLevel = max(logger.logLevel, .error)
        return pool
    }

    static let migrationLock: Int64 = 0x7669_6c6c_6167_65
}

extension BackendDatabase {
    /// Runs `body` in one transaction; a refusal thrown inside (an HTTP answer or a named
    /// argument) comes out as itself, after the rollback.
    package func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError, inner is BackendError || inner is any HTTPResponseError { throw inner }
            throw error
        }
    }
}
