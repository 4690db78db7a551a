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

do {
    let store = try VillageStore(path: CommandLine.arguments[1])
    let ledger = SQLiteLedgerStore(store: store)
    var index = 0
    while true {
        _ = try Settler(store: ledger).settle(try VillageFixture.settlementInput(interval: index))
        FileHandle.standardOutput.write(Data("\(index)\n".utf8))
        index += 1
    }
} catch {
    FileHandle.standardError.write(Data("ledger-kill-writer: \(error)\n".utf8))
    exit(1)
}
