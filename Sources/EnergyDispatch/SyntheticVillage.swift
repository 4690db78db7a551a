import Foundation
import VillageCore

/// A seeded synthetic village for comparing strategies before the store and simulator have data.
///
/// Built from the reference site's sizes: 503 kWp PV, 54 occupied homes (of 56) plus the shared
/// plant, the 400 kWh / 180 kW battery, and the heat pumps and tanks of `PlantParameters()`.
/// Every number below is an assumption, documented here and in the module's doc:
/// - Weather: daily mean outdoor temperature 27 °C (summer) or 2 °C (winter), ±4 °C around it from
///   day to day, ±4 °C diurnal swing peaking at 15:00.
/// - PV: a half-sine between sunrise and sunset (05:30–19:30 summer, 07:30–17:30 winter) raised to
///   the power 1.2, peaking at 72 % (summer) or 62 % (winter) of 503 kWp, times a daily clearness
///   drawn uniformly from 0.3–1.0 and a ±10 % per-step flicker.
/// - Load: per occupied home 0.35 kW base, +0.8 kW 07–09 and +1.4 kW 18–23, ±15 % noise; the plant
///   (common areas, circulation pumps) 25 kW day, 15 kW night.
/// - Heat demand (winter): 10 kW per °C below 18 °C, plus domestic hot water 0.4 kW per home,
///   doubled 06–09 and 19–22. Summer: hot water only.
/// - Cooling demand (summer): 14 kW per °C above 24 °C, plus 60 kW of solar gain at midday scaled
///   by clearness. Winter: none.
/// - Start: Monday 2024-08-05 (summer) or Monday 2024-01-15 (winter), 00:00 Asia/Seoul; stores
///   start at the middle of their windows.
public enum SyntheticVillage {
    public enum Season: String, Sendable, CaseIterable, Codable {
        case summer, winter
    }

    /// A request of `days` × 96 steps with zero prices (set them with `setPrices`).
    public static func request(season: Season, days: Int, seed: UInt64, plant: PlantParameters = PlantParameters())
        -> PlanRequest
    {
        var random = SeededGenerator(seed: seed)
        let steps = max(0, days) * 96
        let summer = season == .summer
        let start: Int64 = summer ? 1_722_783_600 : 1_705_244_400
        let sunrise = summer ? 5.5 : 7.5
        let sunset = summer ? 19.5 : 17.5
        let peakFraction = summer ? 0.72 : 0.62
        let homes = 54.0
        var pv: [Double] = []
        var load: [Double] = []
        var heat: [Double] = []
        var cooling: [Double] = []
        var temperature: [Double] = []
        var dayMean = 0.0
        var clearness = 1.0
        for step in 0..<steps {
            let hour = Double(step % 96) / 4 + 0.125
            if step % 96 == 0 {
                dayMean = (summer ? 27 : 2) + Double.random(in: -4...4, using: &random)
                clearness = Double.random(in: 0.3...1.0, using: &random)
            }
            let outdoor = dayMean + 4 * cos((hour - 15) / 24 * 2 * Double.pi)
            temperature.append(outdoor)
            var pvKW = 0.0
            if hour > sunrise, hour < sunset {
                let shape = pow(sin(Double.pi * (hour - sunrise) / (sunset - sunrise)), 1.2)
                pvKW = 503 * peakFraction * shape * clearness * Double.random(in: 0.9...1.1, using: &random)
            }
            pv.append(pvKW * 250)
            var homeKW = 0.35
            if hour >= 7, hour < 9 { homeKW += 0.8 }
            if hour >= 18, hour < 23 { homeKW += 1.4 }
            let plantKW = hour >= 7 && hour < 22 ? 25.0 : 15.0
            load.append((homes * homeKW * Double.random(in: 0.85...1.15, using: &random) + plantKW) * 250)
            let hotWaterKW = homes * 0.4 * ((hour >= 6 && hour < 9) || (hour >= 19 && hour < 22) ? 2 : 1)
            let spaceHeatKW = summer ? 0 : max(0, 18 - outdoor) * 10
            heat.append((hotWaterKW + spaceHeatKW) * 250)
            let solarGainKW =
                summer && hour > sunrise && hour < sunset
                ? 60 * clearness * sin(Double.pi * (hour - sunrise) / (sunset - sunrise)) : 0
            cooling.append(summer ? (max(0, outdoor - 24) * 14 + solarGainKW) * 250 : 0)
        }
        let battery = plant.battery
        return PlanRequest(
            startUnixSeconds: start, pvForecastWh: pv, loadWh: load, heatDemandWh: heat, coolingDemandWh: cooling,
            outdoorTemperatureCelsius: temperature,
            importPriceMilliWonPerKWh: Array(repeating: 0, count: steps),
            exportPriceMilliWonPerKWh: Array(repeating: 0, count: steps),
            plant: plant,
            initialState: PlantState(
                batteryEnergyKWh: (battery.minimumEnergyKWh + battery.maximumEnergyKWh) / 2,
                hotTankKWh: plant.heating.tankCapacityKWh / 2, coldTankKWh: plant.cooling.tankCapacityKWh / 2)
        )
    }
}
