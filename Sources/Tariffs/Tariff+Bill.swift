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
    public func bill(month: LocalMonth, usage: ArraySlice<UsageInterval>, contractKW: Int? = nil) throws(TariffError)
        -> Bill
    {
        let firstDay = try dayInfo(month.firstDay)
        let monthVersion = versions[firstDay.version]
        let netMetering: Bool
        if case .netMetering = monthVersion.export { netMetering = true } else { netMetering = false }
        let pricesExports: Bool
        if case .none = monthVersion.export { pricesExports = versions.count > 1 } else { pricesExports = true }

        var buckets = MonthBuckets(tariff: self, month: month, limits: monthVersion.tierMaxWh[firstDay.season])
        try buckets.add(usage, netMetering: netMetering, pricesExports: pricesExports)
        // Amounts of the whole month: an overflow there is named at the month's last interval, the
        // row whose usage brought the month's total out of range.
        let lastStart = usage.last?.start
        if netMetering { try buckets.chargeNetImports(lastStart: lastStart) }
        let billedWh = buckets.monthToDate
        let highestTier = monthVersion.tier(season: firstDay.season, monthToDateWh: max(billedWh - 1, 0))

        var lines: [BillLine] = []
        var subtotalMicro: Int64 = 0
        if let base = try baseChargeLine(
            month: month, version: monthVersion, highestTier: highestTier, buckets: buckets, contractKW: contractKW)
        {
            subtotalMicro += base.roundedMicro
            lines.append(base.line)
        }
        let energy = try energyLines(buckets, lastStart: lastStart)
        subtotalMicro = try checkedSum(
            subtotalMicro, energy.roundedMicro, monthOverflow("import_wh", month, at: lastStart))
        lines.append(contentsOf: energy.lines)
        for adder in adders where adder.isInForce(on: month.firstDay) {
            let charge = try adderLine(adder, billedWh: billedWh, month: month, lastStart: lastStart)
            subtotalMicro = try checkedSum(
                subtotalMicro, charge.roundedMicro, monthOverflow("import_wh", month, at: lastStart))
            lines.append(charge.line)
        }
        lines.append(
            BillLine(
                kind: .subtotal, name: "subtotal", label: "Electricity charge", energyWh: nil, rateMilliPerKWh: nil,
                ratePPM: nil,
                exactMilli: subtotalMicro / 1000, amountMilli: subtotalMicro / 1000))
        let total = try taxAndTotalLines(subtotalMicro: subtotalMicro, month: month, lastStart: lastStart)
        lines.append(contentsOf: total.lines)

        var exportCredit: Int64 = 0
        if buckets.exportMicro > 0 {
            exportCredit = try rounding.charges.checkedApply(
                micro: buckets.exportMicro, monthOverflow("export_wh", month, at: lastStart))
            lines.append(
                BillLine(
                    kind: .exportCredit, name: "export", label: "Export credit", energyWh: buckets.exportWh,
                    rateMilliPerKWh: nil,
                    ratePPM: nil, exactMilli: buckets.exportMicro / 1000, amountMilli: exportCredit / 1000))
        }
        return Bill(
            tariff: name, currency: currency, month: month, importWh: buckets.importWh, exportWh: buckets.exportWh,
            billedWh: billedWh,
            highestTier: monthVersion.hasTiers ? monthVersion.tierNames[highestTier] : nil, lines: lines,
            subtotalMilli: subtotalMicro / 1000, totalMilli: total.roundedMicro / 1000,
            exportCreditMilli: exportCredit / 1000
        )
    }

    /// The base charge of the version in force on the month's first day: the highest tier's, per
    /// month, per day and per kW of contract demand; nil when the tariff has none.
    private func baseChargeLine(
        month: LocalMonth, version: TariffVersion, highestTier: Int, buckets: MonthBuckets,
        contractKW: Int?
    ) throws(TariffError) -> (line: BillLine, roundedMicro: Int64)? {
        let base = version.baseCharge
        let tierBaseMilli = version.tierBaseChargeMilli[highestTier]
        let baseOverflow = TariffError(
            .outOfRange, file: file, keyPath: "base_charge",
            "the base charge for \(month) exceeds what a bill computes exactly")
        var baseMicro = try checkedProduct(
            try checkedSum(tierBaseMilli, base.perMonthMilli, baseOverflow), 1000, baseOverflow)
        baseMicro = try checkedSum(
            baseMicro, try checkedProduct(base.perDayMilli, 1000 * Int64(month.dayCount), baseOverflow), baseOverflow)
        if base.needsContractDemand {
            guard let contractKW, contractKW > 0 else {
                throw TariffError(
                    .missingContractDemand, file: file, keyPath: "base_charge.per_kw",
                    "this tariff's base charge is per kW: give the contract demand")
            }
            let demandOverflow = TariffError(
                .outOfRange, file: file, keyPath: "base_charge.per_kw",
                "a contract demand of \(contractKW) kW makes a base charge beyond what a bill computes exactly")
            var perKWMicro = try checkedProduct(base.perKWMilli, 1000, demandOverflow)
            if let sharePeriods = base.perKWSharePeriods {
                let billedWh = buckets.monthToDate
                perKWMicro =
                    billedWh > 0 ? mulDivTruncate(perKWMicro, buckets.energy(inPeriods: sharePeriods), billedWh) : 0
            }
            perKWMicro = max(perKWMicro, try checkedProduct(base.minimumPerKWMilli, 1000, demandOverflow))
            baseMicro = try checkedSum(
                baseMicro, try checkedProduct(perKWMicro, Int64(contractKW), demandOverflow), demandOverflow)
        }
        let hasBase = baseMicro != 0 || version.tierBaseChargeMilli.contains { $0 != 0 } || base.perMonthMilli != 0
        guard hasBase else { return nil }
        let rounded = try rounding.charges.checkedApply(micro: baseMicro, baseOverflow)
        let line = BillLine(
            kind: .base, name: "base", label: "Base charge", energyWh: nil, rateMilliPerKWh: nil, ratePPM: nil,
            exactMilli: baseMicro / 1000, amountMilli: rounded / 1000)
        return (line, rounded)
    }

    /// The energy charge line, then a detail line per (version, period, tier) bucket with energy.
    private func energyLines(_ buckets: MonthBuckets, lastStart: Int64?) throws(TariffError) -> (
        lines: [BillLine], roundedMicro: Int64
    ) {
        let periodCount = buckets.periodCount
        let tierCount = buckets.tierCount
        var energyMicro: Int64 = 0
        var details: [BillLine] = []
        let versionsUsed = Set(
            buckets.bucketWh.indices.filter { buckets.bucketWh[$0] > 0 }.map { $0 / (periodCount * tierCount) })
        for versionIndex in versions.indices {
            let version = versions[versionIndex]
            for period in version.periods.indices {
                for tier in 0..<tierCount {
                    let slot = (versionIndex * periodCount + period) * tierCount + tier
                    guard buckets.bucketWh[slot] > 0 else { continue }
                    var nameParts: [String] = []
                    if version.periods.count > 1 || version.periods[period] != "all" {
                        nameParts.append(version.periods[period])
                    }
                    if version.hasTiers { nameParts.append(version.tierNames[min(tier, version.tierNames.count - 1)]) }
                    if nameParts.isEmpty { nameParts.append("energy") }
                    var label = nameParts.joined(separator: ", ")
                    if versionsUsed.count > 1 { label += " (\(version.label))" }
                    let rate =
                        buckets.dynamic[versionIndex] || buckets.rateTable[slot] == Int64.min
                        ? nil : buckets.rateTable[slot]
                    energyMicro += buckets.bucketMicro[slot]
                    details.append(
                        BillLine(
                            kind: .energyDetail, name: nameParts.joined(separator: "/"), label: label,
                            energyWh: buckets.bucketWh[slot],
                            rateMilliPerKWh: rate, ratePPM: nil, exactMilli: buckets.bucketMicro[slot] / 1000,
                            amountMilli: buckets.bucketMicro[slot] / 1000))
                }
            }
        }
        let energyRounded = try rounding.charges.checkedApply(
            micro: energyMicro, monthOverflow("import_wh", buckets.month, at: lastStart))
        let energyLine = BillLine(
            kind: .energy, name: "energy", label: "Energy charge", energyWh: buckets.monthToDate, rateMilliPerKWh: nil,
            ratePPM: nil, exactMilli: energyMicro / 1000, amountMilli: energyRounded / 1000)
        return ([energyLine] + details, energyRounded)
    }

    /// A per-kWh adder on the billed energy.
    private func adderLine(_ adder: Adder, billedWh: Int64, month: LocalMonth, lastStart: Int64?) throws(TariffError)
        -> (line: BillLine, roundedMicro: Int64)
    {
        let exact = try checkedProduct(
            billedWh, adder.rateMilliPerKWh, monthOverflow("import_wh", month, at: lastStart))
        let rounded = try rounding.charges.checkedApply(micro: exact, monthOverflow("import_wh", month, at: lastStart))
        let line = BillLine(
            kind: .adder, name: adder.name, label: adder.label, energyWh: billedWh,
            rateMilliPerKWh: adder.rateMilliPerKWh,
            ratePPM: nil, exactMilli: exact / 1000, amountMilli: rounded / 1000)
        return (line, rounded)
    }

    /// The taxes on the subtotal, each with its own rounding, and the total line.
    private func taxAndTotalLines(subtotalMicro: Int64, month: LocalMonth, lastStart: Int64?) throws(TariffError) -> (
        lines: [BillLine], roundedMicro: Int64
    ) {
        var lines: [BillLine] = []
        var totalMicro = subtotalMicro
        for tax in taxes where tax.isInForce(on: month.firstDay) {
            guard let exact = checkedMulDivTruncate(subtotalMicro, tax.ppm, 1_000_000) else {
                throw monthOverflow("import_wh", month, at: lastStart)
            }
            let rounded = try tax.rounding.checkedApply(micro: exact, monthOverflow("import_wh", month, at: lastStart))
            totalMicro = try checkedSum(totalMicro, rounded, monthOverflow("import_wh", month, at: lastStart))
            lines.append(
                BillLine(
                    kind: .tax, name: tax.name, label: tax.label, energyWh: nil, rateMilliPerKWh: nil, ratePPM: tax.ppm,
                    exactMilli: exact / 1000, amountMilli: rounded / 1000))
        }
        let totalRounded = try rounding.total.checkedApply(
            micro: totalMicro, monthOverflow("import_wh", month, at: lastStart))
        lines.append(
            BillLine(
                kind: .total, name: "total", label: "Total", energyWh: nil, rateMilliPerKWh: nil, ratePPM: nil,
                exactMilli: totalMicro / 1000, amountMilli: totalRounded / 1000))
        return (lines, totalRounded)
    }

    /// Why a month's total cannot be billed: it overflows 64 bits. Named at `lastStart`, the
    /// month's last interval, the row whose usage brought the total out of range.
    func monthOverflow(_ field: String, _ month: LocalMonth, at lastStart: Int64?) -> TariffError {
        TariffError(
            .outOfRange, keyPath: field, instant: lastStart,
            "the bill for \(month) exceeds what a bill computes exactly (64-bit integers)")
    }

    /// Why a row's usage cannot be billed: the month's energy or charges up to it overflow 64 bits.
    /// Only absurd quantities get there; the error names the row instead of trapping.
    func usageOverflow(_ field: String, _ instant: Int64, _ month: LocalMonth) -> TariffError {
        TariffError(
            .outOfRange, keyPath: field, instant: instant,
            "the energy or charges of \(month) up to \(InstantParser.format(instant, utcOffsetSeconds: utcOffsetSeconds)) exceed what a bill computes exactly (64-bit integers)"
        )
    }

    /// Bills for every local month the usage covers, in order (the intervals must be in time order).
    public func bills(usage: [UsageInterval], contractKW: Int? = nil) throws(TariffError) -> [Bill] {
        var result: [Bill] = []
        var start = 0
        while start < usage.count {
            guard UsageCSV.supportedStarts.contains(usage[start].start) else {
                throw TariffError(
                    .outOfRange, keyPath: "start", instant: usage[start].start,
                    "\(usage[start].start) is outside the years 0001 to 9999")
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
