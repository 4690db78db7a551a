import ArgumentParser
import Foundation
import Tariffs

/// `village tariff list`: the tariffs in the tariffs directory.
struct TariffListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tariffs.")

    @OptionGroup var options: TariffOptions

    struct Row: Codable {
        var name: String
        var title: String
        var kind: String
        var currency: String
        var versions: [String]
    }

    func run() async throws {
        let tariffs = try options.tariffs.library.all()
        let rows = tariffs.map {
            Row(
                name: $0.name, title: $0.title, kind: $0.kind.rawValue, currency: $0.currency,
                versions: $0.versionStartDates.map(\.description))
        }
        if options.json { return try TariffFormatting.printJSON(rows) }
        let width = rows.map(\.name.count).max() ?? 0
        for row in rows {
            let padded = row.name + String(repeating: " ", count: width - row.name.count)
            print(
                "\(padded)  \(row.kind.padding(toLength: 7, withPad: " ", startingAt: 0)) \(row.currency)  from \(row.versions.last ?? "?")  \(row.title)"
            )
        }
    }
}
