import DispatchControl
import EnergyDispatch
import Foundation
import Site
import TestKit
import Testing
import VillageDemo
import VillageStore

/// The controller that ran the recorded day stored its forecasts and, once the day was recorded, the
/// day's forecast errors: they must equal the errors computed here from the stored forecasts and the
/// meters' intervals, with the recorded load, heat and cooling rebuilt in this test from the grid,
/// PV, heat-pump and level intervals.
@Suite(.serialized) struct ForecastErrorRecordingTests {
    @Test func theStoredErrorsOfTheDayEqualAnIndependentComputation() async throws {
        let recording = try await RecordedVillageDatabase.recording.value
        let site = recording.configuration.site
        let day = RecordedVillageDatabase.day
        let end = day + 86_400
        // A copy: opening a store may write (WAL), and the replay suite checks that its reads do not.
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("copy.sqlite").path
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: recording.path + suffix) {
            try FileManager.default.copyItem(atPath: recording.path + suffix, toPath: copy + suffix)
        }
        let store = try VillageStore(path: copy)

        let stored = try await store.forecastErrors()
        #expect(Set(stored.map(\.dayStart)) == [day], "only the measured day had plans")
        let forecasts = try await store.forecastSteps(stepFrom: day, to: end)
        #expect(Set(forecasts.map(\.plannedAt)).count == 96, "one forecast per plan, every 15 minutes")

        // What was recorded, step by step, from the intervals themselves.
        func plant(_ channel: MeteringChannel, _ owners: [String], from: Int64 = day) async throws -> [Int64: Double] {
            try await store.intervalTotals(channel: channel, ownerKind: "plant", ownerIds: owners, from: from, to: end)
                .mapValues(Double.init)
        }
        let pv = try await store.intervalTotals(channel: .pvGeneration, from: day, to: end).mapValues(Double.init)
        let gridIn = try await plant(.energyImport, [site.grid.meter])
        let gridOut = try await plant(.energyExport, [site.grid.meter])
        let pumps: [String] = site.heatPlant.heatPumps.map { $0.device }
        let electric = try await plant(.heatPumpElectricity, pumps)
        let pumpedHeat = try await plant(.heatPumpHeat, pumps)
        let pumpedCold = try await plant("heatpump.cooling", pumps)
        let battery = try await plant(.essStateOfCharge, [site.ess.device], from: day - 900)
        let hot = try await plant(.tankHeat, [site.heatPlant.tankSensor], from: day - 900)
        let cold = try await plant("tank.cold", [site.heatPlant.tankSensor], from: day - 900)
        var load: [Int64: Double] = [:]
        var heat: [Int64: Double] = [:]
        var cooling: [Int64: Double] = [:]
        let hotLossPerStep: Double = site.heatPlant.hotTank.standingLossPctPerHour / 100 / 4
        let coldLossPerStep: Double = site.heatPlant.coldTank.standingLossPctPerHour / 100 / 4
        for start in stride(from: day, to: end, by: 900) {
            if let imported = gridIn[start], let exported = gridOut[start], let now = battery[start],
                let before = battery[start - 900]
            {
                let change: Double = now - before
                let batteryAC: Double =
                    change > 0 ? -change / site.ess.chargeEfficiency : -change * site.ess.dischargeEfficiency
                let generated: Double = pv[start] ?? 0
                let pumped: Double = electric[start] ?? 0
                let balance: Double = imported - exported + generated - pumped + batteryAC
                load[start] = max(0, balance)
            }
            if let now = hot[start], let before = hot[start - 900] {
                let delivered: Double = (pumpedHeat[start] ?? 0) - (now - before) - before * hotLossPerStep
                heat[start] = max(0, delivered)
            }
            if let now = cold[start], let before = cold[start - 900] {
                let delivered: Double = (pumpedCold[start] ?? 0) - (now - before) - before * coldLossPerStep
                cooling[start] = max(0, delivered)
            }
        }
        #expect(load.count == 96 && heat.count == 96 && pv.count == 96)

        let series: [(ForecastQuantity, KeyPath<ForecastStepRecord, Int64>, [Int64: Double])] = [
            (.pv, \.pvWh, pv), (.load, \.loadWh, load), (.heat, \.heatWh, heat), (.cooling, \.coolingWh, cooling),
        ]
        for (quantity, field, recorded) in series {
            let pairs = forecasts.compactMap { forecast in
                recorded[forecast.stepStart].map { (Double(forecast[keyPath: field]), $0) }
            }
            let mae = pairs.map { abs($0.0 - $0.1) }.reduce(0, +) / Double(max(pairs.count, 1))
            let bias = pairs.map { $0.0 - $0.1 }.reduce(0, +) / Double(max(pairs.count, 1))
            let error = try #require(stored.first { $0.quantity == quantity })
            print(
                String(
                    format: "%@: MAE %.1f Wh/step, bias %+.1f Wh/step, recorded mean %.1f Wh/step, %d steps",
                    quantity.rawValue, error.meanAbsoluteErrorWh, error.biasWh, error.recordedMeanWh,
                    error.comparedSteps))
            #expect(error.comparedSteps == pairs.count, "\(quantity)")
            #expect(
                abs(error.meanAbsoluteErrorWh - mae) < 1e-6,
                "\(quantity): stored \(error.meanAbsoluteErrorWh), here \(mae)")
            #expect(abs(error.biasWh - bias) < 1e-6, "\(quantity)")
        }
        // Every plan's forecast steps inside the day: 96 + 95 + … + 1.
        #expect(stored.first { $0.quantity == .pv }?.comparedSteps == 96 * 97 / 2)
        // Forecasts are not the truth: the errors measure something.
        #expect((stored.first { $0.quantity == .load }?.meanAbsoluteErrorWh ?? 0) > 0)
    }
}
