/// A tariff as a person or a script reads it (`village tariff show`): every version's seasons,
/// hours, tiers and rates, with prices as decimal text in currency units per kWh.
public struct TariffDescription: Sendable, Codable, Equatable {
    public struct Version: Sendable, Codable, Equatable {
        public var from: String
        public var label: String
        public var seasons: [Season]
        public var tiers: [Tier]
        public var baseCharge: [String: String]
        public var export: String
    }

    public struct Season: Sendable, Codable, Equatable {
        public var name: String
        public var months: [Int]
        /// Day kind (`weekday`, `saturday`, `sunday`, `holiday`) → period → hour ranges.
        public var hours: [String: [String: [String]]]
        /// Period → one rate per tier (`null` where nothing is supplied), currency units per kWh.
        public var rates: [String: [String?]]
    }

    public struct Tier: Sendable, Codable, Equatable {
        public var name: String
        /// Season → upper limit in kWh (absent when unlimited).
        public var maxKWh: [String: String]
        public var baseCharge: String
    }

    public var name: String
    public var title: String
    public var currency: String
    public var kind: String
    public var sources: [String]
    public var notes: String
    public var utcOffsetHours: Double
    public var holidayYears: [Int]
    public var adders: [String]
    public var taxes: [String]
    public var versions: [Version]
}

extension Tariff {
    /// Everything the file says, resolved (defaults applied), for display.
    public func describe() -> TariffDescription {
        func price(_ milli: Int64) -> String { ScaledDecimal.format(milli, decimals: 3) }
        let dayNames = ["weekday", "saturday", "sunday", "holiday"]
        let described = versions.map { version -> TariffDescription.Version in
            let seasons = version.seasons.indices.map { season -> TariffDescription.Season in
                var hours: [String: [String: [String]]] = [:]
                for (dayIndex, dayName) in dayNames.enumerated() {
                    let schedule = version.schedules[season][dayIndex]
                    var byPeriod: [String: [String]] = [:]
                    for (period, ranges) in schedule.ranges.enumerated() where !ranges.isEmpty {
                        byPeriod[version.periods[period]] = ranges.map(\.description)
                    }
                    hours[dayName] = byPeriod
                }
                var rates: [String: [String?]] = [:]
                if version.importSeries == nil {
                    for (period, name) in version.periods.enumerated() {
                        rates[name] = version.rates[season][period].map { $0.map(price) }
                    }
                }
                return .init(
                    name: version.seasons[season].name, months: version.seasons[season].months, hours: hours,
                    rates: rates)
            }
            let tiers =
                version.hasTiers
                ? version.tierNames.indices.map { tier -> TariffDescription.Tier in
                    var limits: [String: String] = [:]
                    for (season, info) in version.seasons.enumerated() {
                        if let limit = version.tierMaxWh[season][tier] { limits[info.name] = price(limit) }
                    }
                    return .init(
                        name: version.tierNames[tier], maxKWh: limits,
                        baseCharge: price(version.tierBaseChargeMilli[tier]))
                } : []
            var base: [String: String] = [:]
            let charge = version.baseCharge
            if charge.perMonthMilli != 0 { base["per_month"] = price(charge.perMonthMilli) }
            if charge.perDayMilli != 0 { base["per_day"] = price(charge.perDayMilli) }
            if charge.perKWMilli != 0 { base["per_kw"] = price(charge.perKWMilli) }
            if let share = charge.perKWSharePeriods {
                base["per_kw_share_of_periods"] = share.map { version.periods[$0] }.joined(separator: ", ")
            }
            if charge.minimumPerKWMilli != 0 { base["minimum_per_kw"] = price(charge.minimumPerKWMilli) }
            let export: String
            switch version.export {
            case .none: export = "none"
            case .fixed(let value): export = "fixed \(price(value)) per kWh"
            case .rates: export = "by period"
            case .series(let series): export = "series \(series.file)"
            case .netMetering: export = "net metering"
            }
            return .init(
                from: version.from.description, label: version.label, seasons: seasons, tiers: tiers, baseCharge: base,
                export: export)
        }
        func dates(_ from: LocalDate?, _ until: LocalDate?) -> String {
            switch (from, until) {
            case (nil, nil): return ""
            case (let from?, nil): return " from \(from)"
            case (nil, let until?): return " until \(until)"
            case (let from?, let until?): return " from \(from) until \(until)"
            }
        }
        return TariffDescription(
            name: name, title: title, currency: currency, kind: kind.rawValue, sources: sources, notes: notes,
            utcOffsetHours: Double(utcOffsetSeconds) / 3600, holidayYears: holidayYears,
            adders: adders.map { "\($0.label): \(price($0.rateMilliPerKWh)) per kWh\(dates($0.from, $0.until))" },
            taxes: taxes.map {
                "\($0.label): \(ScaledDecimal.format($0.ppm, decimals: 4)) %\(dates($0.from, $0.until))"
            },
            versions: described
        )
    }
}
