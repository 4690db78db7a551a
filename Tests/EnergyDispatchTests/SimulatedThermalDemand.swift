import EnergyDispatch
import FirmwareSim
import Site
import VillageCore

/// Outdoor temperature and the village's heat and cooling demand per 15-minute interval, from the
/// simulator's own weather and household models (the physics `village-sim` runs), with a cold snap
/// or a heat wave laid over the weather: a known departure of `offsetKelvin` between `from` and
/// `to`, reached and left over `rampHours`.
struct SimulatedThermalDemand {
    struct Event {
        var from: Int64
        var to: Int64
        var offsetKelvin: Double
        var rampHours = 12.0

        func offset(at instant: Int64) -> Double {
            let ramp = rampHours * 3600
            let rising = min(1, max(0, Double(instant - from) / ramp))
            let falling = min(1, max(0, Double(to - instant) / ramp))
            return offsetKelvin * min(rising, falling)
        }
    }

    let weather: WeatherModel
    let households: [HouseholdDemandModel]
    let utcOffsetSeconds: Int64 = 9 * 3600

    init(site: Site = .default) {
        weather = WeatherModel(seed: site.seed)
        households = site.households.map { HouseholdDemandModel(household: $0, seed: site.seed) }
    }

    /// Temperature (interval mean, taken at its middle) and heat and cooling demand per interval in
    /// `[from, to)`.
    func series(from: Int64, to: Int64, event: Event?) -> SiteHistory {
        var temperature: [Int64: Double] = [:]
        var heat: [Int64: Double] = [:]
        var cooling: [Int64: Double] = [:]
        let step = TimeGrid.quarterHourSeconds
        var start = from
        while start < to {
            let local = start + step / 2 + utcOffsetSeconds
            let localDay = floorDivide(local, TimeGrid.daySeconds)
            let secondOfDay = local - localDay * TimeGrid.daySeconds
            let cloud = weather.cloudCover(localDay: localDay, slot: secondOfDay / step)
            let air =
                weather.airTemperatureC(localDays: Double(local) / Double(TimeGrid.daySeconds), cloudCover: cloud)
                + (event?.offset(at: start + step / 2) ?? 0)
            let hour = Double(secondOfDay) / 3600
            let weekend = CivilCalendar.weekday(dayNumber: localDay) >= 5
            var heatW = 0.0
            var coolW = 0.0
            for model in households {
                heatW +=
                    model.heatingDemandW(airTemperatureC: air) + model.hotWaterDemandW(hour: hour, weekend: weekend)
                coolW += model.coolingDemandW(airTemperatureC: air)
            }
            temperature[start] = air
            heat[start] = heatW * Double(step) / 3600
            cooling[start] = coolW * Double(step) / 3600
            start += step
        }
        return SiteHistory(
            pv: IntervalSeries(), load: IntervalSeries(), heatDemand: IntervalSeries(valuesWh: heat),
            coolingDemand: IntervalSeries(valuesWh: cooling),
            outdoorTemperature: TemperatureSeries(celsius: temperature))
    }
}
