/// A month's usage sorted into buckets `[version][period][tier]` of energy and exact charge in
/// micro-units, tiers filling in time order. The tables are flat, so the loop over a month of
/// quarter hours touches no nested arrays.
struct MonthBuckets {
    let tariff: Tariff
    let month: LocalMonth
    let periodCount: Int
    let tierCount: Int
    /// The tier limits of the version in force on the month's first day; unlimited is `Int64.max`.
    let limitValues: [Int64]
    /// `[version][dayType][hour]` → period.
    let periodTable: [Int]
    /// `[version][period][tier]` → rate in milli per kWh; `Int64.min` where the tariff supplies none.
    let rateTable: [Int64]
    let versionTierCount: [Int]
    /// Whether each version takes its import prices from a series.
    let dynamic: [Bool]

    var bucketWh: [Int64]
    var bucketMicro: [Int64]
    /// Under net metering, `[version][period]` imports and exports, netted once the month is in.
    var netImportWh: [Int64]
    var netExportWh: [Int64]
    var importWh: Int64 = 0
    var exportWh: Int64 = 0
    var exportMicro: Int64 = 0
    /// Energy billed so far, which decides the tier.
    var monthToDate: Int64 = 0
    /// The sum of the charges' magnitudes: every bucket and their sum stay within it, so checking
    /// it is enough to know no later sum overflows.
    var chargedMagnitude: Int64 = 0

    init(tariff: Tariff, month: LocalMonth, limits: [Int64?]) {
        let versions = tariff.versions
        self.tariff = tariff
        self.month = month
        tierCount = limits.count
        periodCount = versions.map(\.periods.count).max() ?? 1
        limitValues = limits.map { $0 ?? Int64.max }
        let bucketCount = versions.count * periodCount * tierCount
        bucketWh = [Int64](repeating: 0, count: bucketCount)
        bucketMicro = [Int64](repeating: 0, count: bucketCount)
        netImportWh = [Int64](repeating: 0, count: versions.count * periodCount)
        netExportWh = [Int64](repeating: 0, count: versions.count * periodCount)

        var periodTable = [Int](repeating: 0, count: versions.count * 96)
        var rateTable = [Int64](repeating: Int64.min, count: bucketCount)
        var versionTierCount = [Int](repeating: 1, count: versions.count)
        for (versionIndex, version) in versions.enumerated() {
            let versionSeason = version.seasonOfMonth[month.month]
            for dayType in 0..<4 {
                for hour in 0..<24 {
                    periodTable[(versionIndex * 4 + dayType) * 24 + hour] =
                        version.schedules[versionSeason][dayType].hourToPeriod[hour]
                }
            }
            versionTierCount[versionIndex] = version.tierMaxWh[versionSeason].count
            for period in version.periods.indices {
                for tier in 0..<tierCount {
                    let rate = version.rates[versionSeason][period][min(tier, versionTierCount[versionIndex] - 1)]
                    rateTable[(versionIndex * periodCount + period) * tierCount + tier] = rate ?? Int64.min
                }
            }
        }
        self.periodTable = periodTable
        self.rateTable = rateTable
        self.versionTierCount = versionTierCount
        dynamic = versions.map { $0.importSeries != nil }
    }

    /// Sorts `usage` into the buckets; under net metering only sums it per version and period.
    mutating func add(_ usage: ArraySlice<UsageInterval>, netMetering: Bool, pricesExports: Bool) throws(TariffError) {
        let monthStart = month.firstDay.dayNumber * 86_400 - tariff.utcOffsetSeconds
        let monthEnd = month.next.firstDay.dayNumber * 86_400 - tariff.utcOffsetSeconds
        var previousStart = Int64.min
        var locator = Tariff.Locator(tariff: tariff)
        for interval in usage {
            try check(interval, monthStart: monthStart, monthEnd: monthEnd, previousStart: previousStart)
            previousStart = interval.start
            importWh = try checkedSum(
                importWh, interval.importWh, tariff.usageOverflow("import_wh", interval.start, month))
            exportWh = try checkedSum(
                exportWh, interval.exportWh, tariff.usageOverflow("export_wh", interval.start, month))
            let (day, hour) = try locator.locate(interval.start)
            let period = periodTable[(day.version * 4 + day.dayType) * 24 + hour]

            if netMetering {
                let slot = day.version * periodCount + period
                netImportWh[slot] = try checkedSum(
                    netImportWh[slot], interval.importWh, tariff.usageOverflow("import_wh", interval.start, month))
                netExportWh[slot] = try checkedSum(
                    netExportWh[slot], interval.exportWh, tariff.usageOverflow("export_wh", interval.start, month))
                continue
            }
            if interval.exportWh > 0, pricesExports {
                let price = tariff.evaluate(day: day, hour: hour, instant: interval.start, monthToDateWh: monthToDate)
                    .exportPrice
                let credit = try checkedProduct(
                    interval.exportWh, price ?? 0, tariff.usageOverflow("export_wh", interval.start, month))
                exportMicro = try checkedSum(
                    exportMicro, credit, tariff.usageOverflow("export_wh", interval.start, month))
            }
            try chargeImport(interval, version: day.version, period: period)
        }
    }

