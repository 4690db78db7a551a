import Foundation
import Market
import SettledVillageKit
import Tariffs
import Testing

@testable import MarketStore

/// `village bill`: the tariff lines are the tariff engine's bill for the metered import, and the
/// market lines are the ledger's, equal to what `village balance` reports for the month.
@Suite struct BillCommandTests {
    static let tariffsDirectory = MeteredSettlementTests.tariffs.directory

    static func bill(_ path: String, _ household: String, _ month: String, json: Bool = true) throws
        -> CommandTests.Result
    {
        try CommandTests.village(
            [
                "bill", "--db", path, "--household", household, "--month", month,
                "--tariff", "kepco-residential-low-voltage", "--tariffs-dir", tariffsDirectory,
            ] + (json ? ["--json"] : []))
    }

    @Test func tariffLinesAreTheEnginesBillAndMarketLinesTheBalance() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await SettledVillage.make(at: directory.path("village.sqlite"))
        let tariff = try MeteredSettlementTests.tariffs.tariff(named: "kepco-residential-low-voltage")
        let transactions = try SQLiteLedgerStore(readOnlyPath: village.path).allTransactions()
        for (month, range) in [
            ("2026-01", januaryFirst..<(januaryFirst + 31 * 86_400)),
            ("2025-12", (januaryFirst - 31 * 86_400)..<januaryFirst),
        ] {
            for household in ["101", "102", "103"] {
                let result = try Self.bill(village.path, household, month)
                #expect(result.status == 0, "\(result.error)")
                let bill = try JSONDecoder().decode(HouseholdBill.self, from: Data(result.output.utf8))
                let localMonth = try #require(LocalMonth(iso: month))

                // Tariff lines: the engine's bill on the same metered import.
                let usage = village.usage(household, from: range.lowerBound, to: range.upperBound)
                let expected = try tariff.bill(month: localMonth, usage: usage)
                #expect(bill.tariffBill == expected)
                #expect(bill.meteredImportWh == usage.reduce(0) { $0 + $1.importWh })
                #expect(bill.meteredIntervals == usage.count)

                // Market lines: the balance command's figures for the month.
                let balance = try CommandTests.village([
                    "balance", "--db", village.path, "--household", household, "--month", month, "--json",
                ])
                let decoded = try #require(
                    try JSONSerialization.jsonObject(with: Data(balance.output.utf8)) as? [String: Any])
                let total = try #require(decoded["total"] as? [String: Any])
                func figure(_ key: String) -> Int64? { (total[key] as? NSNumber)?.int64Value }
                let m = bill.market
                #expect(m.transactions == (total["transactions"] as? Int))
                #expect(m.boughtFromNeighboursWh == figure("boughtFromNeighboursWh"))
                #expect(m.soldToNeighboursWh == figure("soldToNeighboursWh"))
                #expect(m.gridImportWh == figure("gridImportWh"))
                #expect(m.gridExportWh == figure("gridExportWh"))
                #expect(m.moneyInMilliWon == figure("moneyInMilliWon"))
                #expect(m.moneyOutMilliWon == figure("moneyOutMilliWon"))
                #expect(m.gridOnlyCostMilliWon == figure("gridOnlyCostMilliWon"))
                #expect(m.savingsMilliWon == figure("savingsMilliWon"))

                // The split by purpose, from the ledger's postings of the month.
                let postings = transactions.filter { range.contains($0.intervalStart) }.flatMap(\.postings)
                    .filter { $0.account == .household(household) && $0.commodity == .moneyMilliWon }
                func money(_ purpose: PostingPurpose) -> Int64 {
                    postings.filter { $0.purpose == purpose }.reduce(0) { $0 + $1.amount }
                }
                #expect(m.receivedFromNeighboursMilliWon - m.paidToNeighboursMilliWon == money(.peerTrade))
                #expect(m.otherInMilliWon - m.paidForGridImportMilliWon == money(.gridImport))
                #expect(m.receivedForGridExportMilliWon - m.otherOutMilliWon == money(.gridExport))
                #expect(household == "101" ? m.receivedFromNeighboursMilliWon > 0 : m.paidToNeighboursMilliWon > 0)

                let text = try Self.bill(village.path, household, month, json: false)
                #expect(text.status == 0)
                #expect(text.output.contains(Self.won(expected.totalMilli)))
                #expect(text.output.contains("Saved"))
                #expect(text.output.contains(Self.won(m.savingsMilliWon)))
            }
        }
    }

    /// `₩12,345` (half away from zero), as a person reads a bill; written here, not taken from the CLI.
    static func won(_ milli: Int64) -> String {
        let digits = Array(String((milli.magnitude + 500) / 1000))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (milli <= -500 ? "-" : "") + "₩" + grouped
    }

    @Test func unknownHouseholdsAndMonthsWithoutDataAreRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await SettledVillage.make(at: directory.path("village.sqlite"))
        let before = try #require(fileBytes(village.path))
        let cases: [([String], String)] = [
            (["--household", "999", "--month", "2026-01"], "household 999"),
            (["--household", "104", "--month", "2026-01"], "no metered import"),
            (["--household", "101", "--month", "2026-03"], "no metered import"),
            (["--household", "101", "--month", "2026-1"], "--month"),
            (["--household", "101", "--month", "2026-13"], "--month"),
            (["--household", "101", "--month", "2026-01", "--tariff", "no-such-tariff"], "no-such-tariff"),
        ]
        for (arguments, expected) in cases {
            for json in [[], ["--json"]] {
                let result = try CommandTests.village(
                    ["bill", "--db", village.path, "--tariffs-dir", Self.tariffsDirectory] + arguments + json)
                #expect(result.status != 0, "\(arguments)")
                #expect(result.output.isEmpty, "\(arguments): \(result.output)")
                #expect(result.error.contains(expected), "\(arguments): \(result.error)")
            }
        }
        let missing = try CommandTests.village([
            "bill", "--db", directory.path("missing.sqlite"), "--household", "101", "--month", "2026-01",
        ])
        #expect(missing.status != 0)
        #expect(!FileManager.default.fileExists(atPath: directory.path("missing.sqlite")))
        #expect(fileBytes(village.path) == before)
    }
}
