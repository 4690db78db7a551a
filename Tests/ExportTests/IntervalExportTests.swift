import Export
import Foundation
import Testing
import VillageStore

/// Interval exports read back in every format agree with the store: row counts, sums per owner and
/// channel, quality counts.
@Suite struct IntervalExportTests {
    /// Key of a series in test comparisons.
    struct SeriesKey: Hashable {
        let ownerKind: String
        let ownerId: String
        let channel: String
    }

    static func storeSums(_ intervals: [IntervalEnergy]) -> [SeriesKey: Int64] {
        intervals.reduce(into: [:]) { sums, interval in
            sums[
                SeriesKey(
                    ownerKind: interval.owner.kind, ownerId: interval.owner.id, channel: interval.channel.rawValue),
                default: 0] += interval.value
        }
    }

    @Test(arguments: [1, 2] as [UInt64], [ExportFormat.csv, .jsonl, .ngsiLD])
    func rawIntervalsMatchTheStore(seed: UInt64, format: ExportFormat) async throws {
        let village = try await SeededVillage(seed: seed)
        defer { village.remove() }
        // A range that starts and ends inside a day, to exercise the day windows.
        let from = SeededVillage.start + 6 * 3_600
        let to = SeededVillage.end - 5 * 3_600
        let out = village.outputPath()
        let summary = try Exporter().run(
            village.request(what: [.intervals], from: from, to: to, format: format, out: out))
        let expected = village.intervals(from: from, to: to)
        let rows = try ExportRows.read(table: .intervals, format: format, directory: out)

        #expect(rows.count == expected.count)
        #expect(summary.files.first?.rows == expected.count)
        var sums: [SeriesKey: Int64] = [:]
        var qualities: [String: Int] = [:]
        for row in rows {
            let key = SeriesKey(
                ownerKind: try #require(row["owner_kind"]), ownerId: try #require(row["owner_id"]),
                channel: try #require(row["channel"]))
            let energy = row["energy_wh"].flatMap { Int64($0) }
            let volume = row["volume_l"].flatMap { Int64($0) }
            #expect((energy == nil) != (volume == nil), "exactly one of energy_wh and volume_l is set")
            #expect((volume != nil) == key.channel.hasSuffix(".volume"))
            sums[key, default: 0] += energy ?? volume ?? 0
            qualities[try #require(row["quality"]), default: 0] += 1
        }
        #expect(sums == Self.storeSums(expected))
        #expect(qualities["measured"] == expected.filter { $0.quality == .measured }.count)
        #expect(qualities["estimated"] == expected.filter { $0.quality.rank == 1 }.count)
        #expect(qualities["missing"] == expected.filter { $0.quality.rank == 0 }.count)
    }

    @Test(arguments: [ExportResolution.hour, .day], [ExportFormat.csv, .jsonl, .ngsiLD])
    func aggregatesAreSumsWithQualityCounts(resolution: ExportResolution, format: ExportFormat) async throws {
        let village = try await SeededVillage(seed: 7)
        defer { village.remove() }
        let out = village.outputPath()
        _ = try Exporter().run(village.request(what: [.intervals], resolution: resolution, format: format, out: out))
        let rows = try ExportRows.read(table: .intervals, format: format, directory: out)
        let expected = village.intervals()
        let bucket: Int64 = resolution == .hour ? 3_600 : 86_400

        var sums: [SeriesKey: Int64] = [:]
        var measured = 0
        var estimated = 0
        var buckets = Set<[String]>()
        for row in rows {
            let key = SeriesKey(
                ownerKind: try #require(row["owner_kind"]), ownerId: try #require(row["owner_id"]),
                channel: try #require(row["channel"]))
            sums[key, default: 0] += Int64(try #require(row["energy_wh"] ?? row["volume_l"])) ?? -1
            let counts = try ["measured_intervals", "estimated_intervals", "missing_intervals"].map {
                Int(try #require(row[$0])) ?? -1
            }
            // Every slot of the local hour/day is accounted for: measured + estimated + missing.
            #expect(counts.reduce(0, +) == Int(bucket / 900))
            measured += counts[0]
            estimated += counts[1]
            let start = try #require(row["start"])
            #expect(start.hasSuffix("+09:00"))
            // Aligned to local hours/days: minutes are zero, and a day starts at local midnight.
            #expect(start.contains(resolution == .hour ? ":00:00+09:00" : "T00:00:00+09:00"))
            #expect(
                buckets.insert([key.ownerKind, key.ownerId, key.channel, start]).inserted,
                "one row per series and bucket")
        }
        #expect(sums == Self.storeSums(expected))
        #expect(measured == expected.filter { $0.quality == .measured }.count)
        #expect(estimated == expected.filter { $0.quality.rank == 1 }.count)
        // A row for every series and bucket that has at least one stored interval.
        let expectedBuckets = Set(
            expected.map { interval -> [String] in
                let local = interval.start + 9 * 3_600
                return [
                    interval.owner.kind, interval.owner.id, interval.channel.rawValue,
                    String(local - local % bucket - 9 * 3_600),
                ]
            })
        #expect(rows.count == expectedBuckets.count)
    }

    @Test func minimumGroupExportsOnlySumsOverEnoughHouseholds() async throws {
        let village = try await SeededVillage(seed: 3)
        defer { village.remove() }
        for (minimum, format) in [(4, ExportFormat.csv), (6, .jsonl), (7, .csv)] {
            let out = village.outputPath()
            var request = village.request(what: [.intervals], resolution: .hour, format: format, out: out)
            request.minimumGroupSize = minimum
            _ = try Exporter().run(request)
            let rows = try ExportRows.read(table: .intervals, format: format, directory: out)
            // Expected: per channel and local hour, sums over households that have an interval in it.
            var groups: [[String]: (households: Set<String>, sum: Int64)] = [:]
            for interval in village.intervals() {
                guard case .household(let unit) = interval.owner else { continue }
                let key = [interval.channel.rawValue, String(interval.start - interval.start % 3_600)]
                groups[key, default: ([], 0)].households.insert(unit)
                groups[key, default: ([], 0)].sum += interval.value
            }
            let kept = groups.filter { $0.value.households.count >= minimum }
            #expect(rows.count == kept.count)
            #expect(rows.allSatisfy { (Int($0["households"] ?? "") ?? 0) >= minimum })
            let exportedTotal = rows.reduce(Int64(0)) { $0 + (Int64($1["energy_wh"] ?? $1["volume_l"] ?? "") ?? 0) }
            #expect(exportedTotal == kept.values.reduce(0) { $0 + $1.sum })
            #expect(rows.allSatisfy { $0["owner_id"] == nil }, "group rows name no owner")
            let (valid, report) = try DataPackageTests.frictionlessValidate(out)
            #expect(valid, "\(report)")
        }
    }
}

/// Rows of an exported table in any format, as column → text (nulls left out), so that the tests
/// compare the three formats the same way.
enum ExportRows {
    static func read(table: ExportTable, format: ExportFormat, directory: String) throws -> [[String: String]] {
        try read(resource: table.rawValue, format: format, directory: directory)
    }

    /// Rows of one resource (a table, or one file of a table written as several).
    static func read(resource: String, format: ExportFormat, directory: String) throws -> [[String: String]] {
        let path = (directory as NSString).appendingPathComponent(format.fileName(forResource: resource))
        switch format {
        case .csv:
            return try ExportedFiles.csv(path).rows.map { $0.filter { !$0.value.isEmpty } }
        case .jsonl:
            return try ExportedFiles.jsonLines(path).map { object in
                object.compactMapValues { value in value is NSNull ? nil : "\(value)" }
            }
        case .ngsiLD:
            // Map entity attributes back to the columns they were made from (datapackage.json says how).
            let descriptor = try DataPackageFile(directory: directory)
            let attributes = try descriptor.ngsiAttributes(resource: resource)
            return try ExportedFiles.entities(path).map { entity in
                var row: [String: String] = [:]
                for (attribute, columns) in attributes {
                    guard let member = entity[attribute] as? [String: Any] else { continue }
                    if attribute == "numValue" {
                        let unitCode = member["unitCode"] as? String
                        let column = columns.first { $0.unitCode == unitCode } ?? columns[0]
                        row[column.name] = "\(try #require(member["value"]))"
                    } else if let value = member["value"] as? [String: Any] {
                        row[columns[0].name] = value["@value"] as? String
                    } else if let value = member["value"] {
                        row[columns[0].name] = "\(value)"
                    } else if let object = member["object"] as? String {
                        row[columns[0].name] = object
                    }
                }
                return row
            }
        }
    }
}

/// `datapackage.json` of an export, parsed.
struct DataPackageFile {
    let object: [String: Any]

    init(directory: String) throws {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent("datapackage.json")))
        object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    var resources: [[String: Any]] { object["resources"] as? [[String: Any]] ?? [] }

    /// NGSI-LD attribute name → the columns it carries (with their unit codes).
    func ngsiAttributes(resource name: String) throws -> [String: [(name: String, unitCode: String?)]] {
        let resource = try #require(resources.first { $0["name"] as? String == name })
        let ngsi = try #require(resource["x-ngsi-ld"] as? [String: Any])
        let attributes = try #require(ngsi["attributes"] as? [[String: Any]])
        var result: [String: [(name: String, unitCode: String?)]] = [:]
        for attribute in attributes {
            guard let column = attribute["column"] as? String, let name = attribute["name"] as? String else { continue }
            result[name, default: []].append((column, attribute["unitCode"] as? String))
        }
        return result
    }
}
