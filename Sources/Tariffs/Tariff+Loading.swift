import Foundation
import Yams

extension Tariff {
    static let topLevelKeys: Set<String> = [
        "title", "currency", "kind", "source", "notes", "utc_offset_hours", "negative_prices_allowed",
        "holidays", "holidays_file", "adders", "taxes", "rounding", "versions",
    ]
    static let versionKeys: Set<String> = [
        "from", "label", "seasons", "time_of_use", "tiers", "energy_rates", "import_series", "base_charge", "export",
    ]

    /// Reads and validates a tariff file; the tariff's name is the file name without `.yaml`.
    ///
    /// Nothing is half-loaded: any mistake throws a `TariffError` naming the file and key path.
    public static func load(path: String) throws(TariffError) -> Tariff {
        let url = URL(fileURLWithPath: path)
        let display = url.lastPathComponent
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw TariffError(.unreadableFile, file: display, "cannot read the file: \(error.localizedDescription)")
        }
        let name = url.deletingPathExtension().lastPathComponent
        return try parse(yaml: text, name: name, file: display, directory: url.deletingLastPathComponent().path)
    }

    /// Parses tariff YAML text; `directory` resolves `holidays_file` and price series files.
    public static func parse(yaml text: String, name: String, file: String, directory: String) throws(TariffError) -> Tariff {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw TariffError(.invalidYAML, file: file, "the file is empty") }
            root = node
        } catch let error as TariffError {
            throw error
        } catch {
            throw TariffError(.invalidYAML, file: file, "not valid YAML: \(error)")
        }
        let top = try YAMLValue(node: root, path: "", file: file).mapping(allowed: topLevelKeys)
        let context = LoadContext(file: file, directory: directory)

        let offsetHours = try top["utc_offset_hours"]?.int(in: -12...14) ?? 9
        let utcOffset = Int64(offsetHours) * 3600
        let kind: Kind
        if let kindValue = top["kind"] {
            let text = try kindValue.string()
            guard let parsed = Kind(rawValue: text) else { throw kindValue.error(.invalidValue, "kind must be fixed or dynamic, found '\(text)'") }
            kind = parsed
        } else {
            kind = .fixed
        }
        let sources = try top["source"]?.sequenceOrSingle().map { value throws(TariffError) in try value.string() } ?? []

        var holidayYears: [Int] = []
        var holidays: Set<Int64> = []
        if let list = top["holidays"] {
            try readHolidays(list, into: &holidays, years: &holidayYears)
        }
        if let fileValue = top["holidays_file"] {
            let relative = try fileValue.string()
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let holidayText = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw fileValue.error(.unreadableFile, "cannot read the holidays file '\(relative)'")
            }
            let node: Node?
            do { node = try Yams.compose(yaml: holidayText) } catch {
                throw TariffError(.invalidYAML, file: relative, "not valid YAML: \(error)")
            }
            guard let node else { throw TariffError(.invalidYAML, file: relative, "the file is empty") }
            try readHolidays(YAMLValue(node: node, path: "", file: relative), into: &holidays, years: &holidayYears)
        }

        let adders = try top["adders"]?.sequence().map { value throws(TariffError) in try readAdder(value) } ?? []
        let taxes = try top["taxes"]?.sequence().map { value throws(TariffError) in try readTax(value) } ?? []
        var rounding = BillRounding()
        if let roundingValue = top["rounding"] {
            let map = try roundingValue.mapping(allowed: ["charges", "total"])
            if let charges = map["charges"] { rounding.charges = try readRounding(charges) }
            if let total = map["total"] { rounding.total = try readRounding(total) }
        }

        let allowsNegative = try top["negative_prices_allowed"]?.bool() ?? false
        let versionValues = try top.require("versions").sequence()
        guard !versionValues.isEmpty else { throw top.owner.error(.missingKey, "at least one version is needed", key: "versions") }
        var versions: [TariffVersion] = []
        for value in versionValues {
            let version = try readVersion(value, kind: kind, context: context, utcOffset: utcOffset, allowsNegative: allowsNegative)
            if let previous = versions.last, version.from <= previous.from {
                throw value.error(.invalidValue, "versions must be in increasing order of 'from'", key: "from")
            }
            versions.append(version)
        }
        let notes = try top["notes"]?.string() ?? ""
        return Tariff(
            name: name, title: try top["title"]?.string() ?? name, currency: try top["currency"]?.string() ?? "KRW",
            kind: kind, sources: sources, notes: notes, utcOffsetSeconds: utcOffset,
            allowsNegativePrices: allowsNegative,
            holidayYears: holidayYears.sorted(), holidays: holidays, versions: versions, adders: adders, taxes: taxes,
            rounding: rounding, file: file
        )
    }

    private struct LoadContext {
        let file: String
        let directory: String
        var allowsNegative = false

        /// A price read from the file, refused when negative unless the file allows negative prices.
        func price(_ value: YAMLValue) throws(TariffError) -> Int64 {
            let price = try value.decimal(decimals: 3)
            if price < 0, !allowsNegative {
                throw value.error(.invalidValue, "negative price \(ScaledDecimal.format(price, decimals: 3)); set negative_prices_allowed: true if the tariff really has one")
            }
            return price
        }
    }

    private static func readHolidays(_ value: YAMLValue, into holidays: inout Set<Int64>, years: inout [Int]) throws(TariffError) {
        for (key, list) in try value.mapping().entries {
            guard let year = Int(key), (1900...2200).contains(year) else {
                throw list.error(.invalidValue, "holiday lists are keyed by year, found '\(key)'")
            }
            years.append(year)
            for item in try list.sequence() {
                let date = try item.date()
                guard date.components.year == year else { throw item.error(.invalidValue, "\(date) is not in \(year)") }
                holidays.insert(date.dayNumber)
            }
        }
    }

    private static func readAdder(_ value: YAMLValue) throws(TariffError) -> Adder {
        let map = try value.mapping(allowed: ["name", "label", "rate", "from", "until"])
        let name = try map.require("name").string()
        return Adder(
            name: name, label: try map["label"]?.string() ?? name,
            rateMilliPerKWh: try map.require("rate").decimal(decimals: 3),
            from: try map["from"]?.date(), until: try map["until"]?.date()
        )
    }

    private static func readTax(_ value: YAMLValue) throws(TariffError) -> Tax {
        let map = try value.mapping(allowed: ["name", "label", "percent", "from", "until", "rounding"])
        let name = try map.require("name").string()
        let percentValue = try map.require("percent")
        let ppm = try percentValue.decimal(decimals: 4)
        guard ppm >= 0, ppm <= 1_000_000 else { throw percentValue.error(.invalidValue, "a percentage must be between 0 and 100") }
        return Tax(
            name: name, label: try map["label"]?.string() ?? name, ppm: ppm,
            from: try map["from"]?.date(), until: try map["until"]?.date(),
            rounding: try map["rounding"].map { value throws(TariffError) in try readRounding(value) } ?? Rounding(mode: .round)
        )
    }

    /// `truncate`, `round`, `ceil`, or `{mode: truncate, unit: 10}` (unit in currency units).
    private static func readRounding(_ value: YAMLValue) throws(TariffError) -> Rounding {
        if case .mapping = value.node {
            let map = try value.mapping(allowed: ["mode", "unit"])
            let modeValue = try map.require("mode")
            let modeText = try modeValue.string()
            guard let mode = Rounding.Mode(rawValue: modeText) else { throw modeValue.error(.invalidValue, "mode must be truncate, round or ceil") }
            var unit: Int64 = 1_000_000
            if let unitValue = map["unit"] {
                unit = try unitValue.decimal(decimals: 6)
                guard unit >= 1000 else { throw unitValue.error(.invalidValue, "the rounding unit must be at least 0.001") }
            }
            return Rounding(mode: mode, unitMicro: unit)
        }
        let text = try value.string()
        guard let mode = Rounding.Mode(rawValue: text) else { throw value.error(.invalidValue, "rounding must be truncate, round or ceil, found '\(text)'") }
        return Rounding(mode: mode)
    }

    private static func readVersion(_ value: YAMLValue, kind: Kind, context: LoadContext, utcOffset: Int64, allowsNegative: Bool) throws(TariffError) -> TariffVersion {
        var context = context
        context.allowsNegative = allowsNegative
        let map = try value.mapping(allowed: versionKeys)
        let from = try map.require("from").date()

        // Seasons: every month in exactly one.
        var seasons: [Season] = []
        var seasonOfMonth = [Int](repeating: -1, count: 13)
        if let seasonsValue = map["seasons"] {
            for (name, monthsValue) in try seasonsValue.mapping().entries {
                var months: [Int] = []
                for monthValue in try monthsValue.sequence() {
                    let month = try monthValue.int(in: 1...12)
                    if seasonOfMonth[month] >= 0 {
                        throw monthValue.error(.monthInSeveralSeasons, "month \(month) is in seasons '\(seasons[seasonOfMonth[month]].name)' and '\(name)'")
                    }
                    seasonOfMonth[month] = seasons.count
                    months.append(month)
                }
                seasons.append(Season(name: name, months: months))
            }
            for month in 1...12 where seasonOfMonth[month] < 0 {
                throw seasonsValue.error(.monthInNoSeason, "month \(month) is in no season")
            }
        } else {
            seasons = [Season(name: "all", months: Array(1...12))]
            seasonOfMonth = [0] + [Int](repeating: 0, count: 12)
        }
        let seasonNames = seasons.map(\.name)

        // Time-of-use periods per season and kind of day.
        var periods: [String] = []
        var schedules: [[DaySchedule]] = []
        if let touValue = map["time_of_use"] {
            let touMap = try touValue.mapping(allowed: Set(seasonNames + ["default"]))
            // Collect period names in order of first appearance so indices are stable.
            for (_, dayValue) in touMap.entries {
                for (_, periodsValue) in try dayValue.mapping(allowed: ["weekday", "saturday", "weekend", "holiday"]).entries {
                    for (periodName, _) in try periodsValue.mapping().entries where !periods.contains(periodName) {
                        periods.append(periodName)
                    }
                }
            }
            for season in seasonNames {
                guard let dayValue = touMap[season] ?? touMap["default"] else {
                    throw touValue.error(.missingHours, "no time-of-use hours for season '\(season)' (and no 'default')")
                }
                let dayMap = try dayValue.mapping(allowed: ["weekday", "saturday", "weekend", "holiday"])
                let weekday = try readDaySchedule(dayMap.require("weekday"), periods: periods)
                let weekend = try dayMap["weekend"].map { value throws(TariffError) in try readDaySchedule(value, periods: periods) } ?? weekday
                let saturday = try dayMap["saturday"].map { value throws(TariffError) in try readDaySchedule(value, periods: periods) } ?? weekend
                let holiday = try dayMap["holiday"].map { value throws(TariffError) in try readDaySchedule(value, periods: periods) } ?? weekend
                schedules.append([weekday, saturday, weekend, holiday])
            }
        } else {
            periods = ["all"]
            let allDay = DaySchedule(hourToPeriod: [Int](repeating: 0, count: 24), ranges: [[HourRange(start: 0, end: 24)]])
            schedules = [[DaySchedule]](repeating: [DaySchedule](repeating: allDay, count: 4), count: seasons.count)
        }

        // Tiers.
        var tierNames: [String] = []
        var tierMaxWh = [[Int64?]](repeating: [], count: seasons.count)
        var tierBase: [Int64] = []
        let hasTiers = map["tiers"] != nil
        if let tiersValue = map["tiers"] {
            let tierValues = try tiersValue.sequence()
            guard !tierValues.isEmpty else { throw tiersValue.error(.invalidValue, "tiers must not be empty") }
            for (index, tierValue) in tierValues.enumerated() {
                let tierMap = try tierValue.mapping(allowed: ["name", "max_kwh", "base_charge"])
                tierNames.append(try tierMap["name"]?.string() ?? "tier \(index + 1)")
                tierBase.append(try tierMap["base_charge"].map { value throws(TariffError) in try context.price(value) } ?? 0)
                let limits = try readSeasonal(tierMap["max_kwh"], seasons: seasonNames) { value throws(TariffError) -> Int64? in
                    if value.isNull { return nil }
                    let wh = try value.decimal(decimals: 3)
                    guard wh > 0 else { throw value.error(.invalidValue, "a tier limit must be positive") }
                    return wh
                }
                for season in seasons.indices {
                    let limit = limits[season]
                    if let previous = tierMaxWh[season].last {
                        let keyPath = tierValue.child("max_kwh")
                        switch (previous, limit) {
                        case (nil, .some):
                            throw TariffError(.decreasingTierLimit, file: context.file, keyPath: keyPath, line: tierValue.line,
                                              "season '\(seasonNames[season])': a limit follows an unlimited tier")
                        case let (.some(before), .some(now)) where now <= before:
                            throw TariffError(.decreasingTierLimit, file: context.file, keyPath: keyPath, line: tierValue.line,
                                              "season '\(seasonNames[season])': tier limit \(ScaledDecimal.format(now, decimals: 3)) kWh is not above the previous tier's \(ScaledDecimal.format(before, decimals: 3)) kWh")
                        default: break
                        }
                    }
                    tierMaxWh[season].append(limit)
                }
            }
            for season in seasons.indices where tierMaxWh[season].last.flatMap({ $0 }) != nil {
                throw tiersValue.error(.invalidValue, "the last tier must have no max_kwh in season '\(seasonNames[season])'")
            }
        } else {
            tierNames = ["all"]
            tierBase = [0]
            tierMaxWh = [[Int64?]](repeating: [nil], count: seasons.count)
        }

        // Energy rates or an import series.
        var rates: [[[Int64?]]] = []
        var importSeries: PriceSeries?
        if let seriesValue = map["import_series"] {
            importSeries = try loadSeries(seriesValue, context: context, utcOffset: utcOffset)
            if map["energy_rates"] != nil { throw value.error(.invalidValue, "give either energy_rates or import_series, not both", key: "energy_rates") }
        }
        if kind == .dynamic, map["energy_rates"] != nil {
            throw value.error(.invalidValue, "a dynamic tariff takes its import prices from import_series", key: "energy_rates")
        }
        if let ratesValue = map["energy_rates"] {
            let tierCount = tierNames.count
            let seasonMap = try ratesValue.mapping(allowed: Set(seasonNames + ["default"]))
            for season in seasonNames {
                guard let periodValue = seasonMap[season] ?? seasonMap["default"] else {
                    throw ratesValue.error(.missingRate, "no energy rates for season '\(season)' (and no 'default')")
                }
                let periodMap = try periodValue.mapping(allowed: Set(periods + ["default"]))
                var seasonRates: [[Int64?]] = []
                for period in periods {
                    guard let spec = periodMap[period] ?? periodMap["default"] else {
                        throw periodValue.error(.missingRate, "no energy rate for period '\(period)' in season '\(season)'; write null if nothing is supplied then")
                    }
                    if spec.isNull {
                        seasonRates.append([Int64?](repeating: nil, count: tierCount))
                    } else if case .sequence = spec.node {
                        let items = try spec.sequence()
                        guard items.count == tierCount else {
                            throw spec.error(.invalidValue, "expected one rate per tier (\(tierCount)), found \(items.count)")
                        }
                        seasonRates.append(try items.map { item throws(TariffError) -> Int64? in try context.price(item) })
                    } else {
                        let rate = try context.price(spec)
                        seasonRates.append([Int64?](repeating: rate, count: tierCount))
                    }
                }
                rates.append(seasonRates)
            }
        } else {
            rates = [[[Int64?]]](repeating: [[Int64?]](repeating: [Int64?](repeating: nil, count: tierNames.count), count: periods.count), count: seasons.count)
        }

        // Base charge.
        var base = BaseCharge()
        if let baseValue = map["base_charge"] {
            let baseMap = try baseValue.mapping(allowed: ["per_month", "per_day", "per_kw", "per_kw_share_of_periods", "minimum_per_kw"])
            base.perMonthMilli = try baseMap["per_month"].map { value throws(TariffError) in try context.price(value) } ?? 0
            base.perDayMilli = try baseMap["per_day"].map { value throws(TariffError) in try context.price(value) } ?? 0
            base.perKWMilli = try baseMap["per_kw"].map { value throws(TariffError) in try context.price(value) } ?? 0
            base.minimumPerKWMilli = try baseMap["minimum_per_kw"].map { value throws(TariffError) in try context.price(value) } ?? 0
            if let shareValue = baseMap["per_kw_share_of_periods"] {
                base.perKWSharePeriods = try shareValue.sequenceOrSingle().map { item throws(TariffError) -> Int in
                    let name = try item.string()
                    guard let index = periods.firstIndex(of: name) else { throw item.error(.invalidValue, "unknown period '\(name)'") }
                    return index
                }
            }
        }

        // Export prices.
        var export = ExportPricing.none
        if let exportValue = map["export"] {
            let exportMap = try exportValue.mapping(allowed: ["price", "rates", "series", "net_metering"])
            guard exportMap.entries.count == 1 else { throw exportValue.error(.invalidValue, "give exactly one of price, rates, series, net_metering") }
            if let price = exportMap["price"] {
                export = .fixed(try context.price(price))
            } else if let ratesValue = exportMap["rates"] {
                let seasonMap = try ratesValue.mapping(allowed: Set(seasonNames + ["default"]))
                var table: [[Int64?]] = []
                for season in seasonNames {
                    guard let periodValue = seasonMap[season] ?? seasonMap["default"] else {
                        throw ratesValue.error(.missingRate, "no export rates for season '\(season)'")
                    }
                    let periodMap = try periodValue.mapping(allowed: Set(periods + ["default"]))
                    table.append(try periods.map { period throws(TariffError) -> Int64? in
                        guard let spec = periodMap[period] ?? periodMap["default"] else {
                            throw periodValue.error(.missingRate, "no export rate for period '\(period)'")
                        }
                        return spec.isNull ? nil : try context.price(spec)
                    })
                }
                export = .rates(table)
            } else if let seriesValue = exportMap["series"] {
                export = .series(try loadSeries(seriesValue, context: context, utcOffset: utcOffset))
            } else if let netValue = exportMap["net_metering"] {
                export = try netValue.bool() ? .netMetering : .none
            }
        }

        return TariffVersion(
            from: from, label: try map["label"]?.string() ?? from.description, seasons: seasons, seasonOfMonth: seasonOfMonth,
            periods: periods, schedules: schedules, tierNames: tierNames, hasTiers: hasTiers, tierMaxWh: tierMaxWh,
            tierBaseChargeMilli: tierBase, rates: rates, importSeries: importSeries, baseCharge: base, export: export
        )
    }

    private static func loadSeries(_ value: YAMLValue, context: LoadContext, utcOffset: Int64) throws(TariffError) -> PriceSeries {
        let relative = try value.string()
        let path = (context.directory as NSString).appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: path) else { throw value.error(.unreadableFile, "no price series file '\(relative)'") }
        let series = try PriceSeries.load(path: path, displayName: relative, utcOffsetSeconds: utcOffset)
        if !context.allowsNegative, let row = series.prices.firstIndex(where: { $0 < 0 }) {
            throw TariffError(.invalidValue, file: relative, keyPath: "price", "row \(row + 1) has a negative price; set negative_prices_allowed: true in the tariff if that is intended")
        }
        return series
    }

    /// A value given once for all seasons, or as a mapping by season name with an optional `default`.
    private static func readSeasonal<T>(_ value: YAMLValue?, seasons: [String], read: (YAMLValue) throws(TariffError) -> T?) throws(TariffError) -> [T?] {
        guard let value else { return [T?](repeating: nil, count: seasons.count) }
        guard case .mapping = value.node else {
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
    private static func readDaySchedule(_ value: YAMLValue, periods: [String]) throws(TariffError) -> DaySchedule {
        var hourToPeriod = [Int](repeating: -1, count: 24)
        var ranges = [[HourRange]](repeating: [], count: periods.count)
        for (periodName, rangesValue) in try value.mapping().entries {
            guard let periodIndex = periods.firstIndex(of: periodName) else { throw rangesValue.error(.invalidValue, "unknown period") }
            var items: [YAMLValue] = []
            for item in try rangesValue.sequenceOrSingle() {
                let text = try item.string()
                for piece in text.split(separator: ",") {
                    items.append(YAMLValue(node: .scalar(.init(String(piece).trimmingCharacters(in: .whitespaces), .implicit, .plain, item.node.mark)), path: item.path, file: item.file))
                }
            }
            for item in items {
                let range = try readHourRange(item)
                ranges[periodIndex].append(range)
                for hour in 0..<24 where range.contains(hour: hour) {
                    if hourToPeriod[hour] >= 0 {
                        throw item.error(.overlappingHours, "hour \(hour):00 is in both '\(periods[hourToPeriod[hour]])' and '\(periodName)'")
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

    /// `22-8`, `8-11`, `22:00-08:00`; the end is exclusive and may be 24; a start after the end wraps midnight.
    private static func readHourRange(_ value: YAMLValue) throws(TariffError) -> HourRange {
        let text = try value.string()
        let ends = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        func hour(_ part: String) -> Int? {
            let pieces = part.split(separator: ":")
            guard pieces.count == 1 || (pieces.count == 2 && pieces[1] == "00"), let hour = Int(pieces[0]), (0...24).contains(hour) else { return nil }
            return hour
        }
        guard ends.count == 2, let start = hour(ends[0]), let end = hour(ends[1]), start != end, start < 24 else {
            throw value.error(.invalidValue, "expected an hour range such as 8-11 or 22-8, found '\(text)'")
        }
        return HourRange(start: start, end: end)
    }
}