    /// An interval belongs to the month, comes after the previous one and has no negative energy.
    private func check(_ interval: UsageInterval, monthStart: Int64, monthEnd: Int64, previousStart: Int64)
        throws(TariffError)
    {
        // Formatted only for an error: this runs for every interval of the month.
        var at: String { InstantParser.format(interval.start, utcOffsetSeconds: tariff.utcOffsetSeconds) }
        guard interval.start >= monthStart, interval.start < monthEnd else {
            throw TariffError(
                .invalidUsage, keyPath: "start", instant: interval.start, "interval at \(at) is outside \(month)")
        }
        guard interval.start >= previousStart else {
            throw TariffError(
                .invalidUsage, keyPath: "start", instant: interval.start, "intervals must be in time order (at \(at))")
        }
        guard interval.importWh >= 0, interval.exportWh >= 0 else {
            throw TariffError(
                .invalidUsage, keyPath: interval.importWh < 0 ? "import_wh" : "export_wh", instant: interval.start,
                "energies must not be negative (at \(at))")
        }
    }

    /// Charges an interval's import, tier by tier, at the rate of its version and period (or the
    /// price series' price at its start).
    private mutating func chargeImport(_ interval: UsageInterval, version: Int, period: Int) throws(TariffError) {
        // The errors are built from copies: `add` mutates self while it may need them.
        let (tariff, month) = (self.tariff, self.month)
        let lastTier = min(versionTierCount[version], tierCount) - 1
        var remaining = interval.importWh
        while remaining > 0 {
            let (tier, take) = nextTier(remaining: remaining, lastTier: lastTier)
            let slot = (version * periodCount + period) * tierCount + tier
            var rate = rateTable[slot]
            if dynamic[version] { rate = tariff.versions[version].importSeries?.price(at: interval.start) ?? Int64.min }
            guard rate != Int64.min else {
                throw TariffError(
                    .invalidUsage, keyPath: "import_wh", instant: interval.start,
                    "energy imported at \(InstantParser.format(interval.start, utcOffsetSeconds: tariff.utcOffsetSeconds)) in period '\(tariff.versions[version].periods[period])', when the tariff supplies none"
                )
            }
            try add(take, at: rate, to: slot, tariff.usageOverflow("import_wh", interval.start, month))
            remaining -= take
        }
    }

    /// Under net metering: nets each (version, period), then fills tiers in that order. An overflow
    /// is named at `lastStart`, the month's last interval.
    mutating func chargeNetImports(lastStart: Int64?) throws(TariffError) {
        let (tariff, month) = (self.tariff, self.month)
        for netSlot in netImportWh.indices {
            var remaining = max(0, netImportWh[netSlot] - netExportWh[netSlot])
            let versionIndex = netSlot / periodCount
            let lastTier = min(versionTierCount[versionIndex], tierCount) - 1
            while remaining > 0 {
                let (tier, take) = nextTier(remaining: remaining, lastTier: lastTier)
                let slot = netSlot * tierCount + tier
                let rate = rateTable[slot]
                guard rate != Int64.min, !dynamic[versionIndex] else {
                    throw TariffError(
                        .invalidUsage, keyPath: "import_wh", instant: lastStart,
                        "net energy imported in period '\(tariff.versions[versionIndex].periods[netSlot % periodCount])', which has no fixed rate"
                    )
                }
                try add(take, at: rate, to: slot, tariff.monthOverflow("import_wh", month, at: lastStart))
                remaining -= take
            }
        }
    }

    /// The tier the month has reached and how much of `remaining` fits in it.
    private func nextTier(remaining: Int64, lastTier: Int) -> (tier: Int, take: Int64) {
        var tier = 0
        while tier < lastTier, monthToDate >= limitValues[tier] { tier += 1 }
        return (tier, tier == lastTier ? remaining : min(remaining, limitValues[tier] - monthToDate))
    }

    private mutating func add(_ energy: Int64, at rate: Int64, to slot: Int, _ overflow: @autoclosure () -> TariffError)
        throws(TariffError)
    {
        let charge = try checkedProduct(energy, rate, overflow())
        chargedMagnitude = try checkedSum(chargedMagnitude, try checkedMagnitude(charge, overflow()), overflow())
        bucketWh[slot] += energy
        bucketMicro[slot] += charge
        monthToDate += energy
    }

    /// The energy billed in `periods` of any version, for a base charge scaled by their share.
    func energy(inPeriods periods: [Int]) -> Int64 {
        var shareWh: Int64 = 0
        for versionIndex in tariff.versions.indices {
            for period in periods {
                for tier in 0..<tierCount {
                    shareWh += bucketWh[(versionIndex * periodCount + period) * tierCount + tier]
                }
            }
        }
        return shareWh
    }
}
