/// A utility tariff read from one YAML file in `Tariffs/`: every version of its rates, the
/// adders and taxes on top, and how bills round.
///
/// A value type so the scheduler, the market and the CLI can share one loaded tariff across
/// threads. Prices are integers in thousandths of `currency` per kWh ("milli", milli-won for
/// KRW); energy is integer Wh; instants are UTC Unix seconds, evaluated in the tariff's local time.
public struct Tariff: Sendable {
    /// Whether the energy rates are fixed tables or come from a price series.
    public enum Kind: String, Sendable, Codable {
        case fixed, dynamic
    }

    /// The file name without `.yaml`; how commands refer to the tariff.
    public let name: String
    public let title: String
    /// ISO 4217 code, e.g. `KRW`.
    public let currency: String
    public let kind: Kind
    /// Where the numbers come from, with their dates.
    public let sources: [String]
    /// Caveats, including numbers marked unverified.
    public let notes: String
    /// Offset of the tariff's local time from UTC (Asia/Seoul: 32,400 s, no daylight saving).
    public let utcOffsetSeconds: Int64
    /// Prices may only go below zero when the file says so (dynamic market prices can).
    public let allowsNegativePrices: Bool
    /// The years whose public holidays the file lists; other years are evaluated without holidays.
    public let holidayYears: [Int]
    let holidays: Set<Int64>
    let versions: [TariffVersion]
    let adders: [Adder]
    let taxes: [Tax]
    let rounding: BillRounding
    /// The file the tariff was read from, for error messages.
    public let file: String

    /// Effective dates of the versions, oldest first.
    public var versionStartDates: [LocalDate] { versions.map(\.from) }
}

/// The four kinds of day a time-of-use schedule distinguishes.
enum DayType: Int, Sendable, CaseIterable {
    case weekday = 0
    case saturday, sunday, holiday
}

/// One version of a tariff's rates, in force from `from` until the next version starts.
struct TariffVersion: Sendable {
    let from: LocalDate
    let label: String
    let seasons: [Season]
    /// Season index for each month 1–12 (index 0 unused).
    let seasonOfMonth: [Int]
    let periods: [String]
    /// `[season][dayType]`.
    let schedules: [[DaySchedule]]
    let tierNames: [String]
    /// Whether the file defined tiers (otherwise one implicit unlimited tier).
    let hasTiers: Bool
    /// Upper limit of each tier in Wh per month, `[season][tier]`; nil = unlimited.
    let tierMaxWh: [[Int64?]]
    /// Base charge for the highest tier reached, milli per month.
    let tierBaseChargeMilli: [Int64]
    /// Energy rate in milli per kWh, `[season][period][tier]`; nil = no supply in that period.
    let rates: [[[Int64?]]]
    /// Import prices of a dynamic tariff, replacing `rates`.
    let importSeries: PriceSeries?
    let baseCharge: BaseCharge
    let export: ExportPricing

    func tier(season: Int, monthToDateWh: Int64) -> Int {
        let limits = tierMaxWh[season]
        for (index, limit) in limits.enumerated() {
            guard let limit else { return index }
            if monthToDateWh < limit { return index }
        }
        return limits.count - 1
    }
}

struct Season: Sendable {
    let name: String
    let months: [Int]
}

/// Which period each local hour of one kind of day belongs to.
struct DaySchedule: Sendable {
    let hourToPeriod: [Int]
    /// The hour ranges as written in the file, per period index, for checks and `show`.
    let ranges: [[HourRange]]
}

/// A range of local hours, `start` inclusive to `end` exclusive; wraps midnight when start > end.
struct HourRange: Sendable, Equatable, CustomStringConvertible {
    let start: Int
    let end: Int

    func contains(hour: Int) -> Bool {
        start < end ? (hour >= start && hour < end) : (hour >= start || hour < end)
    }

    var description: String { "\(pad2(start)):00-\(pad2(end)):00" }
}

/// Fixed charges that do not depend on the kWh price.
struct BaseCharge: Sendable {
    var perMonthMilli: Int64 = 0
    var perDayMilli: Int64 = 0
    /// Per kW of contract demand per month.
    var perKWMilli: Int64 = 0
    /// When set, `perKWMilli` is scaled by the share of the month's energy used in these periods
    /// (late-night power 을Ⅱ: base × other-hours kWh ÷ total kWh).
    var perKWSharePeriods: [Int]? = nil
    var minimumPerKWMilli: Int64 = 0

    var needsContractDemand: Bool { perKWMilli != 0 || minimumPerKWMilli != 0 }
}

/// What an exported kWh earns.
enum ExportPricing: Sendable {
    case none
    case fixed(Int64)
    /// `[season][period]`, milli per kWh.
    case rates([[Int64?]])
    case series(PriceSeries)
    /// Exported energy offsets imported energy in the same month; worth the marginal import price.
    case netMetering
}

/// A per-kWh charge added to every billed kWh (climate-environment, fuel-cost adjustment).
struct Adder: Sendable {
    let name: String
    let label: String
    let rateMilliPerKWh: Int64
    let from: LocalDate?
    let until: LocalDate?

    func isInForce(on day: LocalDate) -> Bool {
        (from.map { day >= $0 } ?? true) && (until.map { day <= $0 } ?? true)
    }
}

/// A percentage on the bill's subtotal (VAT, power industry fund) with its own rounding.
struct Tax: Sendable {
    let name: String
    let label: String
    /// Parts per million of the subtotal (10 % = 100,000).
    let ppm: Int64
    let from: LocalDate?
    let until: LocalDate?
    let rounding: Rounding

    func isInForce(on day: LocalDate) -> Bool {
        (from.map { day >= $0 } ?? true) && (until.map { day <= $0 } ?? true)
    }
}

struct BillRounding: Sendable {
    /// Applied to each charge line (base, energy, each adder, export credit).
    var charges = Rounding(mode: .truncate)
    var total = Rounding(mode: .truncate)
}
