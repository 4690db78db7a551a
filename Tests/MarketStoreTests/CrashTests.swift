import Foundation
import GRDB
import Market
import MarketTestKit
import TestKit
import Testing
import VillageStore

@testable import MarketStore

/// A crash in the middle of an append leaves no partial transaction, and the retry settles the
/// interval exactly once.
@Suite struct CrashTests {
    struct SimulatedCrash: Error {}

    static let tables = [
        "ledger_transactions", "ledger_household_prices", "ledger_readings", "ledger_matches",
        "ledger_trades", "ledger_postings",
    ]

    static func rowCounts(_ store: VillageStore) async throws -> [Int] {
        try await store.databaseWriter.read { db in
            try tables.map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? 0 }
        }
    }

    @Test func anErrorAfterTheRowsAreWrittenRollsBackEveryRow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 56)
        let ledger = SQLiteLedgerStore(store: village)
        _ = try Settler(store: ledger).settle(try VillageFixture.settlementInput(interval: 0))
        let before = try await Self.rowCounts(village)
        let crashing = SQLiteLedgerStore(
            path: village.path, database: village.databaseWriter, hasLedgerTables: true,
            beforeCommit: { _ in throw SimulatedCrash() })
        let input = try VillageFixture.settlementInput(interval: 1)
        #expect(throws: (any Error).self) { try Settler(store: crashing).settle(input) }
        #expect(try await Self.rowCounts(village) == before)
        #expect(try ledger.transactions(intervalStart: input.intervalStart).isEmpty)

        // The retry settles once; another retry changes nothing.
        let outcome = try Settler(store: ledger).settle(input)
        #expect(outcome.transaction?.kind == .settlement)
        #expect(try Settler(store: ledger).settle(input) == .unchanged)
        #expect(try ledger.transactions(intervalStart: input.intervalStart).count == 1)
        #expect(try ledger.verify().isIntact)
        #expect(try await Self.rowCounts(village).allSatisfy { $0 > 0 })
    }

    @Test func aBatchOfIntervalsCommitsWholeOrNotAtAll() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 56)
        let ledger = SQLiteLedgerStore(store: village)
        let memory = InMemoryLedgerStore()
        let inputs = try (0..<4).map { try VillageFixture.settlementInput(interval: $0) }
        #expect(throws: SimulatedCrash.self) {
            try ledger.batch { batch in
                for input in inputs { _ = try Settler(store: batch).settle(input) }
                // Every interval was appended inside the transaction, then the process "dies".
                #expect(try batch.allTransactions().count == inputs.count)
                throw SimulatedCrash()
            }
        }
        #expect(try await Self.rowCounts(village).allSatisfy { $0 == 0 })
        try ledger.batch { batch in
            for input in inputs { _ = try Settler(store: batch).settle(input) }
        }
        for input in inputs { _ = try Settler(store: memory).settle(input) }
        #expect(try ledger.allTransactions() == memory.allTransactions())
        // Retrying the whole batch changes nothing.
        let outcomes = try ledger.batch { batch in try inputs.map { try Settler(store: batch).settle($0) } }
        #expect(outcomes.allSatisfy { $0 == .unchanged })
        #expect(try ledger.verify().isIntact)
    }

    /// Two settlers on two connections race over the same intervals: each interval is settled by
    /// exactly one of them; the loser gets a `LedgerError` and its retry finds it `.unchanged`.
    @Test func racingSettlersNeverSettleAnIntervalTwice() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("village.sqlite")
        _ = try await makeVillageStore(at: path, households: 56)
        let inputs = try (0..<16).map { try VillageFixture.settlementInput(interval: $0) }
        let outcomes = try await withThrowingTaskGroup(of: [Bool].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let ledger = SQLiteLedgerStore(store: try VillageStore(path: path))
                    return inputs.map { input in
                        do { return try Settler(store: ledger).settle(input).transaction != nil } catch { return false }
                    }
                }
            }
            return try await group.reduce(into: [[Bool]]()) { $0.append($1) }
        }
        let ledger = SQLiteLedgerStore(store: try VillageStore(path: path))
        for input in inputs { _ = try Settler(store: ledger).settle(input) }
        let transactions = try ledger.allTransactions()
        #expect(transactions.count == inputs.count)
        #expect(Set(transactions.map(\.idempotencyKey)).count == inputs.count)
        #expect(transactions.allSatisfy { $0.kind == .settlement })
        // No interval was appended by both.
        for index in inputs.indices { #expect(!(outcomes[0][index] && outcomes[1][index])) }
        #expect(try ledger.verify().isIntact)
    }

    /// The `ledger-kill-writer` executable, built next to the test bundle.
    private func writerURL() throws -> URL {
        URL(fileURLWithPath: try BuiltExecutable.path("ledger-kill-writer"))
    }

    @Test(arguments: [3, 11, 29])
    func aKilledSettlerLeavesWholeTransactionsAndTheRetrySettlesOnce(killAfter: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("village.sqlite")
        let process = Process()
        process.executableURL = try writerURL()
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var printed = ""
        var lastSettled = -1
        while lastSettled < killAfter {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
            lastSettled = printed.split(separator: "\n").last { Int($0) != nil }.flatMap { Int($0) } ?? lastSettled
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(lastSettled >= killAfter)

        let village = try VillageStore(path: path)
        let ledger = SQLiteLedgerStore(store: village)
        let transactions = try ledger.allTransactions()
        // Every reported interval is there, whole, in order; nothing else.
        #expect(transactions.count >= lastSettled + 1)
        #expect(try ledger.verify().isIntact)
        for (index, transaction) in transactions.enumerated() {
            let input = try VillageFixture.settlementInput(interval: index)
            #expect(transaction.idempotencyKey == LedgerTransaction.settlementKey(intervalStart: input.intervalStart))
            #expect(transaction.meterReadings.count == input.meterReadings.count)
            // Retrying an interval that made it changes nothing.
            #expect(try Settler(store: ledger).settle(input) == .unchanged)
        }
        // The interval that was being written when the process died settles now, once.
        let next = try VillageFixture.settlementInput(interval: transactions.count)
        #expect(try Settler(store: ledger).settle(next).transaction?.kind == .settlement)
        #expect(try Settler(store: ledger).settle(next) == .unchanged)
        #expect(try ledger.allTransactions().count == transactions.count + 1)
        #expect(try ledger.verify().isIntact)
    }

    /// Killed while settling and signing checkpoints in turn: every printed checkpoint is kept, and
    /// every stored checkpoint is signed, covers committed transactions only and has their root.
    @Test(arguments: [4, 13, 31])
    func aKilledCheckpointerLosesNothingAndSignsOnlyCommittedRows(killAfterLines: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("village.sqlite")
        let keyFile = directory.path("operator.key")
        let key = LedgerSigningKey()
        try key.write(to: keyFile)
        let process = Process()
        process.executableURL = try writerURL()
        process.arguments = [path, keyFile]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var printed = ""
        while printed.split(separator: "\n").count < killAfterLines {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let lines = printed.split(separator: "\n")
        #expect(lines.count >= killAfterLines)
        let printedSizes = lines.compactMap { $0.hasPrefix("checkpoint ") ? Int64($0.dropFirst(11)) : nil }
        let settled = lines.compactMap { Int($0) }

        let ledger = SQLiteLedgerStore(store: try VillageStore(path: path))
        let transactions = try ledger.allTransactions()
        #expect(transactions.count >= (settled.last ?? -1) + 1)
        #expect(try ledger.verify().isIntact)
        #expect(try ledger.verifyTree() == nil)
        let checkpoints = try ledger.checkpoints()
        // Nothing printed is lost.
        #expect(Set(printedSizes).isSubset(of: Set(checkpoints.map(\.treeSize))))
        var tree = InMemoryMerkleTree()
        for transaction in transactions { tree.append(transaction.leafHash) }
        for checkpoint in checkpoints {
            try checkpoint.verify(publicKey: key.publicKey)
            #expect(checkpoint.treeSize <= Int64(transactions.count))
            #expect(checkpoint.rootHash == (try MerkleProofs(source: tree).root(size: checkpoint.treeSize)))
        }
        #expect(checkpoints.map(\.treeSize) == checkpoints.map(\.treeSize).sorted())
    }
}
