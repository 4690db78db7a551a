import Testing
import VillageStore

/// Superseded steps of stored dispatch plans go once past the retention; the step in force (the
/// latest plan made at or before it) stays for every step, however old.
@Suite struct PlanRetentionTests {
    static let start = seoulMidnight

    static func plan(at plannedAt: Int64, steps: [Int64]) -> [DispatchPlanStepRecord] {
        steps.map { offset in
            DispatchPlanStepRecord(
                plannedAt: start + plannedAt, strategy: "optimal", stepStart: start + offset, batteryChargeWh: offset,
                batteryDischargeWh: 0, batteryEnergyWh: plannedAt, heatingWh: 0, coolingWh: 0, gridImportWh: 0,
                gridExportWh: 0, expectedCostMilliWon: 0)
        }
    }

    /// (plan, step) offsets from `start` of the rows stored.
    static func rows(_ store: VillageStore) async throws -> Set<[Int64]> {
        Set(
            try await store.dispatchPlanSteps(plannedFrom: .min, to: .max).map {
                [$0.plannedAt - start, $0.stepStart - start]
            })
    }

    /// For each step, the plan in force: the latest made at or before its start.
    static func inForce(_ rows: Set<[Int64]>, before cutoff: Int64) -> Set<[Int64]> {
        let plans = Set(rows.map { $0[0] })
        return Set(
            rows.filter { row in
                row[1] < cutoff && row[0] == plans.filter { $0 <= row[1] }.max()
            })
    }

    @Test func supersededStepsGoAndTheStepInForceStays() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        // Plans every interval over a four-step horizon, one made mid-interval (its first step had
        // begun, so that step was never in force), and one made on the hour after a restart.
        try await store.record(planSteps: Self.plan(at: 0, steps: [0, 900, 1800, 2700]))
        try await store.record(planSteps: Self.plan(at: 900, steps: [900, 1800, 2700, 3600]))
        try await store.record(planSteps: Self.plan(at: 950, steps: [900, 1800, 2700, 3600]))
        try await store.record(planSteps: Self.plan(at: 3600, steps: [3600, 4500, 5400, 6300]))
        let before = try await Self.rows(store)
        let cutoff: Int64 = 3600

        let deleted = try await store.pruneSupersededPlanSteps(before: Self.start + cutoff)
        let after = try await Self.rows(store)
        #expect(deleted == before.count - after.count)
        // Before the cutoff, exactly the steps in force are left: step 0 of the first plan, step 900
        // of the second (the third was made after that step began), the third's later steps.
        #expect(Self.inForce(before, before: cutoff) == [[0, 0], [900, 900], [950, 1800], [950, 2700]])
        #expect(after.filter { $0[1] < cutoff } == Self.inForce(before, before: cutoff))
        // From the cutoff on nothing is touched.
        #expect(after.filter { $0[1] >= cutoff } == before.filter { $0[1] >= cutoff })
        // Again: nothing more to do.
        #expect(try await store.pruneSupersededPlanSteps(before: Self.start + cutoff) == 0)
    }
}
