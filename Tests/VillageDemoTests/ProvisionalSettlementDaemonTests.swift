import Foundation
import GRDB
import Glibc
import Market
import MarketStore
import Site
import Tariffs
import TestKit
import Testing
import VillageCore
import VillageStore

@testable import VillageRuntime

/// `village run` on today's date, past the end of the shipped SMP series: every interval settles
/// at once at a provisional export price, and when the day's SMP is imported the daemon trues each
/// one up, so that the ledger ends where a settlement at the official prices from the start would.
@Suite(.serialized) struct ProvisionalSettlementDaemonTests {
    /// Local midnight (UTC+9) of the wall clock's date.
    static var today: Int64 {
        let now = Int64(Date().timeIntervalSince1970)
        return floorDivide(now + 9 * 3_600, 86_400) * 86_400 - 9 * 3_600
    }

    /// One day of hourly SMP as the exchange publishes it: a date column and 1h…24h.
    static func smpFile(day midnight: Int64, price: (Int) -> Double) -> String {
        let (year, month, dayOfMonth) = CivilCalendar.date(dayNumber: (midnight + 9 * 3_600) / 86_400)
        let date = String(format: "%04d.%02d.%02d", Int(year), Int(month), Int(dayOfMonth))
        let header = (["기간"] + (1...24).map { "\($0)h" }).joined(separator: ",")
        let row = ([date] + (0..<24).map { String(format: "%.2f", price($0)) }).joined(separator: ",")
        return header + "\n" + row + "\n"
    }

    /// Yesterday: 90 to 113 ₩/kWh by hour. Today, as published later: 120.5 to 166.5.
    static func yesterdayPrice(_ hour: Int) -> Double { 90 + Double(hour) }
    static func todayPrice(_ hour: Int) -> Double { 120.5 + 2 * Double(hour) }

    static func wait(
        _ what: String, village: DaemonTests.Village, process: Process, until condition: () throws -> Bool
    ) throws {
        let limit = Date().addingTimeInterval(600)
        while try !condition() {
            guard process.isRunning else {
                throw DaemonTests.TestFailure("the daemon exited waiting for \(what): \(village.runLogTail())")
            }
            guard Date() < limit else {
                throw DaemonTests.TestFailure("no progress towards \(what) in 10 min: \(village.runLogTail())")
            }
            usleep(100_000)
        }
    }

