import ArgumentParser
import Foundation
import Tariffs

/// `village tariff price NAME --at TIME`: the marginal import and export price at an instant.
struct TariffPriceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price", abstract: "Marginal import and export price at an instant.")

    @OptionGroup var options: TariffOptions

    @Argument(help: "Tariff name.")
    var name: String

    @Option(help: "The instant: ISO 8601 (local time of the tariff when no offset is given) or Unix seconds.")
    var at: String

    @Option(name: .customLong("usage-to-date"), help: "Energy imported so far this month, kWh (selects the tier).")
    var usageToDateKWh: Double = 0

    func validate() throws {
        guard usageToDateKWh >= 0, usageToDateKWh.isFinite else {
            throw ValidationError("--usage-to-date must be ≥ 0 kWh")
        }
    }

    func run() async throws {
        let tariff = try options.tariffs.library.tariff(named: name)
        guard let instant = InstantParser.parse(at, utcOffsetSeconds: tariff.utcOffsetSeconds) else {
            throw ValidationError(
                "--at: cannot read '\(at)' as a time (for example 2024-08-01T14:30 or 2024-08-01T14:30:00+09:00)")
        }
        let point = try tariff.price(at: instant, monthToDateImportWh: Int64((usageToDateKWh * 1000).rounded()))
        if options.json { return try TariffFormatting.printJSON(point) }
        let currency = tariff.currency
        print("\(tariff.name) at \(InstantParser.format(instant, utcOffsetSeconds: tariff.utcOffsetSeconds))")
        print(
            "  version \(point.version), season \(point.season), period \(point.period)\(point.tier.map { ", \($0)" } ?? "")"
        )
        print("  energy rate   \(TariffFormatting.price(milliPerKWh: point.energyRateMilliPerKWh, currency: currency))")
        print("  adders        \(TariffFormatting.price(milliPerKWh: point.addersMilliPerKWh, currency: currency))")
        print("  taxes         \(TariffFormatting.percent(ppm: point.taxesPPM))")
        print(
            "  import price  \(TariffFormatting.price(milliPerKWh: point.importPriceMilliPerKWh, currency: currency)) (marginal, with adders and taxes)"
        )
        print(
            "  export price  \(TariffFormatting.price(milliPerKWh: point.exportPriceMilliPerKWh, currency: currency))")
    }
}
