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
        let monthStart = month.firstDay.dayNumber * 86_400 - utcOffsetSeconds
        let monthEnd = month.next.firstDay.dayNumber * 86_400 - utcOffsetSeconds
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
                throw TariffError(.invalidUsage, keyPath: "start", "interval at \(InstantParser.format(interval.start, utcOffsetSeconds: utcOffsetSeconds)) is outside \(month)")
            }
            guard interval.start >= previousStart else {
                throw TariffError(.invalidUsage, keyPath: "start", "intervals must be in time order (at \(InstantParser.format(interval.start, utcOffsetSeconds: utcOffsetSeconds)))")
            }
            guard interval.importWh >= 0, interval.exportWh >= 0 else {
                throw TariffError(.invalidUsage, keyPath: "import_wh", "energies must not be negative (at \(InstantParser.format(interval.start, utcOffsetSeconds: utcOffsetSeconds)))")
            }
            previousStart = interval.start
            importWh += interval.importWh
            exportWh += interval.exportWh
            let (day, hour) = try locator.locate(interval.start)
            let period = periodTable[(day.version * 4 + day.dayType) * 24 + hour]

            if netMetering {
                let slot = day.version * periodCount + period
                netImportWh[slot] += interval.importWh
                netExportWh[slot] += interval.exportWh
                continue
            }
            if interval.exportWh > 0, pricesExports {
                let price = evaluate(day: day, hour: hour, instant: interval.start, monthToDateWh: monthToDate).exportPrice
                exportMicro += interval.exportWh * (price ?? 0)
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
                    throw TariffError(.invalidUsage, keyPath: "import_wh",
                                      "energy imported at \(InstantParser.format(interval.start, utcOffsetSeconds: utcOffsetSeconds)) in period '\(versions[day.version].periods[period])', when the tariff supplies none")
                }
                bucketWh[slot] += take
                bucketMicro[slot] += take * rate
                monthToDate += take
                remaining -= take
            }
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
                        throw TariffError(.invalidUsage, keyPath: "import_wh",
                                          "net energy imported in period '\(versions[versionIndex].periods[netSlot % periodCount])', which has no fixed rate")
                    }
                    bucketWh[slot] += take
                    bucketMicro[slot] += take * rate
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
        var baseMicro = (monthVersion.tierBaseChargeMilli[highestTier] + monthVersion.baseCharge.perMonthMilli) * 1000
        baseMicro += monthVersion.baseCharge.perDayMilli * 1000 * Int64(month.dayCount)
        let base = monthVersion.baseCharge
        if base.needsContractDemand {
            guard let contractKW, contractKW > 0 else {
                throw TariffError(.missingContractDemand, file: file, keyPath: "base_charge.per_kw", "this tariff's base charge is per kW: give the contract demand")
            }
            var perKWMicro = base.perKWMilli * 1000
            if let sharePeriods = base.perKWSharePeriods {
                var shareWh: Int64 = 0
                for versionIndex in versions.indices {
                    for period in sharePeriods {
                        for tier in 0..<tierCount { shareWh += bucketWh[(versionIndex * periodCount + period) * tierCount + tier] }
                    }
                }
                perKWMicro = billedWh > 0 ? mulDivTruncate(perKWMicro, shareWh, billedWh) : 0
            }
            perKWMicro = max(perKWMicro, base.minimumPerKWMilli * 1000)
            baseMicro += perKWMicro * Int64(contractKW)
        }
        let hasBase = baseMicro != 0 || monthVersion.tierBaseChargeMilli.contains { $0 != 0 } || base.perMonthMilli != 0
        var subtotalMicro: Int64 = 0
        if hasBase {
            let rounded = chargeRounding.apply(micro: baseMicro)
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
        let energyRounded = chargeRounding.apply(micro: energyMicro)
        subtotalMicro += energyRounded
        lines.append(BillLine(kind: .energy, name: "energy", label: "Energy charge", energyWh: billedWh, rateMilliPerKWh: nil, ratePPM: nil,
                              exactMilli: energyMicro / 1000, amountMilli: energyRounded / 1000))
        lines.append(contentsOf: details)

        // Per-kWh adders.
        for adder in adders where adder.isInForce(on: month.firstDay) {
            let exact = billedWh * adder.rateMilliPerKWh
            let rounded = chargeRounding.apply(micro: exact)
            subtotalMicro += rounded
            lines.append(BillLine(kind: .adder, name: adder.name, label: adder.label, energyWh: billedWh, rateMilliPerKWh: adder.rateMilliPerKWh,
                                  ratePPM: nil, exactMilli: exact / 1000, amountMilli: rounded / 1000))
        }
        lines.append(BillLine(kind: .subtotal, name: "subtotal", label: "Electricity charge", energyWh: nil, rateMilliPerKWh: nil, ratePPM: nil,
                              exactMilli: subtotalMicro / 1000, amountMilli: subtotalMicro / 1000))

        // Taxes on the subtotal.
        var totalMicro = subtotalMicro
        for tax in taxes where tax.isInForce(on: month.firstDay) {
            let exact = mulDivTruncate(subtotalMicro, tax.ppm, 1_000_000)
            let rounded = tax.rounding.apply(micro: exact)
            totalMicro += rounded
            lines.append(BillLine(kind: .tax, name: tax.name, label: tax.label, energyWh: nil, rateMilliPerKWh: nil, ratePPM: tax.ppm,
                                  exactMilli: exact / 1000, amountMilli: rounded / 1000))
        }
        let totalRounded = rounding.total.apply(micro: totalMicro)
        lines.append(BillLine(kind: .total, name: "total", label: "Total", energyWh: nil, rateMilliPerKWh: nil, ratePPM: nil,
                              exactMilli: totalMicro / 1000, amountMilli: totalRounded / 1000))

        var exportCredit: Int64 = 0
        if exportMicro > 0 {
            exportCredit = chargeRounding.apply(micro: exportMicro)
            lines.append(BillLine(kind: .exportCredit, name: "export", label: "Export credit", energyWh: exportWh, rateMilliPerKWh: nil, ratePPM: nil,
                                  exactMilli: exportMicro / 1000, amountMilli: exportCredit / 1000))
        }
        return Bill(
            tariff: name, currency: currency, month: month, importWh: importWh, exportWh: exportWh, billedWh: billedWh,
            highestTier: monthVersion.hasTiers ? monthVersion.tierNames[highestTier] : nil, lines: lines,
            subtotalMilli: subtotalMicro / 1000, totalMilli: totalRounded / 1000, exportCreditMilli: exportCredit / 1000
        )
    }

    /// Bills for every local month the usage covers, in order (the intervals must be in time order).
    public func bills(usage: [UsageInterval], contractKW: Int? = nil) throws(TariffError) -> [Bill] {
        var result: [Bill] = []
        var start = 0
        while start < usage.count {
            let local = usage[start].start + utcOffsetSeconds
            let (year, monthNumber, _) = LocalDate(dayNumber: floorDiv(local, 86_400)).components
            guard let month = LocalMonth(year: year, month: monthNumber) else { break }
            let monthEnd = month.next.firstDay.dayNumber * 86_400 - utcOffsetSeconds
            var end = start
            while end < usage.count, usage[end].start < monthEnd { end += 1 }
            result.append(try bill(month: month, usage: usage[start..<end], contractKW: contractKW))
            start = end
        }
        return result
    }
}
