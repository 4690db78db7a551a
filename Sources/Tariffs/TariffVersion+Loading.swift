import ConfigFiles
import Foundation

/// Reading one entry of a tariff file's `versions`, part by part: seasons, then the time-of-use
/// periods and tiers that the rates are tables over, then the charges.
extension TariffVersion {
    static let keys: Set<String> = [
        "from", "label", "seasons", "time_of_use", "tiers", "energy_rates", "import_series", "base_charge", "export",
    ]

    static func read(_ value: ConfigNode, kind: Tariff.Kind, context: Tariff.LoadContext, utcOffset: Int64)
        throws(ConfigError) -> TariffVersion
    {
        let map = try value.mapping(allowed: keys)
        let from = try map.required("from").date()
        let (seasons, seasonOfMonth) = try readSeasons(map["seasons"])
        let seasonNames = seasons.map(\.name)
        let (periods, schedules) = try readTimeOfUse(map["time_of_use"], seasonNames: seasonNames)
        let tiers = try readTiers(map["tiers"], seasonNames: seasonNames, context: context)
        let importSeries = try readImportSeries(map, in: value, kind: kind, context: context, utcOffset: utcOffset)
        let rates = try readEnergyRates(
            map["energy_rates"], seasonNames: seasonNames, periods: periods,
            tierCount: tiers.names.count, context: context)
        let base = try readBaseCharge(map["base_charge"], periods: periods, context: context)
        let export = try readExport(
            map["export"], seasonNames: seasonNames, periods: periods, context: context, utcOffset: utcOffset)
        return TariffVersion(
            from: from, label: try map["label"]?.text() ?? from.description, seasons: seasons,
            seasonOfMonth: seasonOfMonth,
            periods: periods, schedules: schedules, tierNames: tiers.names, hasTiers: map["tiers"] != nil,
            tierMaxWh: tiers.maxWh,
            tierBaseChargeMilli: tiers.baseCharges, rates: rates, importSeries: importSeries, baseCharge: base,
            export: export
        )
    }

    /// Every month in exactly one season; one season `all` when the file names none.
    private static func readSeasons(_ value: ConfigNode?) throws(ConfigError) -> (
        seasons: [Season], seasonOfMonth: [Int]
    ) {
        guard let value else {
            return ([Season(name: "all", months: Array(1...12))], [0] + [Int](repeating: 0, count: 12))
        }
        var seasons: [Season] = []
        var seasonOfMonth = [Int](repeating: -1, count: 13)
        for (name, monthsValue) in try value.mapping().entries {
            var months: [Int] = []
            for monthValue in try monthsValue.elements() {
                let month = try monthValue.int(in: 1...12)
                if seasonOfMonth[month] >= 0 {
                    throw monthValue.error(
                        .monthInSeveralSeasons,
                        "month \(month) is in seasons '\(seasons[seasonOfMonth[month]].name)' and '\(name)'")
                }
                seasonOfMonth[month] = seasons.count
                months.append(month)
            }
            seasons.append(Season(name: name, months: months))
        }
        for month in 1...12 where seasonOfMonth[month] < 0 {
            throw value.error(.monthInNoSeason, "month \(month) is in no season")
        }
        return (seasons, seasonOfMonth)
    }

    /// The periods in order of first appearance (so indices are stable) and each season's schedule
    /// per kind of day; one period `all` when the file has no time of use.
    private static func readTimeOfUse(_ value: ConfigNode?, seasonNames: [String]) throws(ConfigError) -> (
        periods: [String], schedules: [[DaySchedule]]
    ) {
        guard let value else {
            let allDay = DaySchedule(
                hourToPeriod: [Int](repeating: 0, count: 24), ranges: [[HourRange(start: 0, end: 24)]])
            return (
                ["all"],
                [[DaySchedule]](repeating: [DaySchedule](repeating: allDay, count: 4), count: seasonNames.count)
            )
        }
        let dayKeys: Set<String> = ["weekday", "saturday", "weekend", "holiday"]
        let touMap = try value.mapping(allowed: Set(seasonNames + ["default"]))
        var periods: [String] = []
        for (_, dayValue) in touMap.entries {
            for (_, periodsValue) in try dayValue.mapping(allowed: dayKeys).entries {
                for (periodName, _) in try periodsValue.mapping().entries where !periods.contains(periodName) {
                    periods.append(periodName)
                }
            }
        }
        var schedules: [[DaySchedule]] = []
        for season in seasonNames {
            guard let dayValue = touMap[season] ?? touMap["default"] else {
                throw value.error(.missingHours, "no time-of-use hours for season '\(season)' (and no 'default')")
            }
            let dayMap = try dayValue.mapping(allowed: dayKeys)
            let weekday = try readDaySchedule(dayMap.required("weekday"), periods: periods)
            let weekend =
                try dayMap["weekend"].map { value throws(ConfigError) in try readDaySchedule(value, periods: periods) }
                ?? weekday
            let saturday =
                try dayMap["saturday"].map { value throws(ConfigError) in try readDaySchedule(value, periods: periods) }
                ?? weekend
            let holiday =
                try dayMap["holiday"].map { value throws(ConfigError) in try readDaySchedule(value, periods: periods) }
                ?? weekend
            schedules.append([weekday, saturday, weekend, holiday])
        }
        return (periods, schedules)
    }

