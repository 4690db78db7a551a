import ArgumentParser
import Tariffs

/// `village tariff bill NAME --usage FILE.csv`: one bill per calendar month of the usage file.
struct TariffBillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bill", abstract: "Monthly bills for a usage series (CSV: start,import_wh[,export_wh]).")

    @OptionGroup var options: TariffOptions

    @Argument(help: "Tariff name.")
    var name: String

    @Option(help: "Usage CSV with columns start, import_wh and optionally export_wh.")
    var usage: String

    @Option(name: .customLong("contract-kw"), help: "Contract demand in kW, for tariffs with a per-kW base charge.")
    var contractKW: Int?

    func validate() throws {
        if let contractKW, contractKW <= 0 { throw ValidationError("--contract-kw must be positive") }
    }

    func run() async throws {
        let tariff = try options.tariffs.library.tariff(named: name)
        let bills = try tariff.bills(usageFile: usage, contractKW: contractKW)
        if options.json { return try TariffFormatting.printJSON(bills) }
        for bill in bills {
            let c = bill.currency
            print(
                "\(bill.tariff) \(bill.month): \(TariffFormatting.energy(wh: bill.billedWh)) billed"
                    + (bill.highestTier.map { ", highest tier \($0)" } ?? ""))
            for line in bill.lines {
                let indent = line.kind == .energyDetail ? "    " : "  "
                var label = line.label
                if let energy = line.energyWh, let rate = line.rateMilliPerKWh {
                    label +=
                        " (\(TariffFormatting.energy(wh: energy)) × \(TariffFormatting.price(milliPerKWh: rate, currency: c)))"
                } else if let energy = line.energyWh, line.kind == .energyDetail {
                    label += " (\(TariffFormatting.energy(wh: energy)))"
                }
                let amount =
                    line.kind == .energyDetail
                    ? TariffFormatting.exact(milli: line.amountMilli)
                    : TariffFormatting.money(milli: line.amountMilli, currency: c)
                let pad = max(
                    1, 70 - indent.count - TariffFormatting.displayWidth(label) - TariffFormatting.displayWidth(amount))
                print(indent + label + String(repeating: " ", count: pad) + amount)
            }
        }
    }
}
