import GRDB

/// The `dispatch` table, written as two files: `dispatch_plan_steps` (what the scheduler planned
/// for each quarter hour) and `dispatch_commands` (every setpoint it wrote to the plant).
///
/// Named so as not to hide libdispatch's `DispatchSource`. One value per file, both under
/// `--what dispatch`; they read the store's `v3-dispatch` tables `dispatch_plans` and
/// `dispatch_commands`. The store keeps no read-back verification or outcome per write
/// (`DispatchStepReport.verified`/`failure` are logged only), so the export has none to give.
///
/// The scheduler plans a whole horizon every quarter hour, so the store holds many plans for one
/// step. The export gives each step once, from the plan in force when it began: the latest plan
/// made at or before the step's start. A step that plan does not cover (its horizon ended before
/// the next plan) has no row. Dispatch is plant-wide and has a row per step or per write, so
/// `--resolution` accepts only `raw` and `15m` (the same rows), and `--households`/`--min-group`
/// (which select household data) are refused.
struct DispatchTableSource: ExportSource {
    /// Which of the two files.
    enum Part: Sendable {
        case planSteps, commands
    }

    let table = ExportTable.dispatch
    let part: Part

    static let planStepFields: [ExportField] = [
        ExportField(
            "step_start", .datetime, "Start of the planned 15-minute step, ISO 8601 with the site's UTC offset.",
            ngsiName: "stepStart"),
        ExportField(
            "planned_at", .datetime,
            "When the plan in force for this step was made (the start of its own first step): the latest plan made at or before step_start.",
            ngsiName: "plannedAt"),
        ExportField(
            "strategy", .string,
            "The planning strategy that made the plan (optimal: the linear programme; tou-rules, …: rule sets)."),
        energy("battery_charge_wh", "AC energy the plan puts into the shared battery during the step"),
        energy("battery_discharge_wh", "AC energy the plan takes out of the shared battery during the step"),
        energy(
            "battery_energy_wh",
            "Energy the plan expects stored in the battery at the end of the step (state of charge × capacity)"),
        energy("heat_pump_heating_wh", "Electric energy of the heat pumps for heating (hot tank) during the step"),
        energy("heat_pump_cooling_wh", "Electric energy of the heat pumps for cooling (cold tank) during the step"),
        energy("grid_import_wh", "Energy the plan expects the village to import from the grid during the step"),
        energy("grid_export_wh", "Energy the plan expects the village to export to the grid during the step"),
        ExportField(
            "expected_cost_milli_won", .integer,
            "Grid import cost minus export revenue the plan expects for the step at the tariff's prices, thousandths of a won (KRW).",
            unit: "0.001 KRW"),
    ]

    static let commandFields: [ExportField] = [
        ExportField(
            "time", .datetime, "When the setpoint was written, ISO 8601 with the site's UTC offset.",
            ngsiName: "dateIssued"),
        ExportField(
            "device_id", .string,
            "Plant device written to (battery PCS, heat pump); in a pseudonymised export `dev-` and 128 bits of an HMAC-SHA256 under the export key.",
            ngsiName: "refDevice"),
        ExportField(
            "setpoint", .string,
            "Control point written, by its device-profile name: StorCtl_Mod, InWRte, OutWRte, InOutWRte_RvrtTms (battery, "
                + "SunSpec model 124); mode, power_setpoint, target_tank, revert_timeout (heat pumps).",
            ngsiName: "setpointName"),
        ExportField(
            "value", .number, "The value written, in the point's unit (see the unit column).", ngsiName: "setpointValue"
        ),
        ExportField(
            "unit", .string,
            "Unit of value: % (of the battery's maximum charge/discharge power), kW, s; empty for mode codes and points this build does not know.",
            ngsiName: "setpointUnit"),
        ExportField(
            "clamped_from", .number,
            "What the plan asked for when the safety clamp changed the value (same unit); empty when the plan's value was written "
                + "unchanged, or no plan stood behind the write (safe state after a failure, shutdown).",
            ngsiName: "clampedFrom"),
    ]