    static func readOnly(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    @Test func settlesTodayProvisionallyThenTruesUpToTheOfficialPrices() async throws {
        let start = Self.today
        let dayEnd = start + 86_400
        let village = try DaemonTests.Village(start: start)
        defer { village.stop() }
        let villageCommand = try BuiltExecutable.path("village")
        let yesterdayFile = village.directory.appendingPathComponent("smp-yesterday.csv").path
        let todayFile = village.directory.appendingPathComponent("smp-today.csv").path
        try Self.smpFile(day: start - 86_400, price: Self.yesterdayPrice)
            .write(toFile: yesterdayFile, atomically: true, encoding: .utf8)
        try Self.smpFile(day: start, price: Self.todayPrice).write(toFile: todayFile, atomically: true, encoding: .utf8)
        let first = try PeerProcess.run(
            villageCommand, ["prices", "import-smp", yesterdayFile, "--db", village.database])
        #expect(first.status == 0, "\(first.output)")

        let daemon = try village.daemon()
        // Six hours of the day settled, each at once, without its price.
        try Self.wait("24 settled intervals", village: village, process: daemon.process) {
            try Self.readOnly(village.database).read { db in
                try db.tableExists("ledger_transactions")
                    ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'settlement'")
                        ?? 0 : 0
            } >= 24
        }
        let early = try Self.readOnly(village.database).read { db in
            (
                try Row.fetchAll(
                    db, sql: "SELECT interval_start, export_price FROM ledger_transactions WHERE kind = 'settlement'"),
                try Row.fetchAll(db, sql: "SELECT interval_start, export_price_milli_won, rule FROM provisional_prices")
            )
        }
        var settledEarly: [Int64: Int64] = [:]
        for row in early.0 {
            let interval: Int64 = row["interval_start"]
            settledEarly[interval] = row["export_price"]
        }
        var provisionalEarly: [Int64: (Int64, String)] = [:]
        for row in early.1 {
            let interval: Int64 = row["interval_start"]
            let price: Int64 = row["export_price_milli_won"]
            let rule: String = row["rule"]
            provisionalEarly[interval] = (price, rule)
        }
        for (interval, price) in settledEarly where interval < dayEnd {
            let hour = Int((interval - start) / 3_600)
            let expected = Int64((Self.yesterdayPrice(hour) * 1000).rounded())
            #expect(
                price == expected, "interval \(interval) settled at \(price), not yesterday's \(expected) for its hour")
            #expect(provisionalEarly[interval]?.0 == price, "interval \(interval) not recorded as provisional")
            #expect(provisionalEarly[interval]?.1 == "same-hour-last-published")
        }
        // While provisional, the balance says so.
        let balance = try PeerProcess.run(
            villageCommand, ["balance", "--db", village.database, "--household", "101", "--json"])
        #expect(balance.status == 0, "\(balance.output)")
        #expect(balance.output.contains("\"provisional\" : true"), "\(balance.output)")

        let status = try PeerProcess.run(villageCommand, ["status", "--db", village.database, "--json"])
        #expect(status.status == 0, "\(status.output)")
        #expect(!status.output.contains("\"provisionalIntervals\" : 0"), "\(status.output)")
        #expect(status.output.contains("\"provisionalIntervals\""), "\(status.output)")

        // The exchange publishes the day; the running daemon trues every provisional interval up.
        let second = try PeerProcess.run(villageCommand, ["prices", "import-smp", todayFile, "--db", village.database])
        #expect(second.status == 0, "\(second.output)")
        try Self.wait("every interval of the day trued up", village: village, process: daemon.process) {
            try Self.readOnly(village.database).read { db in
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM provisional_prices
                        WHERE official_price_milli_won IS NULL AND interval_start < ?
                        """, arguments: [dayEnd]) ?? 1
            } == 0
        }
        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()

        let store = try VillageStore(path: village.database)
        let ledger = SQLiteLedgerStore(store: store)
        #expect(try ledger.verify().isIntact)
        let verify = try PeerProcess.run(villageCommand, ["ledger", "verify", "--db", village.database])
        #expect(verify.status == 0, "\(verify.output)")
        let transactions = try ledger.allTransactions().filter { $0.intervalStart < dayEnd }
        let settled = transactions.filter { $0.kind == .settlement }.map(\.intervalStart)
        let firstSettled = try #require(settled.min())
        let lastSettled = try #require(settled.max())
        #expect(settled == Array(stride(from: firstSettled, through: lastSettled, by: 900)), "an interval was skipped")
        let provisional = try await store.provisionalPrices(from: start, to: dayEnd)
        #expect(provisional.count >= 24)
        #expect(provisional.allSatisfy { !$0.isOpen && $0.truedUpSequence != nil })
        var byInterval: [Int64: [LedgerTransaction]] = [:]
        for transaction in transactions { byInterval[transaction.intervalStart, default: []].append(transaction) }
        for (interval, list) in byInterval {
            let official = Int64((Self.todayPrice(Int((interval - start) / 3_600)) * 1000).rounded())
            let inForce = list.last { $0.kind == .settlement || $0.isPriceTrueUp }
            #expect(inForce?.prices.exportMilliWonPerKWh == official, "interval \(interval) not at its official price")
        }
        // Intervals with late meter data were cleared on partial data, which a settlement from the
        // start would have done too only with the same timing: they are compared in the balances
        // only when there are none.
        let late = Set(transactions.filter { $0.kind == .correction && !$0.isPriceTrueUp }.map(\.intervalStart))
        let compared = settled.filter { !late.contains($0) }
        #expect(compared.count >= 24, "\(late.count) intervals had late meter data")

        // The same meter data, settled once at the official prices, in a second database.
        let reference = try VillageStore(path: village.directory.appendingPathComponent("reference.sqlite").path)
        try await reference.register(
            site: try #require(try await store.site()), households: try await store.households(),
            devices: try await store.devices())
        let households = try await store.households().map(\.unitId)
        var intervals = try await store.householdIntervals(
            channels: [.energyImport, .energyExport, .pvGeneration], from: .min, to: .max)
        for channel in [MeteringChannel.essCharge, .essDischarge] {
            intervals += try await store.intervals(
                owner: .plant(village.site.ess.device), channel: channel, from: .min, to: .max)
        }
        // The shared arrays' PV, which meets what the homes did not sell the battery.
        for array in village.site.sharedPV {
            intervals += try await store.intervals(
                owner: .plant(array.inverter), channel: .pvGeneration, from: .min, to: .max)
        }
        try await reference.upsert(intervals: intervals)
        for file in [yesterdayFile, todayFile] {
            let imported = try PeerProcess.run(villageCommand, ["prices", "import-smp", file, "--db", reference.path])
            #expect(imported.status == 0, "\(imported.output)")
        }
        let tariffs = TariffLibrary(directory: DaemonTests.repository.appendingPathComponent("Tariffs").path)
        var settings = try MarketSettings(
            site: village.site, siteFile: village.sitePath,
            importTariff: try tariffs.tariff(named: "kepco-residential-low-voltage"),
            exportTariff: try tariffs.tariff(named: "smp-export"),
            plantTariff: try tariffs.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1"))
        settings.smpRegion = .mainland
        let referenceLedger = SQLiteLedgerStore(store: reference)
        _ = try await MeteredSettlement(store: reference, ledger: referenceLedger, settings: settings)
            .settle(from: firstSettled, to: lastSettled + 900)
        #expect(try referenceLedger.allTransactions().allSatisfy { $0.kind == .settlement })
        #expect(try await reference.provisionalPrices().isEmpty)

        // Interval by interval, every account's postings sum to the same, to the milli-won.
        for interval in compared {
            func sums(_ list: [LedgerTransaction]) -> [String: Int64] {
                var sums: [String: Int64] = [:]
                for posting in list.flatMap(\.postings) {
                    sums["\(posting.account) \(posting.purpose) \(posting.commodity)", default: 0] += posting.amount
                }
                return sums.filter { $0.value != 0 }
            }
            #expect(
                sums(byInterval[interval] ?? []) == sums(try referenceLedger.transactions(intervalStart: interval)),
                "interval \(interval): trued-up postings differ from a settlement at the official price")
        }
        // And so every household's money over the day, to the won.
        if late.isEmpty {
            for participant in households.map(Participant.household) + [.storage] {
                let trued = try ledger.monthlyBalances(participant: participant, from: start, to: dayEnd)
                let direct = try referenceLedger.monthlyBalances(participant: participant, from: start, to: dayEnd)
                #expect(trued.map(\.summary.moneyInMilliWon) == direct.map(\.summary.moneyInMilliWon), "\(participant)")
                #expect(
                    trued.map(\.summary.moneyOutMilliWon) == direct.map(\.summary.moneyOutMilliWon), "\(participant)")
            }
        }
        // Once trued up, the balance is no longer marked provisional (for the day's intervals).
        let after = try PeerProcess.run(
            villageCommand, ["balance", "--db", village.database, "--household", "101", "--json"])
        if try await store.provisionalPrices().allSatisfy({ !$0.isOpen }) {
            #expect(after.output.contains("\"provisional\" : false"), "\(after.output)")
        }
    }
}
