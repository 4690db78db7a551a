import ArgumentParser
import Foundation
import Tariffs

/// `village tariff import-urdb FILE.json --out Tariffs/NAME.yaml`: convert an OpenEI URDB record.
struct TariffImportURDBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-urdb", abstract: "Convert an OpenEI URDB record (JSON) into a tariff file.")

    @Argument(help: "URDB record or API response (JSON).")
    var file: String

    @Option(help: "Where to write the tariff file (.yaml).")
    var out: String

    @Option(
        name: .customLong("utc-offset-hours"),
        help: "The tariff's local time offset from UTC (URDB records carry none).")
    var utcOffsetHours = 9

    @Flag(help: "Print a JSON summary instead of text.")
    var json = false

    func validate() throws {
        guard out.hasSuffix(".yaml") else { throw ValidationError("--out must name a .yaml file") }
        guard (-12...14).contains(utcOffsetHours) else {
            throw ValidationError("--utc-offset-hours must be in -12...14")
        }
    }

    struct Summary: Codable {
        var input: String
        var output: String
        var name: String
        var title: String
        var versions: [String]
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("\(file): cannot read the file")
        }
        let outURL = URL(fileURLWithPath: out)
        let name = outURL.deletingPathExtension().lastPathComponent
        let yaml = try URDBImporter.convert(
            json: data, file: URL(fileURLWithPath: file).lastPathComponent, utcOffsetHours: utcOffsetHours)
        // Validate before writing: a file that would not load is never left behind.
        let tariff = try Tariff.parse(
            yaml: yaml, name: name, file: outURL.lastPathComponent, directory: outURL.deletingLastPathComponent().path)
        try yaml.write(to: outURL, atomically: true, encoding: .utf8)
        let summary = Summary(
            input: file, output: out, name: tariff.name, title: tariff.title,
            versions: tariff.versionStartDates.map(\.description))
        if json { return try TariffFormatting.printJSON(summary) }
        print("wrote \(out): \(tariff.title), from \(summary.versions.joined(separator: ", "))")
    }
}
