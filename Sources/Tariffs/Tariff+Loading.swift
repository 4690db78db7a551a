import ConfigFiles
import Foundation

extension Tariff {
    static let topLevelKeys: Set<String> = [
        "title", "currency", "kind", "source", "notes", "utc_offset_hours", "negative_prices_allowed",
        "holidays", "holidays_file", "adders", "taxes", "rounding", "versions",
    ]

    /// Reads and validates a tariff file; the tariff's name is the file name without `.yaml`.
    ///
    /// Nothing is half-loaded: any mistake throws a `TariffError` naming the file and key path.
    public static func load(path: String) throws(TariffError) -> Tariff {
        let url = URL(fileURLWithPath: path)
        do throws(ConfigError) {
            let root = try ConfigNode.load(path: path, file: url.lastPathComponent)
            return try read(
                root, name: url.deletingPathExtension().lastPathComponent,
                directory: url.deletingLastPathComponent().path)
        } catch {
            throw TariffError(error)
        }
    }

    /// Parses tariff YAML text; `directory` resolves `holidays_file` and price series files.
    public static func parse(yaml text: String, name: String, file: String, directory: String) throws(TariffError)
        -> Tariff
    {
        do throws(ConfigError) {
            return try read(ConfigNode.parse(text, file: file), name: name, directory: directory)
        } catch {
            throw TariffError(error)
        }
    }

    private static func read(_ root: ConfigNode, name: String, directory: String) throws(ConfigError) -> Tariff {
        let top = try root.mapping(allowed: topLevelKeys)
        let offsetHours = try top["utc_offset_hours"]?.int(in: -12...14) ?? 9
        let utcOffset = Int64(offsetHours) * 3600
        let kind = try readKind(top["kind"])
        let sources = try top["source"]?.elementsOrSingle().map { value throws(ConfigError) in try value.text() } ?? []
        let (holidayYears, holidays) = try readHolidays(top, directory: directory)
        let adders = try top["adders"]?.elements().map { value throws(ConfigError) in try readAdder(value) } ?? []
        let taxes = try top["taxes"]?.elements().map { value throws(ConfigError) in try readTax(value) } ?? []
        let rounding = try readBillRounding(top["rounding"])
        let allowsNegative = try top["negative_prices_allowed"]?.bool() ?? false
        let context = LoadContext(file: root.file, directory: directory, allowsNegative: allowsNegative)
        let versions = try readVersions(top, kind: kind, context: context, utcOffset: utcOffset)
        let notes = try top["notes"]?.text() ?? ""
        return Tariff(
            name: name, title: try top["title"]?.text() ?? name, currency: try top["currency"]?.text() ?? "KRW",
            kind: kind, sources: sources, notes: notes, utcOffsetSeconds: utcOffset,
            allowsNegativePrices: allowsNegative,
            holidayYears: holidayYears.sorted(), holidays: holidays, versions: versions, adders: adders, taxes: taxes,
            rounding: rounding, file: root.file
        )
    }

    /// Where a tariff file is and what it allows, for the readers of its parts.
    struct LoadContext {
        let file: String
        let directory: String
        let allowsNegative: Bool

        /// A price read from the file, refused when negative unless the file allows negative prices.
        func price(_ value: ConfigNode) throws(ConfigError) -> Int64 {
            let price = try value.decimal(decimals: 3)
            if price < 0, !allowsNegative {
                throw value.error(
                    "negative price \(ScaledDecimal.format(price, decimals: 3)); set negative_prices_allowed: true if the tariff really has one"
                )
            }
            return price
        }

