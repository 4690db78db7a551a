import FirmwareSim
import Site
import Testing

/// Weekends have their own demand shape: the day starts later and more people are home at midday.
/// The per-slot noise is held fixed (same slot and minute for both days), so what differs between a
/// weekday and a weekend curve is the shape alone.
@Suite("Household demand shapes")
struct HouseholdDemandShapeTests {
    static let occupied = Site.default.households.filter(\.occupied)

    static func powerW(_ model: HouseholdDemandModel, hour: Double, weekend: Bool) -> Double {
        model.electricPowerW(hour: hour, weekend: weekend, slot: 0, minute: 0, dayOfYear: 100)
    }

    /// The hour of highest demand between 04:00 and 12:00, on a 5-minute grid.
    static func morningPeakHour(weekend: Bool, _ power: (Double, Bool) -> Double) -> Double {
        let hours = stride(from: 4.0, through: 12.0, by: 5.0 / 60).map { $0 }
        return hours.max { power($0, weekend) < power($1, weekend) } ?? 0
    }

    @Test func weekendMorningPeakComesLaterByTheHouseholdsLateStart() {
        let shifted = Self.occupied.filter { $0.habits.weekendLateStartHours > 0 }
        #expect(shifted.count >= 10, "the default site has households that sleep in")
        for household in shifted {
            let model = HouseholdDemandModel(household: household, seed: Site.default.seed)
            let weekday = Self.morningPeakHour(weekend: false) { Self.powerW(model, hour: $0, weekend: $1) }
            let weekend = Self.morningPeakHour(weekend: true) { Self.powerW(model, hour: $0, weekend: $1) }
            let shift = household.habits.weekendLateStartHours
            #expect(
                weekend - weekday >= shift / 2 && weekend - weekday <= shift + 0.25,
                "unit \(household.unit): weekday peak \(weekday) h, weekend \(weekend) h, late start \(shift) h")
        }
    }

    @Test func villageWeekendDemandPeaksLaterAndIsHigherAtMidday() {
        let models = Self.occupied.map { HouseholdDemandModel(household: $0, seed: Site.default.seed) }
        func villageW(_ hour: Double, _ weekend: Bool) -> Double {
            models.reduce(0) { $0 + Self.powerW($1, hour: hour, weekend: weekend) }
        }
        let weekdayPeak = Self.morningPeakHour(weekend: false, villageW)
        let weekendPeak = Self.morningPeakHour(weekend: true, villageW)
        #expect(weekendPeak >= weekdayPeak + 0.5, "weekday peak \(weekdayPeak) h, weekend \(weekendPeak) h")
        let midday = stride(from: 11.0, to: 14.0, by: 0.25)
        let weekdayMiddayW = midday.reduce(0) { $0 + villageW($1, false) }
        let weekendMiddayW = midday.reduce(0) { $0 + villageW($1, true) }
        #expect(
            weekendMiddayW > 1.2 * weekdayMiddayW, "midday: weekday \(weekdayMiddayW) W, weekend \(weekendMiddayW) W")
    }
}
