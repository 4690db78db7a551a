import Foundation
import TestKit
import Testing
import VillageStore

@testable import PriceFeed

/// Imports into a real village database: the same values twice change nothing, a changed value is
/// a revision kept beside the first, a refused file imports nothing.
@Suite struct SMPImportTests {
    static func file(_ rows: [(String, Double)]) -> String {
        ([(["date"] + (1...24).map { "\($0)h" }).joined(separator: ",")]
            + rows.map { date, base in
                ([date] + (0..<24).map { String(format: "%.1f", base + Double($0)) }).joined(separator: ",")
            }).joined(separator: "\n")
    }

    @Test func reimportIsANoOpAndAChangeIsARevision() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        let first = try SMPFile.parse(Self.file([("2026-11-03", 100), ("2026-11-04", 110)]), file: "a.csv")
        let imported = try await store.importPrices(first, region: .mainland, sourceFile: "a.csv", importedAt: 1)
        #expect(imported.added == 48 && imported.revised == 0 && imported.unchanged == 0)
        #expect(imported.importId != nil)

        let again = try await store.importPrices(first, region: .mainland, sourceFile: "a.csv", importedAt: 2)
        #expect(again.importId == nil && again.added == 0 && again.revised == 0 && again.unchanged == 48)

        // The exchange corrects 2026-11-04 (every hour +0.5) and publishes 2026-11-05.
        let revised = try SMPFile.parse(Self.file([("2026-11-04", 110.5), ("2026-11-05", 120)]), file: "b.csv")
        let second = try await store.importPrices(revised, region: .mainland, sourceFile: "b.csv", importedAt: 3)
        #expect(second.added == 24 && second.revised == 24 && second.unchanged == 0)

        let history = try await store.priceHistory(region: .mainland)
        #expect(history.count == 96)
        let hour = try #require(first.first { $0.line == 3 }).hourStart
        let ofHour = history.filter { $0.hourStart == hour }
        #expect(ofHour.map(\.priceMilliWonPerKWh) == [110_000, 110_500])
        #expect(ofHour.map(\.revision) == [0, 1])
        #expect(ofHour.map(\.sourceFile) == ["a.csv", "b.csv"])
        #expect(ofHour.map(\.importedAt) == [1, 3])
        let current = try await store.currentPrices(region: .mainland, from: hour, to: hour + 3600)
        #expect(current == [hour: 110_500])
        // Jeju is a separate zone.
        #expect(try await store.currentPrices(region: .jeju, from: .min, to: .max).isEmpty)
        #expect(try await store.priceHistory(region: nil, latestOnly: true).count == 72)
    }

    @Test func aRefusedFileImportsNothing() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let path = directory.appendingPathComponent("bad.csv").path
        try (Self.file([("2026-11-03", 100)]) + "\n2026-11-04,oops").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SMPFileError.self) { try SMPFile.load(path: path) }
    }
}