        /// The price series file that `value` names, relative to the tariff file.
        func series(_ value: ConfigNode, utcOffset: Int64) throws(ConfigError) -> PriceSeries {
            let relative = try value.text()
            let path = (directory as NSString).appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: path) else {
                throw value.error(.unreadableFile, "no price series file '\(relative)'")
            }
            let series: PriceSeries
            do { series = try PriceSeries.load(path: path, displayName: relative, utcOffsetSeconds: utcOffset) } catch {
                throw ConfigError(error, file: relative)
            }
            if !allowsNegative, let row = series.prices.firstIndex(where: { $0 < 0 }) {
                throw ConfigError(
                    file: relative, keyPath: "price",
                    message:
                        "row \(row + 1) has a negative price; set negative_prices_allowed: true in the tariff if that is intended"
                )
            }
            return series
        }
    }

    private static func readKind(_ value: ConfigNode?) throws(ConfigError) -> Kind {
        guard let value else { return .fixed }
        let text = try value.text()
        guard let kind = Kind(rawValue: text) else {
            throw value.error("kind must be fixed or dynamic, found '\(text)'")
        }
        return kind
    }

    /// The holidays listed in the file and in its `holidays_file`, and the years they cover.
    private static func readHolidays(_ top: ConfigMapping, directory: String) throws(ConfigError) -> (
        years: [Int], days: Set<Int64>
    ) {
        var years: [Int] = []
        var holidays: Set<Int64> = []
        if let list = top["holidays"] {
            try readHolidays(list, into: &holidays, years: &years)
        }
        if let fileValue = top["holidays_file"] {
            let relative = try fileValue.text()
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let holidayText = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw fileValue.error(.unreadableFile, "cannot read the holidays file '\(relative)'")
            }
            try readHolidays(ConfigNode.parse(holidayText, file: relative), into: &holidays, years: &years)
        }
        return (years, holidays)
    }

    private static func readHolidays(_ value: ConfigNode, into holidays: inout Set<Int64>, years: inout [Int])
        throws(ConfigError)
    {
        for (key, list) in try value.mapping().entries {
            guard let year = Int(key), (1900...2200).contains(year) else {
                throw list.error("holiday lists are keyed by year, found '\(key)'")
            }
            years.append(year)
            for item in try list.elements() {
                let date = try item.date()
                guard date.components.year == year else { throw item.error("\(date) is not in \(year)") }
                holidays.insert(date.dayNumber)
            }
        }
    }

    private static func readAdder(_ value: ConfigNode) throws(ConfigError) -> Adder {
        let map = try value.mapping(allowed: ["name", "label", "rate", "from", "until"])
        let name = try map.required("name").text()
        return Adder(
            name: name, label: try map["label"]?.text() ?? name,
            rateMilliPerKWh: try map.required("rate").decimal(decimals: 3),
            from: try map["from"]?.date(), until: try map["until"]?.date()
        )
    }

    private static func readTax(_ value: ConfigNode) throws(ConfigError) -> Tax {
        let map = try value.mapping(allowed: ["name", "label", "percent", "from", "until", "rounding"])
        let name = try map.required("name").text()
        let percentValue = try map.required("percent")
        let ppm = try percentValue.decimal(decimals: 4)
        guard ppm >= 0, ppm <= 1_000_000 else { throw percentValue.error("a percentage must be between 0 and 100") }
        return Tax(
            name: name, label: try map["label"]?.text() ?? name, ppm: ppm,
            from: try map["from"]?.date(), until: try map["until"]?.date(),
            rounding: try map["rounding"].map { value throws(ConfigError) in try readRounding(value) }
                ?? Rounding(mode: .round)
        )
    }

    private static func readBillRounding(_ value: ConfigNode?) throws(ConfigError) -> BillRounding {
        var rounding = BillRounding()
        if let value {
            let map = try value.mapping(allowed: ["charges", "total"])
            if let charges = map["charges"] { rounding.charges = try readRounding(charges) }
            if let total = map["total"] { rounding.total = try readRounding(total) }
        }
        return rounding
    }

    /// `truncate`, `round`, `ceil`, or `{mode: truncate, unit: 10}` (unit in currency units).
    private static func readRounding(_ value: ConfigNode) throws(ConfigError) -> Rounding {
        if value.isMapping {
            let map = try value.mapping(allowed: ["mode", "unit"])
            let modeValue = try map.required("mode")
            let modeText = try modeValue.text()
            guard let mode = Rounding.Mode(rawValue: modeText) else {
                throw modeValue.error("mode must be truncate, round or ceil")
            }
            var unit: Int64 = 1_000_000
            if let unitValue = map["unit"] {
                unit = try unitValue.decimal(decimals: 6)
                guard unit >= 1000 else { throw unitValue.error("the rounding unit must be at least 0.001") }
            }
            return Rounding(mode: mode, unitMicro: unit)
        }
        let text = try value.text()
        guard let mode = Rounding.Mode(rawValue: text) else {
            throw value.error("rounding must be truncate, round or ceil, found '\(text)'")
        }
        return Rounding(mode: mode)
    }

    /// At least one version, in increasing order of `from`.
    private static func readVersions(_ top: ConfigMapping, kind: Kind, context: LoadContext, utcOffset: Int64)
        throws(ConfigError) -> [TariffVersion]
    {
        let versionValues = try top.required("versions").elements()
        guard !versionValues.isEmpty else {
            throw top.owner.error(.missingKey, "at least one version is needed", key: "versions")
        }
        var versions: [TariffVersion] = []
        for value in versionValues {
            let version = try TariffVersion.read(value, kind: kind, context: context, utcOffset: utcOffset)
            if let previous = versions.last, version.from <= previous.from {
                throw value.error(.invalidValue, "versions must be in increasing order of 'from'", key: "from")
            }
            versions.append(version)
        }
        return versions
    }
}