    /// Units of the points the dispatch controller writes (`DispatchController`); values of mode
    /// points are codes.
    static let setpointUnits: [String: String] = [
        "InWRte": "%", "OutWRte": "%", "InOutWRte_RvrtTms": "s", "power_setpoint": "kW", "revert_timeout": "s",
    ]

    private static func energy(_ name: String, _ meaning: String) -> ExportField {
        ExportField(
            name, .integer, meaning + ", Wh (mean power in W is four times this for a 15-minute step).", unit: "Wh",
            unitCode: "WHR")
    }

    func availability(in database: ExportDatabase, settings: ExportSettings) -> SourceAvailability {
        guard ["dispatch_plans", "dispatch_commands"].allSatisfy(database.tables.contains) else {
            return .notRecorded(
                reason: "dispatch not yet recorded in this database: it has no dispatch_plans/dispatch_commands tables "
                    + "(store migration v3-dispatch, written by the dispatch scheduler)")
        }
        if settings.resolution.bucketSeconds != nil {
            return .incompatible(
                reason:
                    "dispatch has one row per planned 15-minute step and per setpoint written; use --resolution raw or 15m "
                    + "(hourly and daily sums are defined for metered intervals only)")
        }
        if settings.households != nil {
            return .incompatible(
                reason:
                    "dispatch concerns the shared plant (battery, heat pumps), not households; leave out --households")
        }
        if settings.minimumGroupSize != nil {
            return .incompatible(
                reason: "dispatch is per plant device; --min-group exports only aggregates over households")
        }
        return .available
    }

    func schema(settings: ExportSettings) -> TableSchema {
        switch part {
        case .planSteps:
            TableSchema(
                table: table, name: "dispatch_plan_steps",
                description:
                    "For each 15-minute step, what the dispatch plan in force at its start (the latest plan made at or "
                    + "before it) planned for the shared battery, the heat pumps and the grid, as the store records it. Steps "
                    + "that plan did not cover have no row.",
                fields: Self.planStepFields,
                entity: EntityShape(
                    type: "DispatchPlanStep", idFields: ["planned_at", "step_start"], observedField: "step_start"))
        case .commands:
            TableSchema(
                table: table, name: "dispatch_commands",
                description:
                    "Every setpoint the dispatch scheduler wrote to a plant device, with the plan's value where the "
                    + "safety clamp changed it. The store does not record whether reading the device back confirmed a write, "
                    + "nor why a step fell back to the safe state: those are only in the daemon's log.",
                fields: Self.commandFields,
                entity: EntityShape(
                    type: "DispatchCommand", idFields: ["device_id", "setpoint", "time"], observedField: "time",
                    relationships: ["device_id": "Device"]))
        }
    }

