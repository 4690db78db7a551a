import Export
import Foundation
import Market
import MarketStore
import MarketTestKit
import TestKit
import Testing
import VillageStore

/// Trades exported from the ledger match what the ledger holds, in every format's round trip.
@Suite struct TradeExportTests {
    @Test(arguments: [ExportFormat.csv, .jsonl])
    func exportedTradesMatchTheLedger(format: ExportFormat) async throws {
        let directory = try TestFiles.temporaryDirectory()
        let path = directory.appendingPathComponent("village.sqlite").path
        let store = try VillageStore(path: path)
        try await store.register(
            site: SiteRecord(id: "village", name: "village"),
            households: (0..<56).map { HouseholdRecord(unitId: VillageFixture.unitNumber($0)) }, devices: [])
        let ledger = SQLiteLedgerStore(store: store)
        for interval in 0..<8 {
            _ = try Settler(store: ledger).settle(try VillageFixture.settlementInput(interval: interval))
        }
        let first = try VillageFixture.settlementInput(interval: 0).intervalStart
        let expected = try ledger.trades(from: first, to: first + 8 * 900)
        try #require(!expected.isEmpty)

        let out = directory.appendingPathComponent("out").path
        let result = try CommandTests.run([
            "export", "--db", path, "--from", "2026-01-01", "--to", "2026-01-02", "--what", "trades",
            "--format", format.rawValue, "--out", out,
        ])
        #expect(result.status == 0, "\(result.output)")
        let rows = try ExportRows.read(table: .trades, format: format, directory: out)
        #expect(rows.count == expected.count)
        let exportedEnergyWh: Int64 = rows.compactMap { row in row["energy_wh"].flatMap { Int64($0) } }.reduce(0, +)
        let ledgerEnergyWh: Int64 = expected.map(\.energyWh).reduce(0, +)
        #expect(exportedEnergyWh == ledgerEnergyWh)
        let exportedTransactions = Set(rows.compactMap { row in row["transaction"] })
        let ledgerTransactions = Set(expected.map { String($0.sequence) })
        #expect(exportedTransactions == ledgerTransactions)
    }
}
