import GRDB

extension VillageStore {
    /// Records a successful run of `service` at `at`, keeping its last error.
    public func recordServiceSuccess(_ service: String, at: Int64, detail: String? = nil) async throws(StoreError) {
        try await write("record service status") { db in
            try db.execute(
                sql: """
                    INSERT INTO service_status (service, last_run, last_success, detail) VALUES (?, ?, ?, ?)
                    ON CONFLICT (service) DO UPDATE SET
                        last_run = excluded.last_run, last_success = excluded.last_success,
                        detail = COALESCE(excluded.detail, detail)
                    """,
                arguments: [service, at, at, detail])
        }
    }

    /// Records a failed run of `service` at `at`.
    public func recordServiceFailure(_ service: String, at: Int64, error message: String) async throws(StoreError) {
        try await write("record service status") { db in
            try db.execute(
                sql: """
                    INSERT INTO service_status (service, last_run, last_error, last_error_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (service) DO UPDATE SET
                        last_run = excluded.last_run, last_error = excluded.last_error, last_error_at = excluded.last_error_at
                    """,
                arguments: [service, at, message, at])
        }
    }

    /// Every service's status, by name.
    public func serviceStatuses() async throws(StoreError) -> [ServiceStatus] {
        try await read("service status") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM service_status ORDER BY service").map { row in
                ServiceStatus(
                    service: row["service"], lastRun: row["last_run"], lastSuccess: row["last_success"],
                    lastError: row["last_error"], lastErrorAt: row["last_error_at"], detail: row["detail"])
            }
        }
    }

    /// When the scheduler last planned, or nil before its first plan.
    public func lastPlanTimestamp() async throws(StoreError) -> Int64? {
        try await read("last plan") { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(planned_at) FROM dispatch_plans")
        }
    }
}