    func estimatedRowCount(in database: ExportDatabase, settings: ExportSettings) throws(ExportError) -> Int? {
        switch part {
        case .planSteps:
            return Int((settings.to - settings.from) / settings.intervalSeconds)
        case .commands:
            return try database.read("count dispatch commands") { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM dispatch_commands WHERE at >= ? AND at < ?",
                    arguments: [settings.from, settings.to])
            }
        }
    }

    func export(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        switch part {
        case .planSteps: try exportPlanSteps(from: database, settings: settings, into: writer, progress: progress)
        case .commands: try exportCommands(from: database, settings: settings, into: writer, progress: progress)
        }
    }

    /// Per local day: the plan in force at the day's start, then each later plan in turn; of each,
    /// the steps from its own start (or the day's) until the next plan (or the day's end). Every
    /// query is a seek on the primary key (planned_at, step_start), so only exported rows are read.
    private func exportPlanSteps(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: Self.planStepFields.count)
        for window in settings.dayWindows {
            try database.read("dispatch plans") { db in
                let latestBefore = try Int64.fetchOne(
                    db, sql: "SELECT MAX(planned_at) FROM dispatch_plans WHERE planned_at <= ?",
                    arguments: [window.start])
                let firstInside = try Int64.fetchOne(
                    db, sql: "SELECT MIN(planned_at) FROM dispatch_plans WHERE planned_at > ? AND planned_at < ?",
                    arguments: [window.start, window.end])
                var plan = latestBefore ?? firstInside
                while let plannedAt = plan {
                    let next = try Int64.fetchOne(
                        db, sql: "SELECT MIN(planned_at) FROM dispatch_plans WHERE planned_at > ? AND planned_at < ?",
                        arguments: [plannedAt, window.end])
                    let cursor = try PlanStepRow.fetchPositionedCursor(
                        db,
                        sql: """
                            SELECT step_start, planned_at, strategy, battery_charge_wh, battery_discharge_wh, battery_energy_wh,
                                   heating_wh, cooling_wh, grid_import_wh, grid_export_wh, expected_cost_milli_won
                            FROM dispatch_plans WHERE planned_at = ? AND step_start >= ? AND step_start < ? ORDER BY step_start
                            """,
                        arguments: [plannedAt, max(plannedAt, window.start), next ?? window.end])
                    while let step = try cursor.next() {
                        row[0] = .time(step.stepStart)
                        row[1] = .time(step.plannedAt)
                        row[2] = .text(step.strategy)
                        row[3] = .integer(step.batteryChargeWh)
                        row[4] = .integer(step.batteryDischargeWh)
                        row[5] = .integer(step.batteryEnergyWh)
                        row[6] = .integer(step.heatingWh)
                        row[7] = .integer(step.coolingWh)
                        row[8] = .integer(step.gridImportWh)
                        row[9] = .integer(step.gridExportWh)
                        row[10] = .integer(step.expectedCostMilliWon)
                        try writer.write(row)
                        written += 1
                        progress.add()
                    }
                    plan = next
                }
            }
        }
        return written
    }

    private func exportCommands(
        from database: ExportDatabase, settings: ExportSettings, into writer: any RecordWriter,
        progress: ProgressCounter
    ) throws(ExportError) -> Int {
        var written = 0
        var row = [ExportValue](repeating: .null, count: Self.commandFields.count)
        for window in settings.dayWindows {
            try database.read("dispatch commands") { db in
                let cursor = try CommandRow.fetchPositionedCursor(
                    db,
                    sql: """
                        SELECT at, device_id, setpoint, value, clamped_from FROM dispatch_commands
                        WHERE at >= ? AND at < ? ORDER BY at, id
                        """,
                    arguments: [window.start, window.end])
                while let command = try cursor.next() {
                    row[0] = .time(command.at)
                    row[1] = .text(settings.identifiers.device(command.deviceId))
                    row[2] = .text(command.setpoint)
                    row[3] = .real(command.value)
                    row[4] = Self.setpointUnits[command.setpoint].map(ExportValue.text) ?? .null
                    row[5] = command.clampedFrom.map(ExportValue.real) ?? .null
                    try writer.write(row)
                    written += 1
                    progress.add()
                }
            }
        }
        return written
    }
}

/// One step of one stored dispatch plan (`dispatch_plans`).
private struct PlanStepRow: PositionedRecord, TableRecord {
    static let databaseTableName = "dispatch_plans"
    enum Columns {
        static let stepStart = Column("step_start")
        static let plannedAt = Column("planned_at")
        static let strategy = Column("strategy")
        static let batteryChargeWh = Column("battery_charge_wh")
        static let batteryDischargeWh = Column("battery_discharge_wh")
        static let batteryEnergyWh = Column("battery_energy_wh")
        static let heatingWh = Column("heating_wh")
        static let coolingWh = Column("cooling_wh")
        static let gridImportWh = Column("grid_import_wh")
        static let gridExportWh = Column("grid_export_wh")
        static let expectedCostMilliWon = Column("expected_cost_milli_won")
    }
    struct Positions {
        var stepStart, plannedAt, strategy, batteryChargeWh, batteryDischargeWh, batteryEnergyWh, heatingWh, coolingWh,
            gridImportWh, gridExportWh, expectedCostMilliWon: Int
    }

