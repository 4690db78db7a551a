import VillageCore

extension Tariff {
    /// The bill for one local calendar month of usage.
    ///
    /// Tier limits, base charge, adders and taxes are those in force on the first day of the
    /// month; each interval's energy is priced with the version in force at its start (so a rate
    /// change mid-month splits the detail lines). Tiers fill in time order; under net metering the
    /// month's exports are first netted against imports period by period.
    ///
    /// - Parameter contractKW: contract demand, needed by tariffs with a per-kW base charge.
    public func bill(month: LocalMonth, usage: [UsageInterval], contractKW: Int? = nil) throws(TariffError) -> Bill {
        try bill(month: month, usage: usage[...], contractKW: contractKW)
    }

    /// The bill for one local calendar month of usage; see `bill(month:usage:contractKW:)`.
    public func bill(month: LocalMonth, usage: ArraySlice<UsageInterval>, contractKW: Int? = nil) throws(TariffError) -> Bill {
        let monthStart = month.firstDay.dayNumber * TimeGrid.daySeconds - utcOffsetSeconds
        let monthEnd = month.next.firstDay.dayNumber * TimeGrid.daySeconds - utcOffsetSeconds
        let firstDay = try dayInfo(month.firstDay)
        let monthVersion = versions[firstDay.version]
        let season = firstDay.season
        let limits = monthVersion.tierMaxWh[season]
        let tierCount = limits.count
        let periodCount = versions.map(\.periods.count).max() ?? 1
        let netMetering: Bool
        if case .netMetering = monthVersion.export { netMetering = true } else { netMetering = false }

        // Buckets [version][period][tier]: energy and exact charge in micro-units.
        let bucketCount = versions.count * periodCount * tierCount
        var bucketWh = [Int64](repeating: 0, count: bucketCount)
        var bucketMicro = [Int64](repeating: 0, count: bucketCount)
        var netImportWh = [Int64](repeating: 0, count: versions.count * periodCount)
        var netExportWh = [Int64](repeating: 0, count: versions.count * periodCount)
        var importWh: Int64 = 0
        var exportWh: Int64 = 0
        var exportMicro: Int64 = 0
        var monthToDate: Int64 = 0
        var chargedMagnitude: Int64 = 0
        var previousStart = Int64.min
        var locator = Locator(tariff: self)

        // Flat per-month tables, so the loop over a month of quarter hours touches no nested arrays.
        let limitValues = limits.map { $0 ?? Int64.max }
        var periodTable = [Int](repeating: 0, count: versions.count * 96)
        var rateTable = [Int64](repeating: Int64.min, count: bucketCount)
        var versionTierCount = [Int](repeating: 1, count: versions.count)
        for (versionIndex, version) in versions.enumerated() {
            let versionSeason = version.seasonOfMonth[month.month]
            for dayType in 0..<4 {
                for hour in 0..<24 {
                    periodTable[(versionIndex * 4 + dayType) * 24 + hour] = version.schedules[versionSeason][dayType].hourToPeriod[hour]
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
        let dynamic = versions.map { $0.importSeries != nil }
        let pricesExports: Bool
        if case .none = monthVersion.export { pricesExports = versions.count > 1 } else { pricesExports = true }

        for interval in usage {
            guard interval.start >= monthStart, interval.start < monthEnd else {
                throw TariffError(.invalidUsage, keyPath: "start", instant: interval.start, "interval at \(InstantParser.format(interval.start, utcOffsetSeconds: utcOffsetSeconds)) is outside \(month)")
            }
            guard interval.start >= previousStart else {
                throw TariffError(.invalidUsage, keyPath: "start", instant: interval.start, "intervals must be in time order (at \(InstantParser.format(interval.start, utcOffsetSeconds: utcOffsetSeconds)))")
            }
            guard interval.importWh >= 0, interval.exportWh >= 0 else {
                throw TariffError(.invalidUsage, keyPath: interval.importWh < 0 ? "import_wh" : "export_wh", instant: interval.start, "energies must not be negative (at \(InstantParser.format(interval.start, utcOffsetSeconds: utcOffsetSeconds)))")
            }
            previousStart = interval.start
            importWh = try checkedSum(importWh, interval.importWh, usageOverflow("import_wh", interval.start, month))
            exportWh = try checkedSum(exportWh, interval.exportWh, usageOverflow("export_wh", interval.start, month))
            let (day, hour) = try locator.locate(interval.start)
            let period = periodTable[(day.version * 4 + day.dayType) * 24 + hour]

            if netMetering {
                let slot = day.version * periodCount + period
                netImportWh[slot] = try checkedSum(netImportWh[slot], interval.importWh, usageOverflow("import_wh", interval.start, month))
                netExportWh[slot] = try checkedSum(netExportWh[slot], interval.exportWh, usageOverflow("export_wh", interval.start, month))
                continue
            }
            if interval.exportWh > 0, pricesExports {
                let price = evaluate(day: day, hour: hour, instant: interval.start, monthToDateWh: monthToDate).exportPrice
                let credit = try checkedProduct(interval.exportWh, price ?? 0, usageOverflow("export_wh", interval.start, month))
                exportMicro = try checkedSum(exportMicro, credit, usageOverflow("export_wh", interval.start, month))
            }
            let lastTier = min(versionTierCount[day.version], tierCount) - 1
            var remaining = interval.importWh
            while remaining > 0 {
                var tier = 0
                while tier < lastTier, monthToDate >= limitValues[tier] { tier += 1 }
                let take = tier == lastTier ? remaining : min(remaining, limitValues[tier] - monthToDate)
                let slot = (day.version * periodCount + period) * tierCount + tier
                var rate = rateTable[slot]
                if dynamic[day.version] { rate = versions[day.version].importSeries?.price(at: interval.start) ?? Int64.min }
                guard rate != Int64.min else {
                    throw TariffError(.invalidUsage, keyPath: "import_wh", instant: interval.start,
                                      "energy imported at \(InstantParser.format(interval.start, utcOffsetSeconds: utcOffsetSeconds)) in period '\(versions[day.version].periods[period])', when the tariff supplies none")
                }
                let charge = try checkedProduct(take, rate, usageOverflow("import_wh", interval.start, month))
                // Every bucket and their sum stay within the sum of magnitudes checked here.
                chargedMagnitude = try checkedSum(chargedMagnitude, try checkedMagnitude(charge, usageOverflow("import_wh", interval.start, month)), usageOverflow("import_wh", interval.start, month))
                bucketWh[slot] += take
                bucketMicro[slot] += charge
                monthToDate += take
                remaining -= take
            }
        }

        // Amounts of the whole month: an overflow there is named at the month's last interval, the
        // row whose usage brought the month's total out of range.
        let lastStart = usage.last?.start
        func monthOverflow(_ field: String) -> TariffError {
            TariffError(.outOfRange, keyPath: field, instant: lastStart, "the bill for \(month) exceeds what a bill computes exactly (64-bit integers)")
        }
        if netMetering {
            // Net each (version, period), then fill tiers in that order.
            for netSlot in netImportWh.indices {
                var remaining = max(0, netImportWh[netSlot] - netExportWh[netSlot])
                let versionIndex = netSlot / periodCount
                let lastTier = min(versionTierCount[versionIndex], tierCount) - 1
                while remaining > 0 {
                    var tier = 0
                    while tier < lastTier, monthToDate >= limitValues[tier] { tier += 1 }
                    let take = tier == lastTier ? remaining : min(remaining, limitValues[tier] - monthToDate)
                    let slot = netSlot * tierCount + tier
                    let rate = rateTable[slot]
                    guard rate != Int64.min, !dynamic[versionIndex] else {
                        throw TariffError(.invalidUsage, keyPath: "import_wh", instant: lastStart,
                                          "net energy imported in period '\(versions[versionIndex].periods[netSlot % periodCount])', which has no fixed rate")
                    }
                    let charge = try checkedProduct(take, rate, monthOverflow("import_wh"))
                    chargedMagnitude = try checkedSum(chargedMagnitude, try checkedMagnitude(charge, monthOverflow("import_wh")), monthOverflow("import_wh"))
                    bucketWh[slot] += take
                    bucketMicro[slot] += charge
                    monthToDate += take
                    remaining -= take
                }
            }
        }
        let billedWh = monthToDate

        var lines: [BillLine] = []
        let chargeRounding = rounding.charges

        // Base charge.
        let highestTier = monthVersion.tier(season: season, monthToDateWh: max(billedWh - 1, 0))
        let base = monthVersion.baseCharge
        let tierBaseMilli = monthVersion.tierBaseChargeMilli[highestTier]
        let baseOverflow = TariffError(.outOfRange, file: file, keyPath: "base_charge", "the base charge for \(month) exceeds what a bill computes exactly")
        var baseMicro = try checkedProduct(try checkedSum(tierBaseMilli, base.perMonthMilli, baseOverflow), 1000, baseOverflow)
        baseMicro = try checkedSum(baseMicro, try checkedProduct(base.perDayMilli, 1000 * Int64(month.dayCount), baseOverflow), baseOverflow)
        if base.needsContractDemand {
            guard let contractKW, contractKW > 0 else {
                throw TariffError(.missingContractDemand, file: file, keyPath: "base_charge.per_kw", "this tariff's base charge is per kW: give the contract demand")
            }
            let demandOverflow = TariffError(
                .outOfRange, file: file, keyPath: "base_charge.per_kw", "a contract demand of \(contractKW) kW makes a base charge beyond what a bill computes exactly")
            var perKWMicro = try checkedProduct(base.perKWMilli, 1000, demandOverflow)
            if let sharePeriods = base.perKWSharePeriods {
                var shareWh: Int64 = 0
                for versionIndex in versions.indices {
                    for period in sharePeriods {
                        for tier in 0..<tierCount { shareWh += bucketWh[(versionIndex * periodCount + period) * tierCount + tier] }
                    }
                }
                perKWMicro = billedWh > 0 ? mulDivTruncate(perKWMicro, shareWh, billedWh) : 0
            }
            perKWMicro = max(perKWMicro, try checkedProduct(base.minimumPerKWMilli, 1000, demandOverflow))
            baseMicro = try checkedSum(baseMicro, try checkedProduct(perKWMicro, Int64(contractKW), demandOverflow), demandOverflow)
        }
        let hasBase = baseMicro != 0 || monthVersion.tierBaseChargeMilli.contains { $0 != 0 } || base.perMonthMilli != 0
        var subtotalMicro: Int64 = 0
        if hasBase {
            let rounded = try chargeRounding.checkedApply(micro: baseMicro, baseOverflow)
            subtotalMicro += rounded
            lines.append(BillLine(kind: .base, name: "base", label: "Base charge", energyWh: nil, rateMilliPerKWh: nil, ratePPM: nil,
                                  exactMilli: baseMicro / 1000, amountMilli: rounded / 1000))
        }

        // Energy charge and its detail lines.
        var energyMicro: Int64 = 0
        var details: [BillLine] = []
        let versionsUsed = Set(bucketWh.indices.filter { bucketWh[$0] > 0 }.map { $0 / (periodCount * tierCount) })
        for versionIndex in versions.indices {
            let version = versions[versionIndex]
            for period in version.periods.indices {
                for tier in 0..<tierCount {
                    let slot = (versionIndex * periodCount + period) * tierCount + tier
                    guard bucketWh[slot] > 0 else { continue }
                    var nameParts: [String] = []
                    if version.periods.count > 1 || version.periods[period] != "all" { nameParts.append(version.periods[period]) }
                    if version.hasTiers { nameParts.append(version.tierNames[min(tier, version.tierNames.count - 1)]) }
                    if nameParts.isEmpty { nameParts.append("energy") }
                    var label = nameParts.joined(separator: ", ")
                    if versionsUsed.count > 1 { label += " (\(version.label))" }
                    let rate = dynamic[versionIndex] || rateTable[slot] == Int64.min ? nil : rateTable[slot]
                    energyMicro += bucketMicro[slot]
                    details.append(BillLine(kind: .energyDetail, name: nameParts.joined(separator: "/"), label: label, energyWh: bucketWh[slot],
                                            rateMilliPerKWh: rate, ratePPM: nil, exactMilli: bucketMicro[slot] / 1000, amountMilli: bucketMicro[slot] / 1000))
                }
            }
        }
        let energyRounded = try chargeRounding.checkedApply(micro: energyMicro, monthOverflow("import_wh"))
        subtotalMicro = try checkedSum(subtotalMicro, energyRounded, monthOverflow("import_wh"))
        lines.append(BillLine(kind: .energy, name: "energy", label: "Energy charge", energyWh: billedWh, rateMilliPerKWh: nil, ratePPM: nil,
                              exactMilli: energyMicro / 1000, amountMilli: energyRounded / 1000))
        lines.append(contentsOf: details)

        // Per-kWh adders.
        for adder in adders where adder.isInForce(on: month.firstDay) {
            let exact = try checkedProduct(billedWh, adder.rateMilliPerKWh, monthOverflow("import_wh"))
            let rounded = try chargeRounding.checkedApply(micro: exact, monthOverflow("import_wh"))
            subtotalMicro = try checkedSum(subtotalMicro, rounded, monthOverflow("import_wh"))
            lines.append(BillLine(kind: .adder, name: adder.name, label: adder.label, energyWh: billedWh, rateMilliPerKWh: adder.rateMilliPerKWh,
                                  ratePPM: nil, exactMilli: exact / 1000, amountMilli: rounded / 1000))
        }
        lines.append(BillLine(kind: .subtotal, name: "subtotal", label: "Electricity charge", energyWh: nil, rateMilliPerKWh: nil, ratePPM: nil,
                              exactMilli: subtotalMicro / 1000, amountMilli: subtotalMicro / 1000))

        // Taxes on the subtotal.
        var totalMicro = subtotalMicro
        for tax in taxes where tax.isInForce(on: month.firstDay) {
            guard let exact = checkedMulDivTruncate(subtotalMicro, tax.ppm, 1_000_000) else { throw monthOverflow("import_wh") }
            let rounded = try tax.rounding.checkedApply(micro: exact, monthOverflow("import_wh"))
            totalMicro = try checkedSum(totalMicro, rounded, monthOverflow("import_wh"))
            lines.append(BillLine(kind: .tax, name: tax.name, label: tax.label, energyWh: nil, rateMilliPerKWh: nil, ratePPM: tax.ppm,
                                  exactMilli: exact / 1000, amountMilli: rounded / 1000))
        }
        let totalRounded = try rounding.total.checkedApply(micro: totalMicro, monthOverflow("import_wh"))
        lines.append(BillLine(kind: .total, name: "total", label: "Total", energyWh: nil, rateMilliPerKWh: nil, ratePPM: nil,
                              exactMilli: totalMicro / 1000, amountMilli: totalRounded / 1000))

        var exportCredit: Int64 = 0
        if exportMicro > 0 {
            exportCredit = try chargeRounding.checkedApply(micro: exportMicro, monthOverflow("export_wh"))
            lines.append(BillLine(kind: .exportCredit, name: "export", label: "Export credit", energyWh: exportWh, rateMilliPerKWh: nil, ratePPM: nil,
                                  exactMilli: exportMicro / 1000, amountMilli: exportCredit / 1000))
        }
        return Bill(
            tariff: name, currency: currency, month: month, importWh: importWh, exportWh: exportWh, billedWh: billedWh,
            highestTier: monthVersion.hasTiers ? monthVersion.tierNames[highestTier] : nil, lines: lines,
            subtotalMilli: subtotalMicro / 1000, totalMilli: totalRounded / 1000, exportCreditMilli: exportCredit / 1000
        )
    }

    /// Why a row's usage cannot be billed: the month's energy or charges up to it overflow 64 bits.
    /// Only absurd quantities get there; the error names the row instead of trapping.
    func usageOverflow(_ field: String, _ instant: Int64, _ month: LocalMonth) -> TariffError {
        TariffError(
            .outOfRange, keyPath: field, instant: instant,
            "the energy or charges of \(month) up to \(InstantParser.format(instant, utcOffsetSeconds: utcOffsetSeconds)) exceed what a bill computes exactly (64-bit integers)")
    }

    /// Bills for every local month the usage covers, in order (the intervals must be in time order).
    public func bills(usage: [UsageInterval], contractKW: Int? = nil) throws(TariffError) -> [Bill] {
        var result: [Bill] = []
        var start = 0
        while start < usage.count {
            guard UsageCSV.supportedStarts.contains(usage[start].start) else {
                throw TariffError(.outOfRange, keyPath: "start", instant: usage[start].start, "\(usage[start].start) is outside the years 0001 to 9999")
            }
            let local = usage[start].start + utcOffsetSeconds
            let (year, monthNumber, _) = LocalDate(dayNumber: floorDivide(local, TimeGrid.daySeconds)).components
            guard let month = LocalMonth(year: year, month: monthNumber) else { break }
            let monthEnd = month.next.firstDay.dayNumber * TimeGrid.daySeconds - utcOffsetSeconds
            var end = start
            while end < usage.count, usage[end].start < monthEnd { end += 1 }
            result.append(try bill(month: month, usage: usage[start..<end], contractKW: contractKW))
            start = end
        }
        return result
    }
}

/// `a + b`, or `error` when the sum does not fit.
@inline(__always)
func checkedSum(_ a: Int64, _ b: Int64, _ error: @autoclosure () -> TariffError) throws(TariffError) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    if overflow { throw error() }
    return sum
}

/// `a × b`, or `error` when the product does not fit.
@inline(__always)
func checkedProduct(_ a: Int64, _ b: Int64, _ error: @autoclosure () -> TariffError) throws(TariffError) -> Int64 {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    if overflow { throw error() }
    return product
}

/// `|a|`, or `error` for `Int64.min`, whose magnitude does not fit.
@inline(__always)
func checkedMagnitude(_ a: Int64, _ error: @autoclosure () -> TariffError) throws(TariffError) -> Int64 {
    guard a != .min else { throw error() }
    return abs(a)
}

/// `a × b / c` truncated, or nil when the result does not fit.
func checkedMulDivTruncate(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64? {
    Int64(exactly: (Int128(a) * Int128(b)) / Int128(c))
}
