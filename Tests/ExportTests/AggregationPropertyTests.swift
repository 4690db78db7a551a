import Export
import Foundation
import Testing
import VillageCore
import VillageStore

/// Invariants of aggregation over arbitrary (unaligned) ranges: every resolution carries the same
/// total as the stored intervals, and every row accounts for each 15-minute slot of its clipped
/// period exactly once as measured, estimated or missing.
@Suite struct AggregationPropertyTests {
    @Test(arguments: [101, 202, 303] as [UInt64])
    func totalsAndSlotsHoldForRandomRanges(seed: UInt64) async throws {
        let village = try await SeededVillage(seed: seed)
        defer { village.remove() }
        var random = SeededGenerator(seed: seed &* 7)
        for _ in 0..<3 {
            let span = SeededVillage.end - SeededVillage.start
            let a = SeededVillage.start + Int64(random.next(below: Int(span)))
            let b = SeededVillage.start + Int64(random.next(below: Int(span)))
            let (from, to) = (min(a, b), max(a, b) + 1)
            let stored = village.intervals(from: from, to: to)
            let storedTotal = stored.reduce(Int64(0)) { $0 + $1.value }
            for resolution in [ExportResolution.raw, .hour, .day] {
                let out = village.outputPath()
                _ = try Exporter().run(
                    village.request(what: [.intervals], from: from, to: to, resolution: resolution, out: out))
                let rows = try ExportRows.read(table: .intervals, format: .csv, directory: out)
                let total = rows.reduce(Int64(0)) { $0 + (Int64($1["energy_wh"] ?? $1["volume_l"] ?? "") ?? 0) }
                #expect(total == storedTotal, "\(resolution) over \(from)..<\(to)")
                guard resolution != .raw else {
                    #expect(rows.count == stored.count)
                    continue
                }
                for row in rows {
                    let start = try Self.seconds(try #require(row["start"]))
                    let end = try Self.seconds(try #require(row["end"]))
                    #expect(start >= from && end <= to && start < end)
                    let firstSlot = (start + 899) / 900 * 900
                    let slots = end > firstSlot ? (end - firstSlot + 899) / 900 : 0
                    let counted = ["measured_intervals", "estimated_intervals", "missing_intervals"]
                        .compactMap { row[$0].flatMap { Int64($0) } }.reduce(0, +)
                    #expect(counted == slots, "\(row)")
                }
            }
        }
    }

    /// UTC seconds of an ISO 8601 timestamp with offset, parsed by Foundation (independent of the exporter).
    static func seconds(_ text: String) throws -> Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return Int64(try #require(formatter.date(from: text)).timeIntervalSince1970)
    }
}