    /// A version's tiers: names, monthly limits per season (nil = unlimited) and base charges.
    private struct Tiers {
        var names: [String] = []
        var maxWh: [[Int64?]]
        var baseCharges: [Int64] = []
    }

    /// The tiers, each limit above the previous tier's in every season and the last unlimited; one
    /// unlimited tier `all` when the file has none.
    private static func readTiers(_ value: ConfigNode?, seasonNames: [String], context: Tariff.LoadContext)
        throws(ConfigError) -> Tiers
    {
        guard let value else {
            return Tiers(
                names: ["all"], maxWh: [[Int64?]](repeating: [nil], count: seasonNames.count), baseCharges: [0])
        }
        let tierValues = try value.elements()
        guard !tierValues.isEmpty else { throw value.error("tiers must not be empty") }
        var tiers = Tiers(maxWh: [[Int64?]](repeating: [], count: seasonNames.count))
        for (index, tierValue) in tierValues.enumerated() {
            let tierMap = try tierValue.mapping(allowed: ["name", "max_kwh", "base_charge"])
            tiers.names.append(try tierMap["name"]?.text() ?? "tier \(index + 1)")
            tiers.baseCharges.append(
                try tierMap["base_charge"].map { value throws(ConfigError) in try context.price(value) } ?? 0)
            let limits = try readSeasonal(tierMap["max_kwh"], seasons: seasonNames) {
                value throws(ConfigError) -> Int64? in
                if value.isNull { return nil }
                let wh = try value.decimal(decimals: 3)
                guard wh > 0 else { throw value.error("a tier limit must be positive") }
                return wh
            }
            for season in seasonNames.indices {
                try checkTierLimit(
                    limits[season], after: tiers.maxWh[season].last, in: tierValue, season: seasonNames[season])
                tiers.maxWh[season].append(limits[season])
            }
        }
        for season in seasonNames.indices where tiers.maxWh[season].last.flatMap({ $0 }) != nil {
            throw value.error("the last tier must have no max_kwh in season '\(seasonNames[season])'")
        }
        return tiers
    }

    /// A tier's limit must rise above the previous tier's, which must not be unlimited.
    private static func checkTierLimit(
        _ limit: Int64?, after previous: Int64??, in tierValue: ConfigNode, season: String
    ) throws(ConfigError) {
        guard let previous else { return }
        switch (previous, limit) {
        case (nil, .some):
            throw tierValue.error(
                .decreasingTierLimit, "season '\(season)': a limit follows an unlimited tier", key: "max_kwh")
        case (.some(let before), .some(let now)) where now <= before:
            throw tierValue.error(
                .decreasingTierLimit,
                "season '\(season)': tier limit \(ScaledDecimal.format(now, decimals: 3)) kWh is not above the previous tier's \(ScaledDecimal.format(before, decimals: 3)) kWh",
                key: "max_kwh")
        default: break
        }
    }

    /// The import price series, which replaces energy rates (and is the only import price a
    /// dynamic tariff has).
    private static func readImportSeries(
        _ map: ConfigMapping, in value: ConfigNode, kind: Tariff.Kind, context: Tariff.LoadContext,
        utcOffset: Int64
    ) throws(ConfigError) -> PriceSeries? {
        var importSeries: PriceSeries?
        if let seriesValue = map["import_series"] {
            importSeries = try context.series(seriesValue, utcOffset: utcOffset)
            if map["energy_rates"] != nil {
                throw value.error(
                    .invalidValue, "give either energy_rates or import_series, not both", key: "energy_rates")
            }
        }
        if kind == .dynamic, map["energy_rates"] != nil {
            throw value.error(
                .invalidValue, "a dynamic tariff takes its import prices from import_series", key: "energy_rates")
        }
        return importSeries
    }

