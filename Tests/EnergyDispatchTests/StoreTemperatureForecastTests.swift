import DispatchControl
import EnergyDispatch
import Foundation
import Site
import TestKit
import Testing
import VillageCore
import VillageStore

/// The store-backed forecast source reads the stored outdoor temperature with the heat history and
/// switches from the same-hour rule to the regression once a week of both is recorded; the plan's
/// reasons say which it used.
@Suite struct StoreTemperatureForecastTests {
    /// 2025-01-06 00:00 in Seoul.
    static let start: Int64 = 1_736_089_200
    static let step = TimeGrid.quarterHourSeconds

    /// A store with `days` days of heat-plant intervals: the tanks stay at 1 MWh, so the heat the
    /// pumps deliver is the demand plus the hot tank's standing loss; the demand is 20 kWh per step
    /// plus 3 kWh per kelvin below 16 °C, with temperature readings every 5 minutes from both pumps.
    static func store(days: Int) async throws -> (VillageStore, Site, temperatures: Int) {
        let site = Site.default
        let directory = try TestFiles.temporaryDirectory()
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        let plant = site.heatPlant.heatPumps.map(\.device) + [site.heatPlant.tankSensor]
        try await store.register(
            site: SiteRecord(id: site.name, name: site.name), households: [],
            devices: plant.map { DeviceRecord(id: $0, householdId: nil, kind: "heat-pump", profile: "heat-pump") })
        var batch = MeteringBatch()
        let tankWh: Int64 = 1_000_000
        let loss = Double(tankWh) * site.heatPlant.hotTank.standingLossPctPerHour / 100 / 4
        var temperatures = 0
        for index in -1..<(days * 96) {
            let at = start + Int64(index) * step
            for channel in [MeteringChannel.tankHeat, "tank.cold"] {
                batch.intervals.append(
                    IntervalEnergy(
                        owner: .plant(site.heatPlant.tankSensor), channel: channel, start: at, value: tankWh,
                        quality: .measured))
            }
            guard index >= 0 else { continue }
            let hour = Double(index % 96) / 4
            let celsius = 4 + 5 * cos(2 * .pi * (hour - 14.5) / 24) + 4 * sin(2 * .pi * Double(index) / 96 / 5)
            let demand = 20_000 + 3_000 * max(0, 16 - celsius)
            batch.intervals.append(
                IntervalEnergy(
                    owner: .plant(site.heatPlant.heatPumps[0].device), channel: .heatPumpHeat, start: at,
                    value: Int64((demand + loss).rounded()), quality: .measured))
            for minute in stride(from: Int64(0), to: 15, by: 5) {
                for pump in site.heatPlant.heatPumps {
                    batch.readings.append(
                        RawReading(
                            deviceId: pump.device, channel: .outdoorTemperature, timestamp: at + minute * 60,
                            value: .real((celsius * 10).rounded() / 10)))
                }
            }
            temperatures += 1
        }
        try await store.commit(batch)
        return (store, site, temperatures)
    }

    @Test func aWeekOfStoredTemperatureTurnsTheRegressionOn() async throws {
        let (store, site, temperatures) = try await Self.store(days: 8)
        let source = StoreForecastSource(store: store, site: site)
        let planStart = Self.start + 8 * TimeGrid.daySeconds
        let history = try await source.history(from: Self.start, to: planStart)
        #expect(history.outdoorTemperature.celsius.count == temperatures)
        let forecast = try await source.forecast(from: planStart, steps: 96, stepSeconds: Self.step)
        let heatNote = try #require(forecast.notes.first { $0.hasPrefix("heat demand:") })
        #expect(heatNote.contains("regression on outdoor temperature over 8.0 days"), "\(heatNote)")
        // 3 kWh per step and kelvin is 12 kW per K.
        let regression = try #require(
            DegreeHourRegression.fit(
                side: .heating, demand: history.heatDemand, temperature: history.outdoorTemperature))
        #expect(abs(regression.slopeWhPerKelvin - 3000) < 60, "\(regression.slopeWhPerKelvin)")
        #expect(heatNote.contains(String(format: "%.2f kW per K", regression.slopeWhPerKelvin / 900 * 3.6)))
        let temperature = try #require(forecast.outdoorTemperatureC)
        for (index, celsius) in temperature.enumerated() {
            let at = planStart + Int64(index) * Self.step
            #expect(
                abs(
                    forecast.heatDemandWh[index]
                        - regression.demandWh(stepStart: at, stepSeconds: Self.step, celsius: celsius))
                    < 0.01)
        }
    }

    @Test func withThreeDaysStoredTheSameHourRuleStandsInAndSaysSo() async throws {
        let (store, site, _) = try await Self.store(days: 3)
        let source = StoreForecastSource(store: store, site: site)
        let planStart = Self.start + 3 * TimeGrid.daySeconds
        let forecast = try await source.forecast(from: planStart, steps: 96, stepSeconds: Self.step)
        let heatNote = try #require(forecast.notes.first { $0.hasPrefix("heat demand:") })
        #expect(heatNote.contains("same-hour profile (3 days), since only 3.0 days"), "\(heatNote)")
        let history = try await source.history(from: planStart - 22 * TimeGrid.daySeconds, to: planStart)
        #expect(
            forecast.heatDemandWh
                == ProfileForecaster(basis: .recentDays(days: 3)).forecast(
                    from: planStart, steps: 96, stepSeconds: Self.step, history: history.heatDemand))
    }
}
