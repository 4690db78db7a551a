import Foundation
import VillageCore

/// Converts an OpenEI Utility Rate Database (URDB) record into a tariff file.
///
/// URDB describes time of use as 12 × 24 month-by-hour tables of period indices; months with the
/// same weekday and weekend rows become one season here, each index a period `p0`, `p1`, …, and
/// `energyratestructure[period][tier]` (rate + adj) the energy rates. Demand charges and minimum
/// charges have no equivalent in the tariff format yet; they are listed in the file's notes.
package enum URDBImporter {
    /// The YAML text of the tariff file for the URDB record in `json` (a bare record or an API
    /// response with `items`). `file` names the input in errors.
    package static func convert(json: Data, file: String, utcOffsetHours: Int = 9) throws(TariffError) -> String {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: json) } catch {
            throw TariffError(.invalidValue, file: file, "not valid JSON: \(error.localizedDescription)")
        }
        var record = object as? [String: Any]
        if let items = record?["items"] as? [[String: Any]] {
            guard items.count == 1 else {
                throw TariffError(
                    .unsupportedURDB, file: file, keyPath: "items", "expected exactly one record, found \(items.count)")
            }
            record = items[0]
        }
        guard let record else { throw TariffError(.invalidValue, file: file, "expected a URDB record (a JSON object)") }
        var conversion = Conversion(record: record, file: file, utcOffsetHours: utcOffsetHours)
        return try conversion.yaml()
    }

    private struct Conversion {
        let record: [String: Any]
        let file: String
        let utcOffsetHours: Int
        var notes: [String] = []

        init(record: [String: Any], file: String, utcOffsetHours: Int) {
            self.record = record
            self.file = file
            self.utcOffsetHours = utcOffsetHours
        }

        func fail(_ key: String, _ message: String, code: TariffError.Code = .unsupportedURDB) -> TariffError {
            TariffError(code, file: file, keyPath: key, message)
        }

        func schedule(_ key: String) throws(TariffError) -> [[Int]] {
            guard let rows = record[key] as? [[Any]], rows.count == 12 else {
                throw fail(key, "expected 12 rows of 24 period indices", code: .invalidValue)
            }
            var result: [[Int]] = []
            for (month, row) in rows.enumerated() {
                let hours = row.compactMap { ($0 as? NSNumber)?.intValue }
                guard hours.count == 24, hours.allSatisfy({ $0 >= 0 }) else {
                    throw fail("\(key)[\(month)]", "expected 24 non-negative period indices", code: .invalidValue)
                }
                result.append(hours)
            }
            return result
        }

        static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

        /// `jun-sep` for a run of months (wrapping the year end), else the months joined by `_`.
        static func seasonName(_ months: [Int]) -> String {
            if months.count == 12 { return "all_year" }
            let set = Set(months)
            if let first = months.first(where: { !set.contains(($0 + 10) % 12 + 1) }) {
                var last = first
                while set.contains(last % 12 + 1) { last = last % 12 + 1 }
                let runLength = (last - first + 12) % 12 + 1
                if runLength == months.count { return "\(monthNames[first - 1])-\(monthNames[last - 1])" }
            }
            return months.map { monthNames[$0 - 1] }.joined(separator: "_")
        }

        static func decimal(_ value: Double) -> String {
            let milli = Int64((value * 1000).rounded())
            return ScaledDecimal.format(milli, decimals: 3, minimumFractionDigits: 1)
        }

        static func ranges(_ hours: [Int], period: Int) -> [String] {
            var result: [String] = []
            var hour = 0
            while hour < 24 {
                guard hours[hour] == period else {
                    hour += 1
                    continue
                }
                let start = hour
                while hour < 24, hours[hour] == period { hour += 1 }
                result.append("\(start)-\(hour)")
            }
            return result
        }

        static func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }

        mutating func yaml() throws(TariffError) -> String {
            let weekday = try schedule("energyweekdayschedule")
            let weekend = try schedule("energyweekendschedule")
            guard let structure = record["energyratestructure"] as? [[[String: Any]]], !structure.isEmpty else {
                throw fail(
                    "energyratestructure", "expected a list of periods, each a list of tiers", code: .invalidValue)
            }
            let usedPeriods = Set(weekday.joined()).union(weekend.joined()).sorted()
            if let missing = usedPeriods.first(where: { $0 >= structure.count }) {
                throw fail(
                    "energyweekdayschedule", "period \(missing) has no entry in energyratestructure",
                    code: .invalidValue)
            }
            let seasons = Seasons(weekday: weekday, weekend: weekend)
            let rates = try readRates(structure, usedPeriods: usedPeriods)
            let baseEntries = try readFixedCharges()
            noteWhatIsNotImported()
            let exportEntry = exportEntry(sells: rates.sells, usedPeriods: usedPeriods)
            let from = startDate()
            return emit(
                seasons: seasons, rates: rates, usedPeriods: usedPeriods, baseEntries: baseEntries,
                exportEntry: exportEntry, from: from)
        }

        /// Months with identical weekday and weekend rows form one season.
        struct Seasons {
            var months: [[Int]] = []
            var rows: [(weekday: [Int], weekend: [Int])] = []
            var names: [String] { months.map { Conversion.seasonName($0) } }

            init(weekday: [[Int]], weekend: [[Int]]) {
                for month in 0..<12 {
                    if let index = rows.firstIndex(where: {
                        $0.weekday == weekday[month] && $0.weekend == weekend[month]
                    }) {
                        months[index].append(month + 1)
                    } else {
                        rows.append((weekday[month], weekend[month]))
                        months.append([month + 1])
                    }
                }
            }
        }

        /// The energy rates per period (rate + adj per tier), the one set of tier limits and the
        /// first tier's sell rate per period.
        struct Rates {
            var tierLimits: [Double?] = [nil]
            var byPeriod: [Int: [Double]] = [:]
            var sells: [Int: Double] = [:]
        }

        /// Tiers: the same limits in every period that has more than one tier.
        mutating func readRates(_ structure: [[[String: Any]]], usedPeriods: [Int]) throws(TariffError) -> Rates {
            var rates = Rates()
            for period in usedPeriods {
                var limits = try readPeriod(structure[period], period: period, into: &rates)
                if limits.last.flatMap({ $0 }) != nil {
                    notes.append(
                        "The last tier of period \(period) had a max; usage above it is charged at that tier's rate.")
                    limits[limits.count - 1] = nil
                }
                if limits.count > 1 {
                    if rates.tierLimits.count > 1, rates.tierLimits != limits {
                        throw fail(
                            "energyratestructure[\(period)]",
                            "tier limits differ between periods; the tariff format has one set of monthly tier limits")
                    }
                    rates.tierLimits = limits
                }
            }
            let tierCount = rates.tierLimits.count
            for (period, periodRates) in rates.byPeriod where periodRates.count != 1 && periodRates.count != tierCount {
                throw fail(
                    "energyratestructure[\(period)]",
                    "period has \(periodRates.count) tiers where others have \(tierCount)")
            }
            if rates.byPeriod.values.joined().contains(where: { abs(($0 * 1000).rounded() - $0 * 1000) > 1e-6 }) {
                notes.append("Energy rates were rounded to 0.001 per kWh, the precision of the tariff format.")
            }
            return rates
        }

        /// One period's tiers: their rates and sell rate go into `rates`; their limits are returned.
        func readPeriod(_ tiers: [[String: Any]], period: Int, into rates: inout Rates) throws(TariffError) -> [Double?]
        {
            guard !tiers.isEmpty else {
                throw fail("energyratestructure[\(period)]", "period has no tiers", code: .invalidValue)
            }
            var limits: [Double?] = []
            var periodRates: [Double] = []
            for (index, tier) in tiers.enumerated() {
                guard let rate = (tier["rate"] as? NSNumber)?.doubleValue else {
                    throw fail("energyratestructure[\(period)][\(index)].rate", "missing rate", code: .invalidValue)
                }
                if let unit = tier["unit"] as? String, unit != "kWh" {
                    throw fail(
                        "energyratestructure[\(period)][\(index)].unit",
                        "only kWh rates can be imported, found '\(unit)'")
                }
                let adj = (tier["adj"] as? NSNumber)?.doubleValue ?? 0
                periodRates.append(rate + adj)
                limits.append((tier["max"] as? NSNumber)?.doubleValue)
                if index == 0, let sell = (tier["sell"] as? NSNumber)?.doubleValue { rates.sells[period] = sell }
            }
            rates.byPeriod[period] = periodRates
            return limits
        }

        /// The fixed charge as `base_charge` entries.
        func readFixedCharges() throws(TariffError) -> [String] {
            guard let fixed = (record["fixedchargefirstmeter"] as? NSNumber)?.doubleValue, fixed != 0 else { return [] }
            let units = record["fixedchargeunits"] as? String ?? "$/month"
            switch units {
            case "$/month": return ["per_month: \(Conversion.decimal(fixed))"]
            case "$/day": return ["per_day: \(Conversion.decimal(fixed))"]
            default: throw fail("fixedchargeunits", "only $/month and $/day can be imported, found '\(units)'")
            }
        }

        mutating func noteWhatIsNotImported() {
            if let minimum = (record["mincharge"] as? NSNumber)?.doubleValue, minimum != 0 {
                notes.append("Not imported: minimum charge \(minimum) \(record["minchargeunits"] as? String ?? "").")
            }
            if record["demandratestructure"] != nil || record["flatdemandstructure"] != nil {
                notes.append("Not imported: demand charges (demandratestructure, flatdemandstructure).")
            }
            notes.append(
                "Local time is UTC\(utcOffsetHours >= 0 ? "+" : "")\(utcOffsetHours) all year: daylight saving time is not modelled."
            )
            notes.append("URDB lists no public holidays; every day is a weekday or a weekend day.")
        }

        /// The `export` entry: net metering, sell rates per period, or nil.
        mutating func exportEntry(sells: [Int: Double], usedPeriods: [Int]) -> String? {
            let dgRules = record["dgrules"] as? String ?? ""
            // Records under net metering often carry `sell: 0` on every tier: there the zero means
            // "no separate sell rate", not "exports are worth nothing", so net metering wins.
            let sellsAreAllZero = sells.values.allSatisfy { $0 == 0 }
            if dgRules == "Net Metering" && sellsAreAllZero {
                return "net_metering: true"
            }
            guard !sells.isEmpty else { return nil }
            if dgRules == "Net Metering" {
                notes.append(
                    "The record is under net metering with its own sell rates; exports are priced at those rates.")
            }
            return "rates: {default: {"
                + usedPeriods.map { "p\($0): \(sells[$0].map(Conversion.decimal) ?? "null")" }.joined(separator: ", ")
                + "}}"
        }

        /// The local date the rates are in force from.
        mutating func startDate() -> String {
            if let start = (record["startdate"] as? NSNumber)?.int64Value {
                return LocalDate(
                    dayNumber: floorDivide(start + Int64(utcOffsetHours) * TimeGrid.hourSeconds, TimeGrid.daySeconds)
                ).description
            }
            notes.append("The record has no startdate; the rates are taken as in force from 2000-01-01.")
            return "2000-01-01"
        }

        func emit(
            seasons: Seasons, rates: Rates, usedPeriods: [Int], baseEntries: [String], exportEntry: String?,
            from: String
        ) -> String {
            let name = record["name"] as? String ?? "URDB record"
            let utility = record["utility"] as? String ?? "unknown utility"
            var out: [String] = []
            out.append("# Imported from a URDB record by `village tariff import-urdb`.")
            out.append("title: \(Conversion.quoted("\(utility): \(name)"))")
            out.append("currency: USD")
            out.append("kind: fixed")
            out.append("utc_offset_hours: \(utcOffsetHours)")
            out.append("source:")
            out.append(
                "  - \(Conversion.quoted("OpenEI URDB record \(record["label"] as? String ?? "(no label)") from \(file)"))"
            )
            if let uri = record["uri"] as? String { out.append("  - \(Conversion.quoted(uri))") }
            if let source = record["source"] as? String { out.append("  - \(Conversion.quoted(source))") }
            out.append("notes: \(Conversion.quoted(notes.joined(separator: " ")))")
            out.append("rounding:")
            out.append("  charges: {mode: round, unit: 0.01}")
            out.append("  total: {mode: round, unit: 0.01}")
            out.append("versions:")
            out.append("  - from: \(from)")
            out.append("    label: \(Conversion.quoted(record["label"] as? String ?? from))")
            out += emitVersion(seasons: seasons, rates: rates, usedPeriods: usedPeriods)
            if !baseEntries.isEmpty { out.append("    base_charge: {\(baseEntries.joined(separator: ", "))}") }
            if let exportEntry { out.append("    export: {\(exportEntry)}") }
            return out.joined(separator: "\n") + "\n"
        }

        /// The version's seasons, time of use, tiers and energy rates.
        func emitVersion(seasons: Seasons, rates: Rates, usedPeriods: [Int]) -> [String] {
            var out: [String] = []
            let seasonNames = seasons.names
            out.append("    seasons:")
            for (index, months) in seasons.months.enumerated() {
                out.append("      \(seasonNames[index]): [\(months.map(String.init).joined(separator: ", "))]")
            }
            out.append("    time_of_use:")
            for (index, rows) in seasons.rows.enumerated() {
                out.append("      \(seasonNames[index]):")
                for (dayKey, hours) in [("weekday", rows.weekday), ("weekend", rows.weekend)] {
                    let periods = usedPeriods.filter { hours.contains($0) }
                    let entries = periods.map {
                        "p\($0): [\(Conversion.ranges(hours, period: $0).joined(separator: ", "))]"
                    }
                    out.append("        \(dayKey): {\(entries.joined(separator: ", "))}")
                }
            }
            if rates.tierLimits.count > 1 {
                out.append("    tiers:")
                for limit in rates.tierLimits {
                    if let limit {
                        out.append("      - max_kwh: \(Conversion.decimal(limit))")
                    } else {
                        out.append("      - {}")
                    }
                }
            }
            out.append("    energy_rates:")
            let rateEntries = usedPeriods.map { period -> String in
                let periodRates = rates.byPeriod[period] ?? []
                let text =
                    periodRates.count == 1
                    ? Conversion.decimal(periodRates[0])
                    : "[" + periodRates.map(Conversion.decimal).joined(separator: ", ") + "]"
                return "p\(period): \(text)"
            }
            out.append("      default: {\(rateEntries.joined(separator: ", "))}")
            return out
        }
    }
}
