import Foundation
import VillageCore

extension Tariff {
    /// The marginal import and export price at `instant`, given the energy already imported this
    /// local calendar month (`monthToDateImportWh`, which selects the tier).
    public func price(at instant: Int64, monthToDateImportWh: Int64 = 0) throws(TariffError) -> PricePoint {
        var locator = Locator(tariff: self)
        let (day, hour) = try locator.locate(instant)
        let version = versions[day.version]
        let evaluation = evaluate(day: day, hour: hour, instant: instant, monthToDateWh: monthToDateImportWh)
        return PricePoint(
            instant: instant, version: version.label, season: version.seasons[day.season].name,
            period: version.periods[evaluation.period],
            tier: version.hasTiers ? version.tierNames[evaluation.tier] : nil,
            energyRateMilliPerKWh: evaluation.rate, addersMilliPerKWh: day.addersMilli, taxesPPM: day.taxesPPM,
            importPriceMilliPerKWh: evaluation.importPrice, exportPriceMilliPerKWh: evaluation.exportPrice
        )
    }

    /// The marginal price at a `Date`; see `price(at:monthToDateImportWh:)`.
    public func price(at date: Date, monthToDateImportWh: Int64 = 0) throws(TariffError) -> PricePoint {
        try price(at: Int64(date.timeIntervalSince1970.rounded(.down)), monthToDateImportWh: monthToDateImportWh)
    }

    /// Prices for `steps` consecutive steps from `start`, for the dispatch scheduler.
    ///
    /// `monthToDateImportWh` is what was imported this month before `start`; each step then adds
    /// `expectedImportWhPerStep` (so a plan that imports steadily climbs the tiers) and the count
    /// restarts at 0 when a new local month begins.
    public func priceTimeline(
        from start: Int64, steps: Int, stepSeconds: Int64 = TimeGrid.quarterHourSeconds,
        monthToDateImportWh: Int64 = 0, expectedImportWhPerStep: Int64 = 0
    ) throws(TariffError) -> [PriceStep] {
        guard steps >= 0, stepSeconds > 0 else {
            throw TariffError(.invalidValue, keyPath: "steps", "steps must be ≥ 0 and the step length positive")
        }
        var locator = Locator(tariff: self)
        var result: [PriceStep] = []
        result.reserveCapacity(steps)
        var monthToDate = monthToDateImportWh
        var currentMonth = -1
        for index in 0..<steps {
            let instant = start + Int64(index) * stepSeconds
            let (day, hour) = try locator.locate(instant)
            if currentMonth != day.monthKey {
                if currentMonth != -1 { monthToDate = 0 }
                currentMonth = day.monthKey
            }
            let evaluation = evaluate(day: day, hour: hour, instant: instant, monthToDateWh: monthToDate)
            result.append(
                PriceStep(
                    start: instant, importPriceMilliPerKWh: evaluation.importPrice,
                    exportPriceMilliPerKWh: evaluation.exportPrice,
                    period: versions[day.version].periods[evaluation.period]
                ))
            monthToDate += expectedImportWhPerStep
        }
        return result
    }

    /// Names of every period whose hour ranges, as written in the file, contain `instant`.
    ///
    /// Exactly one for a valid tariff; exposed so tests can check the file's definitions rather
    /// than the lookup table built from them.
    public func periodsDefined(at instant: Int64) throws(TariffError) -> [String] {
        var locator = Locator(tariff: self)
        let (day, hour) = try locator.locate(instant)
        let version = versions[day.version]
        let schedule = version.schedules[day.season][day.dayType]
        return version.periods.indices.filter { period in schedule.ranges[period].contains { $0.contains(hour: hour) } }
            .map { version.periods[$0] }
    }

    struct Evaluation {
        var period: Int
        var tier: Int
        var rate: Int64?
        var importPrice: Int64?
        var exportPrice: Int64?
    }