    /// `[season][period][tier]` rates; all nil (no supply priced by rate) when the file has none.
    private static func readEnergyRates(
        _ value: ConfigNode?, seasonNames: [String], periods: [String], tierCount: Int,
        context: Tariff.LoadContext
    ) throws(ConfigError) -> [[[Int64?]]] {
        guard let value else {
            return [[[Int64?]]](
                repeating: [[Int64?]](repeating: [Int64?](repeating: nil, count: tierCount), count: periods.count),
                count: seasonNames.count)
        }
        let seasonMap = try value.mapping(allowed: Set(seasonNames + ["default"]))
        var rates: [[[Int64?]]] = []
        for season in seasonNames {
            guard let periodValue = seasonMap[season] ?? seasonMap["default"] else {
                throw value.error(.missingRate, "no energy rates for season '\(season)' (and no 'default')")
            }
            let periodMap = try periodValue.mapping(allowed: Set(periods + ["default"]))
            var seasonRates: [[Int64?]] = []
            for period in periods {
                guard let spec = periodMap[period] ?? periodMap["default"] else {
                    throw periodValue.error(
                        .missingRate,
                        "no energy rate for period '\(period)' in season '\(season)'; write null if nothing is supplied then"
                    )
                }
                seasonRates.append(try readTierRates(spec, tierCount: tierCount, context: context))
            }
            rates.append(seasonRates)
        }
        return rates
    }

    /// One period's rate per tier: null (no supply), one rate for every tier, or a list of them.
    private static func readTierRates(_ spec: ConfigNode, tierCount: Int, context: Tariff.LoadContext)
        throws(ConfigError) -> [Int64?]
    {
        if spec.isNull { return [Int64?](repeating: nil, count: tierCount) }
        guard spec.isSequence else { return [Int64?](repeating: try context.price(spec), count: tierCount) }
        let items = try spec.elements()
        guard items.count == tierCount else {
            throw spec.error("expected one rate per tier (\(tierCount)), found \(items.count)")
        }
        return try items.map { item throws(ConfigError) -> Int64? in try context.price(item) }
    }

    private static func readBaseCharge(_ value: ConfigNode?, periods: [String], context: Tariff.LoadContext)
        throws(ConfigError) -> BaseCharge
    {
        var base = BaseCharge()
        guard let value else { return base }
        let baseMap = try value.mapping(allowed: [
            "per_month", "per_day", "per_kw", "per_kw_share_of_periods", "minimum_per_kw",
        ])
        base.perMonthMilli = try baseMap["per_month"].map { value throws(ConfigError) in try context.price(value) } ?? 0
        base.perDayMilli = try baseMap["per_day"].map { value throws(ConfigError) in try context.price(value) } ?? 0
        base.perKWMilli = try baseMap["per_kw"].map { value throws(ConfigError) in try context.price(value) } ?? 0
        base.minimumPerKWMilli =
            try baseMap["minimum_per_kw"].map { value throws(ConfigError) in try context.price(value) } ?? 0
        if let shareValue = baseMap["per_kw_share_of_periods"] {
            base.perKWSharePeriods = try shareValue.elementsOrSingle().map { item throws(ConfigError) -> Int in
                let name = try item.text()
                guard let index = periods.firstIndex(of: name) else { throw item.error("unknown period '\(name)'") }
                return index
            }
        }
        return base
    }

    /// Exactly one of a fixed price, rates per season and period, a price series, or net metering.
    private static func readExport(
        _ value: ConfigNode?, seasonNames: [String], periods: [String], context: Tariff.LoadContext,
        utcOffset: Int64
    ) throws(ConfigError) -> ExportPricing {
        guard let value else { return .none }
        let exportMap = try value.mapping(allowed: ["price", "rates", "series", "net_metering"])
        guard exportMap.entries.count == 1 else {
            throw value.error("give exactly one of price, rates, series, net_metering")
        }
        if let price = exportMap["price"] {
            return .fixed(try context.price(price))
        } else if let ratesValue = exportMap["rates"] {
            return .rates(try readExportRates(ratesValue, seasonNames: seasonNames, periods: periods, context: context))
        } else if let seriesValue = exportMap["series"] {
            return .series(try context.series(seriesValue, utcOffset: utcOffset))
        } else if let netValue = exportMap["net_metering"] {
            return try netValue.bool() ? .netMetering : .none
        }
        return .none
    }