    var stepStart: Int64
    var plannedAt: Int64
    var strategy: String
    var batteryChargeWh: Int64
    var batteryDischargeWh: Int64
    var batteryEnergyWh: Int64
    var heatingWh: Int64
    var coolingWh: Int64
    var gridImportWh: Int64
    var gridExportWh: Int64
    var expectedCostMilliWon: Int64

    static func positions(in results: some ColumnLocating) throws(StoredValueError) -> Positions {
        let table = databaseTableName
        return Positions(
            stepStart: try results.position(of: Columns.stepStart, in: table),
            plannedAt: try results.position(of: Columns.plannedAt, in: table),
            strategy: try results.position(of: Columns.strategy, in: table),
            batteryChargeWh: try results.position(of: Columns.batteryChargeWh, in: table),
            batteryDischargeWh: try results.position(of: Columns.batteryDischargeWh, in: table),
            batteryEnergyWh: try results.position(of: Columns.batteryEnergyWh, in: table),
            heatingWh: try results.position(of: Columns.heatingWh, in: table),
            coolingWh: try results.position(of: Columns.coolingWh, in: table),
            gridImportWh: try results.position(of: Columns.gridImportWh, in: table),
            gridExportWh: try results.position(of: Columns.gridExportWh, in: table),
            expectedCostMilliWon: try results.position(of: Columns.expectedCostMilliWon, in: table))
    }

    init(row: Row, at p: Positions) throws(StoredValueError) {
        let table = Self.databaseTableName
        stepStart = try row.integer(at: p.stepStart, Columns.stepStart, of: table)
        plannedAt = try row.integer(at: p.plannedAt, Columns.plannedAt, of: table)
        strategy = try row.text(at: p.strategy, Columns.strategy, of: table)
        batteryChargeWh = try row.integer(at: p.batteryChargeWh, Columns.batteryChargeWh, of: table)
        batteryDischargeWh = try row.integer(at: p.batteryDischargeWh, Columns.batteryDischargeWh, of: table)
        batteryEnergyWh = try row.integer(at: p.batteryEnergyWh, Columns.batteryEnergyWh, of: table)
        heatingWh = try row.integer(at: p.heatingWh, Columns.heatingWh, of: table)
        coolingWh = try row.integer(at: p.coolingWh, Columns.coolingWh, of: table)
        gridImportWh = try row.integer(at: p.gridImportWh, Columns.gridImportWh, of: table)
        gridExportWh = try row.integer(at: p.gridExportWh, Columns.gridExportWh, of: table)
        expectedCostMilliWon = try row.integer(at: p.expectedCostMilliWon, Columns.expectedCostMilliWon, of: table)
    }
}

/// One setpoint the scheduler wrote (`dispatch_commands`).
private struct CommandRow: PositionedRecord, TableRecord {
    static let databaseTableName = "dispatch_commands"
    enum Columns {
        static let at = Column("at")
        static let deviceId = Column("device_id")
        static let setpoint = Column("setpoint")
        static let value = Column("value")
        static let clampedFrom = Column("clamped_from")
    }
    struct Positions {
        var at, deviceId, setpoint, value, clampedFrom: Int
    }

    var at: Int64
    var deviceId: String
    var setpoint: String
    var value: Double
    var clampedFrom: Double?

    static func positions(in results: some ColumnLocating) throws(StoredValueError) -> Positions {
        let table = databaseTableName
        return Positions(
            at: try results.position(of: Columns.at, in: table),
            deviceId: try results.position(of: Columns.deviceId, in: table),
            setpoint: try results.position(of: Columns.setpoint, in: table),
            value: try results.position(of: Columns.value, in: table),
            clampedFrom: try results.position(of: Columns.clampedFrom, in: table))
    }

    init(row: Row, at p: Positions) throws(StoredValueError) {
        let table = Self.databaseTableName
        at = try row.integer(at: p.at, Columns.at, of: table)
        deviceId = try row.text(at: p.deviceId, Columns.deviceId, of: table)
        setpoint = try row.text(at: p.setpoint, Columns.setpoint, of: table)
        value = try row.real(at: p.value, Columns.value, of: table)
        clampedFrom = try row.optionalReal(at: p.clampedFrom, Columns.clampedFrom, of: table)
    }
}
