import ArgumentParser
import Foundation
import Tariffs

/// `village tariff show NAME`: seasons, hours, tiers, rates, adders and taxes of every version.
struct TariffShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a tariff's versions, hours and rates.")

    @OptionGroup var options: TariffOptions

    @Argument(help: "Tariff name (file name without .yaml).")
    var name: String

    func run() async throws {
        let description = try options.tariffs.library.tariff(named: name).describe()
        if options.json { return try TariffFormatting.printJSON(description) }
        print("\(description.name): \(description.title) (\(description.currency), \(description.kind))")
        for source in description.sources { print("  source: \(source)") }
        if !description.notes.isEmpty {
            print("  notes: \(description.notes.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        for adder in description.adders { print("  adder: \(adder)") }
        for tax in description.taxes { print("  tax: \(tax)") }
        for version in description.versions {
            print("version from \(version.from) (\(version.label)), export: \(version.export)")
            for (key, value) in version.baseCharge.sorted(by: { $0.key < $1.key }) {
                print("  base charge \(key): \(value)")
            }
            for tier in version.tiers {
                let limits = tier.maxKWh.sorted(by: { $0.key < $1.key }).map { "\($0.key) ≤ \($0.value) kWh" }.joined(
                    separator: ", ")
                print("  \(tier.name): \(limits.isEmpty ? "unlimited" : limits), base \(tier.baseCharge)")
            }
            for season in version.seasons {
                print("  season \(season.name) (months \(season.months.map(String.init).joined(separator: ", ")))")
                for day in ["weekday", "saturday", "sunday", "holiday"] {
                    let periods = (season.hours[day] ?? [:]).sorted(by: { $0.key < $1.key })
                    print(
                        "    \(day): "
                            + periods.map { "\($0.key) \($0.value.joined(separator: " "))" }.joined(separator: "; "))
                }
                for (period, rates) in season.rates.sorted(by: { $0.key < $1.key }) {
                    print("    rate \(period): \(rates.map { $0 ?? "not supplied" }.joined(separator: " / "))")
                }
            }
        }
    }
}
