// ledger-kill-writer: settles random village intervals into a village database until it is killed.
//
//     ledger-kill-writer PATH [KEY-FILE]
//
// Interval k is settled as one ledger transaction; after each append it prints k. Given a signing
// key file, it also signs a checkpoint after each append and prints `checkpoint SIZE`. The
// MarketStore tests SIGKILL it at a random moment (often inside the SQLite transaction) and check
// that the ledger verifies, holds every printed interval and no partial one, that every stored
// checkpoint covers committed transactions only, and that retrying the interval that was being
// written settles it exactly once.

import Foundation
import Market
import MarketStore
import MarketTestKit
import VillageStore

guard (2...3).contains(CommandLine.arguments.count) else {
    FileHandle.standardError.write(Data("usage: ledger-kill-writer PATH [KEY-FILE]\n".utf8))
    exit(2)
}

do {
    let store = try VillageStore(path: CommandLine.arguments[1])
    let ledger = SQLiteLedgerStore(store: store)
    let key = try CommandLine.arguments.dropFirst(2).first.map { try LedgerSigningKey(contentsOfFile: $0) }
    var index = 0
    while true {
        _ = try Settler(store: ledger).settle(try VillageFixture.settlementInput(interval: index))
        FileHandle.standardOutput.write(Data("\(index)\n".utf8))
        if let key {
            let checkpoint = try ledger.makeCheckpoint(key: key, time: 1_767_193_200 + Int64(index))
            FileHandle.standardOutput.write(Data("checkpoint \(checkpoint.treeSize)\n".utf8))
        }
        index += 1
    }
} catch {
    FileHandle.standardError.write(Data("ledger-kill-writer: \(error)\n".utf8))
    exit(1)
}
