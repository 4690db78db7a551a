import Site
import Testing

/// The site file's `outdoorTemperatureNormal:` section: twelve months of 24 hourly values, read,
/// written back, and refused with the field named when its shape or a value is wrong.
@Suite struct OutdoorTemperatureNormalTests {
    static let valid = SiteLoaderErrorTests.valid

    /// A section with `rows` rows; row 0 (January) runs 0, 1, ... 23 °C, the others are 10 °C.
    static func section(rows: Int = 12, hours: Int = 24, odd: String? = nil) -> String {
        var lines = ["outdoorTemperatureNormal:", "  source: \"the site's 2015-2024 records\"", "  months:"]
        for row in 0..<rows {
            var values = (0..<hours).map { row == 0 ? "\($0)" : "10" }
            if row == 3, let odd { values[7] = odd }
            lines.append("    - [" + values.joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theNormalIsReadAndWrittenBack() throws {
        let site = try Site(yaml: Self.valid + "\n" + Self.section(), file: "sites/normal.yaml")
        let normal = try #require(site.outdoorTemperatureNormal)
        #expect(normal.months.count == 12)
        #expect(normal.months[0][23] == 23)
        #expect(normal.months[11][0] == 10)
        #expect(normal.source == "the site's 2015-2024 records")
        #expect(try Site(yaml: site.yamlText(), file: "written.yaml") == site)
    }

    @Test func withoutTheSectionThereIsNoNormal() throws {
        let site = try Site(yaml: Self.valid, file: "sites/normal.yaml")
        #expect(site.outdoorTemperatureNormal == nil)
        #expect(!site.yamlText().contains("outdoorTemperatureNormal"))
    }

    @Test(arguments: [
        (section(rows: 11), "outdoorTemperatureNormal.months", "needs 12"),
        (section(hours: 23), "outdoorTemperatureNormal.months[0]", "needs 24"),
        (section(odd: "75"), "outdoorTemperatureNormal.months[3][7]", "75.0 °C is outside"),
        (section() + "  mean: 3\n", "outdoorTemperatureNormal.mean", "unknown key"),
    ])
    func aBadNormalIsRefusedNamingTheField(section: String, field: String, message: String) {
        do {
            _ = try Site(yaml: Self.valid + "\n" + section, file: "sites/normal.yaml")
            Issue.record("accepted: \(section)")
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(error.file == "sites/normal.yaml")
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
