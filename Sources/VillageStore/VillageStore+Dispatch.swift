import GRDB
import VillageCore

extension VillageStore {
    /// Stores a plan's steps; a plan made again at the same time replaces the earlier one's steps.
    public func record(planSteps: [DispatchPlanStepRecord]) async throws(StoreError) {
        for step in planSteps {
            guard !step.strategy.isEmpty else { throw error(.invalidValue, "dispatch plan strategy", "is empty") }
            guard step.stepStart % TimeGrid.quarterHourSeconds == 0 else {
                throw error(.invalidValue, "dispatch plan step \(step.stepStart)", "is not on a quarter hour")
            }
        }
        try await write("record dispatch plan") { db in
            for step in planSteps {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO dispatch_plans (planned_at, strategy, step_start, battery_charge_wh,
                            battery_discharge_wh, battery_energy_wh, heating_wh, cooling_wh, grid_import_wh, grid_export_wh,
                            expected_cost_milli_won) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        step.plannedAt, step.strategy, step.stepStart, step.batteryChargeWh, step.batteryDischargeWh,
                        step.batteryEnergyWh, step.heatingWh, step.coolingWh, step.gridImportWh, step.gridExportWh,
                        step.expectedCostMilliWon,
                    ])
            }
        }
    }

    /// Steps of the plans made with `from <= plannedAt < to`, by plan time then step.
    public func dispatchPlanSteps(plannedFrom from: Int64, to: Int64) async throws(StoreError)
        -> [DispatchPlanStepRecord]
    {
        try await read("dispatch plans") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM dispatch_plans WHERE planned_at >= ? AND planned_at < ? ORDER BY planned_at, step_start
                    """,
                arguments: [from, to]
            ).map { row in
                DispatchPlanStepRecord(
                    plannedAt: row["planned_at"], strategy: row["strategy"], stepStart: row["step_start"],
                    batteryChargeWh: row["battery_charge_wh"], batteryDischargeWh: row["battery_discharge_wh"],
                    batteryEnergyWh: row["battery_energy_wh"], heatingWh: row["heating_wh"],
                    coolingWh: row["cooling_wh"],
                    gridImportWh: row["grid_import_wh"], gridExportWh: row["grid_export_wh"],
                    expectedCostMilliWon: row["expected_cost_milli_won"])
            }
        }
    }

    /// Stores setpoints written; writing the same (time, device, setpoint) again keeps the first.
    public func record(commands: [DispatchCommandRecord]) async throws(StoreError) {
        for command in commands {
            guard !command.deviceId.isEmpty, !command.setpoint.isEmpty else {
                throw error(.invalidValue, "dispatch command at \(command.at)", "device and setpoint must not be empty")
            }
            guard command.value.isFinite, command.clampedFrom?.isFinite ?? true else {
                throw error(
                    .invalidValue, "dispatch command \(command.deviceId) \(command.setpoint)", "value is not finite")
            }
        }
        try await write("record dispatch commands") { db in
            for command in commands {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO dispatch_commands (at, device_id, setpoint, value, clamped_from)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [command.at, command.deviceId, command.setpoint, command.value, command.clampedFrom])
            }
        }
    }

    /// Setpoints written with `from <= at < to`, of one device or of all, oldest first.
    public func dispatchCommands(deviceId: String? = nil, from: Int64, to: Int64) async throws(StoreError)
        -> [DispatchCommandRecord]
    {
        try await read("dispatch commands") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT at, device_id, setpoint, value, clamped_from FROM dispatch_commands
                    WHERE at >= ? AND at < ? AND (? IS NULL OR device_id = ?) ORDER BY at, id
                    """,
                arguments: [from, to, deviceId, deviceId]
            ).map { row in
                DispatchCommandRecord(
                    at: row["at"], deviceId: row["device_id"], setpoint: row["setpoint"], value: row["value"],
                    clampedFrom: row["clamped_from"])
            }
        }
    }

    /// Per interval start, the sum of one channel over every owner of `ownerKind` (`household`,
    /// `plant`, or both when nil) with `from <= start < to`, counting only measured and estimated
    /// intervals: what a forecast learns from.
    public func intervalTotals(
        channel: MeteringChannel, ownerKind: String? = nil, ownerIds: [String]? = nil, from: Int64, to: Int64
    ) async throws(StoreError) -> [Int64: Int64] {
        try await read("interval totals") { db in
            try Self.intervalTotals(db, channel: channel, ownerKind: ownerKind, ownerIds: ownerIds, from: from, to: to)
        }
    }

    /// The query behind ``intervalTotals(channel:ownerKind:ownerIds:from:to:)``, for any connection
    /// to a village database (a read-only one included).
    static func intervalTotals(
        _ db: Database, channel: MeteringChannel, ownerKind: String?, ownerIds: [String]?, from: Int64, to: Int64
    ) throws -> [Int64: Int64] {
        let ids = ownerIds ?? []
        let placeholders = ids.isEmpty ? "" : " AND owner_id IN (" + ids.map { _ in "?" }.joined(separator: ", ") + ")"
        var arguments: [(any DatabaseValueConvertible)?] = [channel.rawValue, from, to, ownerKind, ownerKind]
        arguments += ids.map { $0 as (any DatabaseValueConvertible)? }
        var totals: [Int64: Int64] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT start, SUM(value) AS total FROM intervals
                WHERE channel = ? AND start >= ? AND start < ? AND quality > 0 AND (? IS NULL OR owner_kind = ?)
                """ + placeholders + " GROUP BY start",
            arguments: StatementArguments(arguments))
        {
            totals[row["start"]] = row["total"]
        }
        return totals
    }
}
