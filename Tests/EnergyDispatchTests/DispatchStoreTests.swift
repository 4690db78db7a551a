import Foundation
import TestKit
import Testing
import VillageStore

/// The `v3-dispatch` tables through the store's API.
struct DispatchStoreTests {
    @Test func plansAndCommandsRoundTrip() async throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dispatch.sqlite").path
        let store = try VillageStore(path: path)
        let at: Int64 = 1_736_694_000
        let steps = (0..<4).map { index in
            DispatchPlanStepRecord(
                plannedAt: at, strategy: "optimal", stepStart: at + Int64(index) * 900,
                batteryChargeWh: 1_000 * Int64(index),
                batteryDischargeWh: 0, batteryEnergyWh: 200_000 + Int64(index), heatingWh: 5_000, coolingWh: 0,
                gridImportWh: 12_000, gridExportWh: 0, expectedCostMilliWon: 1_234_567)
        }
        try await store.record(planSteps: steps)
        // Re-planning at the same time replaces, not duplicates.
        try await store.record(planSteps: steps)
        #expect(try await store.dispatchPlanSteps(plannedFrom: at, to: at + 1) == steps)
        #expect(try await store.dispatchPlanSteps(plannedFrom: at + 1, to: at + 900).isEmpty)

        let commands = [
            DispatchCommandRecord(at: at, deviceId: "ess", setpoint: "InWRte", value: 55.5, clampedFrom: 80),
            DispatchCommandRecord(at: at, deviceId: "hp-river", setpoint: "power_setpoint", value: 12),
        ]
        try await store.record(commands: commands)
        #expect(try await store.dispatchCommands(from: at, to: at + 1) == commands)
        #expect(try await store.dispatchCommands(deviceId: "ess", from: at, to: at + 1) == [commands[0]])

        // Bad input changes nothing.
        await #expect(throws: StoreError.self) {
            try await store.record(commands: [
                commands[1], DispatchCommandRecord(at: at + 900, deviceId: "ess", setpoint: "InWRte", value: .nan),
            ])
        }
        await #expect(throws: StoreError.self) {
            try await store.record(planSteps: [
                DispatchPlanStepRecord(
                    plannedAt: at, strategy: "optimal", stepStart: at + 1, batteryChargeWh: 0, batteryDischargeWh: 0,
                    batteryEnergyWh: 0,
                    heatingWh: 0, coolingWh: 0, gridImportWh: 0, gridExportWh: 0, expectedCostMilliWon: 0)
            ])
        }
        #expect(try await store.dispatchCommands(from: at + 900, to: at + 1800).isEmpty)
    }
}