    func evaluate(day: DayInfo, hour: Int, instant: Int64, monthToDateWh: Int64) -> Evaluation {
        let version = versions[day.version]
        let period = version.schedules[day.season][day.dayType].hourToPeriod[hour]
        let tier = version.tier(season: day.season, monthToDateWh: monthToDateWh)
        let rate = version.importSeries.map { $0.price(at: instant) } ?? version.rates[day.season][period][tier]
        let importPrice = rate.map { Tariff.withTaxes($0 + day.addersMilli, ppm: day.taxesPPM) }
        let exportPrice: Int64?
        switch version.export {
        case .none: exportPrice = nil
        case .fixed(let price): exportPrice = price
        case .rates(let table): exportPrice = table[day.season][period]
        case .series(let series): exportPrice = series.price(at: instant)
        case .netMetering: exportPrice = importPrice
        }
        return Evaluation(period: period, tier: tier, rate: rate, importPrice: importPrice, exportPrice: exportPrice)
    }

    /// `amount × (1 + ppm / 10⁶)`, rounded half away from zero.
    static func withTaxes(_ amount: Int64, ppm: Int64) -> Int64 {
        amount + mulDivRound(amount, ppm, 1_000_000)
    }

    /// What the tariff says about one local day: version, season, kind of day, adders and taxes.
    struct DayInfo {
        var dayNumber: Int64
        var version: Int
        var season: Int
        var dayType: Int
        /// year × 12 + month − 1; changes exactly when the local month does.
        var monthKey: Int
        var month: LocalMonth
        var addersMilli: Int64
        var taxesPPM: Int64
    }

    /// Resolves instants to local days, caching the last day so a timeline or a month of 15-minute
    /// intervals does the calendar work once per day, not once per step.
    struct Locator {
        let tariff: Tariff
        var cached: DayInfo?

        init(tariff: Tariff) { self.tariff = tariff }

        mutating func locate(_ instant: Int64) throws(TariffError) -> (DayInfo, Int) {
            let local = instant + tariff.utcOffsetSeconds
            let dayNumber = floorDivide(local, TimeGrid.daySeconds)
            let hour = Int((local - dayNumber * TimeGrid.daySeconds) / TimeGrid.hourSeconds)
            if let cached, cached.dayNumber == dayNumber { return (cached, hour) }
            let info = try tariff.dayInfo(LocalDate(dayNumber: dayNumber))
            cached = info
            return (info, hour)
        }
    }

    func versionIndex(on date: LocalDate) throws(TariffError) -> Int {
        guard let index = versions.lastIndex(where: { $0.from <= date }) else {
            throw TariffError(
                .noVersionInForce, file: file, keyPath: "versions",
                "no version is in force on \(date); the first starts on \(versions[0].from)")
        }
        return index
    }

    func dayInfo(_ date: LocalDate) throws(TariffError) -> DayInfo {
        let versionIndex = try versionIndex(on: date)
        let (year, month, _) = date.components
        let dayType: DayType
        if holidays.contains(date.dayNumber) {
            dayType = .holiday
        } else {
            switch date.weekday {
            case 5: dayType = .saturday
            case 6: dayType = .sunday
            default: dayType = .weekday
            }
        }
        let addersMilli = adders.reduce(Int64(0)) { $0 + ($1.isInForce(on: date) ? $1.rateMilliPerKWh : 0) }
        let taxesPPM = taxes.reduce(Int64(0)) { $0 + ($1.isInForce(on: date) ? $1.ppm : 0) }
        return DayInfo(
            dayNumber: date.dayNumber, version: versionIndex, season: versions[versionIndex].seasonOfMonth[month],
            dayType: dayType.rawValue, monthKey: year * 12 + month - 1,
            month: LocalMonth(checkedYear: year, month: month),
            addersMilli: addersMilli, taxesPPM: taxesPPM
        )
    }
}

/// `a × b ÷ c` rounded half away from zero, without overflow in the product.
func mulDivRound(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
    let product = Int128(a) * Int128(b)
    let divisor = Int128(c)
    var quotient = product / divisor
    let remainder = product % divisor
    if remainder.magnitude * 2 >= divisor.magnitude {
        quotient += (product < 0) != (divisor < 0) ? -1 : 1
    }
    return Int64(quotient)
}

/// `a × b ÷ c` truncated toward zero, without overflow in the product.
func mulDivTruncate(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
    Int64((Int128(a) * Int128(b)) / Int128(c))
}
