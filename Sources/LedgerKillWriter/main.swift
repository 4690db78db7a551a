// ledger-kill-writer: settles random village intervals into a village database until it is killed.
//
//     ledger-kill-writer PATH
//
// Interval k is settled as one ledger transaction; after each append it prints k. The MarketStore
// tests SIGKILL it at a random moment (often inside the SQLite transaction) and check that the
// ledger verifies, holds every printed interval and no partial one, and that retrying the
// interval that was being written settles it exactly once.

import Foundation
import Market
import MarketStore
import MarketTestKit
import VillageStore

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: ledger-kill-writer PATH\n".utf8))
    exit(2)
}

/// The input for interval `index`: the same on every run, so a retry after the kill is a true retry.
func input(_ index: Int) throws -> IntervalSettlementInput {
    var rng = SeededGenerator(seed: UInt64(index) &+ 0x4B11)
    let start: Int64 = 1_767_193_200 + Int64(index) * 900
    let village = VillageFixture.random(households: 56, using: &rng, intervalStart: start)
    let clearing = try MarketClearing.clear(village.book(), mechanism: .default, prices: village.prices)
    return IntervalSettlementInput(intervalStart: start, clearing: clearing, prices: village.prices, meterReadings: village.readings)
}

do {
    let store = try VillageStore(path: CommandLine.arguments[1])
    let ledger = SQLiteLedgerStore(store: store)
    var index = 0
    while true {
        _ = try Settler(store: ledger).settle(try input(index))
        FileHandle.standardOutput.write(Data("\(index)\n".utf8))
        index += 1
    }
} catch {
    FileHandle.standardError.write(Data("ledger-kill-writer: \(error)\n".utf8))
    exit(1)
}
