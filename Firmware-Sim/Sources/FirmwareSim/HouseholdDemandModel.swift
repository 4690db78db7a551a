import Foundation
import Site

/// Electricity, water and heat a household asks for at a given local time. The shapes are sums of
/// smooth peaks (breakfast, dinner), a daytime plateau scaled by how often someone is home, and a
/// seeded per-15-minute multiplier, normalised so that a year lands near the household's stated
/// appliance energy.
package struct HouseholdDemandModel: Sendable {
    package let household: Household
    let noise: SeededNoise
    let stream: UInt64
    /// Fridge, router, standby: always on.
    let standbyW: Double
    /// Power per unit of activity.
    let activityScaleW: Double
    let meanActivity: Double
    let hotWaterMeanShape: Double
    /// Transmission and ventilation losses per kelvin, W/K.
    let heatLossWPerK: Double
    /// Cooling load per kelvin above the threshold (gains through glazing, people, appliances), W/K.
    let coolingWPerK: Double

    /// Cold-water use per person and day.
    package static let waterLitresPerPersonDay = 110.0
    /// Heat carried by one litre of hot water heated by 45 K, in Wh.
    package static let hotWaterWhPerLitre = 4.186 * 45 / 3.6
    /// The per-slot multiplier is log-normal with this sigma; its mean is exp(sigma²/2).
    static let slotSigma = 0.35

    package init(household: Household, seed: UInt64) {
        self.household = household
        noise = SeededNoise(seed: seed)
        stream = SeededNoise.stream("household.\(household.unit)")
        let targetMeanW = household.habits.annualApplianceEnergyKWh * 1000 / 8760
        var weekSum = 0.0
        var hotWaterSum = 0.0
        for minute in 0..<1440 {
            let hour = Double(minute) / 60
            weekSum +=
                5 * Self.activity(hour: hour, weekend: false, habits: household.habits)
                + 2 * Self.activity(hour: hour, weekend: true, habits: household.habits)
            hotWaterSum +=
                5 * Self.hotWaterShape(hour: hour, weekend: false, habits: household.habits)
                + 2 * Self.hotWaterShape(hour: hour, weekend: true, habits: household.habits)
        }
        meanActivity = weekSum / (7 * 1440)
        hotWaterMeanShape = hotWaterSum / (7 * 1440)
        if household.occupied {
            standbyW = 0.3 * targetMeanW
            activityScaleW = (targetMeanW - standbyW) / meanActivity / exp(Self.slotSigma * Self.slotSigma / 2)
        } else {
            standbyW = targetMeanW
            activityScaleW = 0
        }
        heatLossWPerK = 0.55 * household.floorAreaM2
        coolingWPerK = 1.2 * household.floorAreaM2
    }

    /// How busy the home is at a local hour, without units.
    static func activity(hour: Double, weekend: Bool, habits: HouseholdHabits) -> Double {
        let shift = weekend ? habits.weekendLateStartHours : 0
        let morning = 0.9 * bump(hour, habits.morningPeakHour + shift, 0.8)
        let evening = 1.5 * bump(hour, habits.eveningPeakHour, 1.6)
        let home = weekend ? max(0.65, habits.daytimeOccupancy) : habits.daytimeOccupancy
        let daytime = 0.7 * home * window(hour, 9 + shift, 17)
        let lateEvening = 0.35 * window(hour, 21, 23.5)
        return morning + evening + daytime + lateEvening
    }

    static func hotWaterShape(hour: Double, weekend: Bool, habits: HouseholdHabits) -> Double {
        let shift = weekend ? habits.weekendLateStartHours : 0
        return 0.15 + 2 * bump(hour, habits.morningPeakHour + shift + 0.3, 0.7)
            + 2.5 * bump(hour, habits.eveningPeakHour + 1.5, 1.2)
    }

    @inline(__always)
    static func bump(_ x: Double, _ centre: Double, _ width: Double) -> Double {
        let z = (x - centre) / width
        return exp(-z * z)
    }

    /// Smooth 0 → 1 → 0 between `start` and `end` hours.
    @inline(__always)
    static func window(_ x: Double, _ start: Double, _ end: Double) -> Double {
        1 / (1 + exp(-(x - start) * 3)) - 1 / (1 + exp(-(x - end) * 3))
    }

    /// Appliance and lighting power in W. `slot` numbers 15-minute slots since the epoch, `minute`
    /// minutes; `dayOfYear` sets the lighting season.
    package func electricPowerW(hour: Double, weekend: Bool, slot: Int64, minute: Int64, dayOfYear: Double) -> Double {
        let jitter = 1 + 0.08 * noise.signed(stream &+ 1, minute)
        guard household.occupied else { return standbyW * jitter }
        let season = 1 + 0.08 * cos(2 * .pi * (dayOfYear - 10) / 365.25)
        let slotFactor = exp(Self.slotSigma * noise.normal(stream, slot))
        let active = activityScaleW * Self.activity(hour: hour, weekend: weekend, habits: household.habits)
        return (standbyW + active * slotFactor * season) * jitter
    }

    /// Space-heating heat drawn from the hot tank, W thermal. Passive design: internal and solar
    /// gains cover the last 3.5 K below the setpoint.
    package func heatingDemandW(airTemperatureC: Double) -> Double {
        guard household.occupied else { return 0 }
        return heatLossWPerK * max(0, household.habits.heatingSetpointC - 3.5 - airTemperatureC)
    }

    /// Cooling drawn from the cold tank, W thermal.
    package func coolingDemandW(airTemperatureC: Double) -> Double {
        guard household.occupied else { return 0 }
        return coolingWPerK * max(0, airTemperatureC - (household.habits.coolingSetpointC - 4))
    }

    /// Domestic hot water heat drawn from the hot tank, W thermal.
    package func hotWaterDemandW(hour: Double, weekend: Bool) -> Double {
        guard household.occupied, household.occupants > 0 else { return 0 }
        let dailyWh = Double(household.occupants) * household.habits.hotWaterKWhPerPersonDay * 1000
        return dailyWh / 24 * Self.hotWaterShape(hour: hour, weekend: weekend, habits: household.habits)
            / hotWaterMeanShape
    }

    /// Cold-water flow in litres per hour, following the activity shape.
    package func waterLitresPerHour(hour: Double, weekend: Bool) -> Double {
        guard household.occupied, household.occupants > 0 else { return 0 }
        let daily = Double(household.occupants) * Self.waterLitresPerPersonDay
        return daily / 24 * Self.activity(hour: hour, weekend: weekend, habits: household.habits) / meanActivity
    }
}
