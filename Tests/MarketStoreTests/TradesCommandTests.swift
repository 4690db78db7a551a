import Foundation
import Market
import SettledVillageKit
import Testing

@testable import MarketStore

/// `village trades`: `--from`/`--to` select the same trades as the ledger's range query (and as
/// the days they cover), combine with `--interval`/`--day` only as documented, and no traded
/// energy is printed as zero.
@Suite struct TradesCommandTests {
    /// (interval start, sequence, energy) of each line of `--json` output.
    static func lines(_ arguments: [String]) throws -> [[Int64]] {
        let result = try CommandTests.village(["trades"] + arguments + ["--json"])
        #expect(result.status == 0, "\(arguments): \(result.error)")
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        return decoded.map { line in
            ["intervalStart", "sequence", "energyWh"].map { (line[$0] as? NSNumber)?.int64Value ?? .min }
        }
    }

    static func key(_ trades: [TradeRecord]) -> [[Int64]] {
        trades.map { [$0.intervalStart, $0.sequence, $0.energyWh] }
    }

    @Test func fromAndToSelectTheLedgersRange() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await SettledVillage.make(at: directory.path("village.sqlite"))
        let ledger = try SQLiteLedgerStore(readOnlyPath: village.path)
        let db = ["--db", village.path]
        let (december, january10, january11) = (SettledVillage.days[0], SettledVillage.days[1], SettledVillage.days[2])

        let twoDays = try Self.lines(db + ["--from", "2026-01-10", "--to", "2026-01-12"])
        #expect(twoDays == Self.key(try ledger.trades(from: january10, to: january11 + 86_400)))
        #expect(
            twoDays == (try Self.lines(db + ["--day", "2026-01-10"])) + (try Self.lines(db + ["--day", "2026-01-11"])))
        #expect(!twoDays.isEmpty)
        // Open ends: from a time to the end, from the beginning to a date.
        let all = try ledger.trades(from: .min, to: .max)
        #expect(try Self.lines(db + ["--from", "2025-12-01"]) == Self.key(all))
        #expect(
            try Self.lines(db + ["--to", "2026-01-01"]) == Self.key(try ledger.trades(from: .min, to: januaryFirst)))
        #expect(
            Set(try Self.lines(db + ["--to", "2026-01-01"]).map { $0[0] })
                == Set((0..<8).map { december + Int64($0) * 900 }))
        // Local times, --to exclusive: 01:00 and 01:15.
        let twoIntervals = try Self.lines(db + ["--from", "2026-01-10T01:00", "--to", "2026-01-10T01:30"])
        #expect(Set(twoIntervals.map { $0[0] }) == [january10 + 3600, january10 + 4500])
        // One household's trades in the range.
        let of103 = try Self.lines(db + ["--household", "103", "--from", "2026-01-10", "--to", "2026-01-12"])
        #expect(
            of103
                == Self.key(try ledger.trades(participant: .household("103"), from: january10, to: january11 + 86_400)))
        #expect(!of103.isEmpty && of103.count < twoDays.count)
    }

    @Test func tradesUnder50WhAreNotShownAsZero() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await SettledVillage.make(at: directory.path("village.sqlite"))
        let day = SettledVillage.days[1]
        let trades = try SQLiteLedgerStore(readOnlyPath: village.path).trades(from: day, to: day + 86_400)
        let small = trades.filter { $0.energyWh > 0 && $0.energyWh < 50 }
        #expect(!small.isEmpty)
        for household in [nil, "102", "103"] {
            let result = try CommandTests.village(
                ["trades", "--db", village.path, "--day", "2026-01-10"]
                    + (household.map { ["--household", $0] } ?? []))
            #expect(result.status == 0)
            let rows = result.output.split(separator: "\n").filter { $0.hasPrefix("2026-01-10 ") }
            #expect(rows.count == trades.filter { household == nil || $0.buyer == .household(household ?? "") }.count)
            for row in rows { #expect(!row.split(separator: " ").contains("0.0"), "\(row)") }
            for trade in small where household == nil || trade.buyer == .household(household ?? "") {
                let exact =
                    "0." + String(repeating: "0", count: 3 - String(trade.energyWh).count) + String(trade.energyWh)
                #expect(rows.contains { $0.split(separator: " ").contains(Substring(exact)) }, "\(exact)")
            }
        }
    }

    @Test func rangeOptionsCombinedWronglyAreRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await SettledVillage.make(at: directory.path("village.sqlite"))
        let cases: [([String], [String])] = [
            (["--day", "2026-01-10", "--from", "2026-01-10"], ["--day", "--from/--to"]),
            (["--interval", "2026-01-10T00:00", "--to", "2026-01-11"], ["--interval", "--from/--to"]),
            (["--interval", "2026-01-10T00:00", "--day", "2026-01-10"], ["--interval", "--day"]),
            (["--from", "2026-01-11", "--to", "2026-01-10"], ["--from must be before --to"]),
            (["--from", "2026-01-10", "--to", "2026-01-10"], ["--from must be before --to"]),
            (["--from", "yesterday"], ["--from", "yesterday"]),
            (["--to", "2026-02-30"], ["--to", "2026-02-30"]),
        ]
        for (arguments, expected) in cases {
            let result = try CommandTests.village(["trades", "--db", village.path, "--json"] + arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.output.isEmpty, "\(arguments)")
            for fragment in expected { #expect(result.error.contains(fragment), "\(arguments): \(result.error)") }
        }
    }
}