    /// `[season][period]` export rates; null where an export earns nothing.
    private static func readExportRates(
        _ value: ConfigNode, seasonNames: [String], periods: [String],
        context: Tariff.LoadContext
    ) throws(ConfigError) -> [[Int64?]] {
        let seasonMap = try value.mapping(allowed: Set(seasonNames + ["default"]))
        var table: [[Int64?]] = []
        for season in seasonNames {
            guard let periodValue = seasonMap[season] ?? seasonMap["default"] else {
                throw value.error(.missingRate, "no export rates for season '\(season)'")
            }
            let periodMap = try periodValue.mapping(allowed: Set(periods + ["default"]))
            table.append(
                try periods.map { period throws(ConfigError) -> Int64? in
                    guard let spec = periodMap[period] ?? periodMap["default"] else {
                        throw periodValue.error(.missingRate, "no export rate for period '\(period)'")
                    }
                    return spec.isNull ? nil : try context.price(spec)
                })
        }
        return table
    }

    /// A value given once for all seasons, or as a mapping by season name with an optional `default`.
    private static func readSeasonal<T>(
        _ value: ConfigNode?, seasons: [String], read: (ConfigNode) throws(ConfigError) -> T?
    ) throws(ConfigError) -> [T?] {
        guard let value else { return [T?](repeating: nil, count: seasons.count) }
        guard value.isMapping else {
            let single = try read(value)
            return [T?](repeating: single, count: seasons.count)
        }
        let map = try value.mapping(allowed: Set(seasons + ["default"]))
        var result: [T?] = []
        for season in seasons {
            guard let item = map[season] ?? map["default"] else {
                throw value.error(.missingKey, "no value for season '\(season)' (and no 'default')", key: season)
            }
            result.append(try read(item))
        }
        return result
    }

    /// `{period: [ranges]}` → a 24-hour table; every hour must belong to exactly one period.
    private static func readDaySchedule(_ value: ConfigNode, periods: [String]) throws(ConfigError) -> DaySchedule {
        var hourToPeriod = [Int](repeating: -1, count: 24)
        var ranges = [[HourRange]](repeating: [], count: periods.count)
        for (periodName, rangesValue) in try value.mapping().entries {
            guard let periodIndex = periods.firstIndex(of: periodName) else {
                throw rangesValue.error("unknown period")
            }
            for item in try hourRangeItems(rangesValue) {
                let range = try readHourRange(item)
                ranges[periodIndex].append(range)
                for hour in 0..<24 where range.contains(hour: hour) {
                    if hourToPeriod[hour] >= 0 {
                        throw item.error(
                            .overlappingHours,
                            "hour \(hour):00 is in both '\(periods[hourToPeriod[hour]])' and '\(periodName)'")
                    }
                    hourToPeriod[hour] = periodIndex
                }
            }
        }
        if let missing = hourToPeriod.firstIndex(of: -1) {
            throw value.error(.missingHours, "hour \(missing):00 is in no period")
        }
        return DaySchedule(hourToPeriod: hourToPeriod, ranges: ranges)
    }

    /// A period's ranges, written as a list or as one text with commas (`22-8, 13-14`); each piece
    /// keeps the line and key path of the text it came from.
    private static func hourRangeItems(_ value: ConfigNode) throws(ConfigError) -> [ConfigNode] {
        var items: [ConfigNode] = []
        for item in try value.elementsOrSingle() {
            for piece in try item.text().split(separator: ",") {
                items.append(item.scalar(String(piece).trimmingCharacters(in: .whitespaces)))
            }
        }
        return items
    }

    /// `22-8`, `8-11`, `22:00-08:00`; the end is exclusive and may be 24; a start after the end wraps midnight.
    private static func readHourRange(_ value: ConfigNode) throws(ConfigError) -> HourRange {
        let text = try value.text()
        let ends = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        func hour(_ part: String) -> Int? {
            let pieces = part.split(separator: ":")
            guard pieces.count == 1 || (pieces.count == 2 && pieces[1] == "00"), let hour = Int(pieces[0]),
                (0...24).contains(hour)
            else { return nil }
            return hour
        }
        guard ends.count == 2, let start = hour(ends[0]), let end = hour(ends[1]), start != end, start < 24 else {
            throw value.error("expected an hour range such as 8-11 or 22-8, found '\(text)'")
        }
        return HourRange(start: start, end: end)
    }
}
