import Foundation
import VillageCore
import VillageStore

/// Dispatch plans and commands recorded into a `SeededVillage` through the store's public API, and
/// the rows an export of them must contain, computed here from the records, not from the store.
struct SeededDispatch {
    let plans: [DispatchPlanStepRecord]
    let commands: [DispatchCommandRecord]

    /// Plans every quarter hour over the first `days` days with an 8-step horizon, about one in four
    /// left out (an older plan stays in force), a three-hour outage without plans (steps no plan
    /// covers), and a 12-step plan made an hour before the village's start; four battery and two
    /// heat-pump setpoints per plan, some clamped.
    static func record(into village: SeededVillage, seed: UInt64, days: Int64 = 2) async throws -> SeededDispatch {
        var random = SeededGenerator(seed: seed)
        var plans: [DispatchPlanStepRecord] = []
        var commands: [DispatchCommandRecord] = []
        func plan(at plannedAt: Int64, steps: Int) {
            let strategy = random.next(below: 3) == 0 ? "tou-rules" : "optimal"
            for index in 0..<steps {
                plans.append(
                    DispatchPlanStepRecord(
                        plannedAt: plannedAt, strategy: strategy, stepStart: plannedAt + Int64(index) * 900,
                        batteryChargeWh: Int64(random.next(below: 45_000)),
                        batteryDischargeWh: Int64(random.next(below: 45_000)),
                        batteryEnergyWh: Int64(40_000 + random.next(below: 320_000)),
                        heatingWh: Int64(random.next(below: 20_000)),
                        coolingWh: Int64(random.next(below: 8_000)), gridImportWh: Int64(random.next(below: 60_000)),
                        gridExportWh: Int64(random.next(below: 30_000)),
                        expectedCostMilliWon: Int64(random.next(below: 9_000_000)) - 2_000_000))
            }
        }
        plan(at: SeededVillage.start - 3_600, steps: 12)
        let outage = (SeededVillage.start + 30 * 3_600)..<(SeededVillage.start + 33 * 3_600)
        for slot in 0..<(days * 96) {
            let at = SeededVillage.start + slot * 900
            guard !outage.contains(at), slot == 0 || random.next(below: 4) != 0 else { continue }
            plan(at: at, steps: 8)
            let rate = Double(random.next(below: 1_000)) / 10
            let clamped = random.next(below: 5) == 0
            commands += [
                DispatchCommandRecord(
                    at: at + 2, deviceId: "ess-SNQX9000", setpoint: "InOutWRte_RvrtTms", value: 1_800),
                DispatchCommandRecord(
                    at: at + 2, deviceId: "ess-SNQX9000", setpoint: "OutWRte", value: rate,
                    clampedFrom: clamped ? rate + 12.5 : nil),
                DispatchCommandRecord(at: at + 2, deviceId: "ess-SNQX9000", setpoint: "InWRte", value: 0),
                DispatchCommandRecord(
                    at: at + 2, deviceId: "ess-SNQX9000", setpoint: "StorCtl_Mod", value: rate > 0 ? 2 : 0),
                DispatchCommandRecord(at: at + 3, deviceId: SeededVillage.heatPumpId, setpoint: "mode", value: 1),
                DispatchCommandRecord(
                    at: at + 3, deviceId: SeededVillage.heatPumpId, setpoint: "power_setpoint",
                    value: Double(random.next(below: 600)) / 7, clampedFrom: clamped ? 95.25 : nil),
            ]
        }
        try await village.store.record(planSteps: plans)
        try await village.store.record(commands: commands)
        return SeededDispatch(plans: plans, commands: commands)
    }

    /// For each step in `[from, to)`: the step of the latest plan made at or before its start, if
    /// that plan has one; in step order.
    func stepsInForce(from: Int64, to: Int64) -> [DispatchPlanStepRecord] {
        let planTimes = Set(plans.map(\.plannedAt)).sorted()
        let byPlanAndStep = Dictionary(uniqueKeysWithValues: plans.map { ([$0.plannedAt, $0.stepStart], $0) })
        let stepStarts = Set(plans.map(\.stepStart)).filter { $0 >= from && $0 < to }.sorted()
        return stepStarts.compactMap { step in
            guard let inForce = planTimes.last(where: { $0 <= step }) else { return nil }
            return byPlanAndStep[[inForce, step]]
        }
    }

    /// Commands written in `[from, to)`, in time order (as recorded within one time).
    func commands(from: Int64, to: Int64) -> [DispatchCommandRecord] {
        commands.filter { $0.at >= from && $0.at < to }
    }
}
