import Foundation
import GRDB
import MarketTestKit
import SettledVillageKit
import Testing
import VillageStore

@testable import Market
@testable import MarketStore

/// The attack that a hash chain alone cannot catch: an operator with write access to the file
/// swaps two households in every settlement of a day (which keeps every invariant), re-seals the
/// chain, rebuilds the Merkle tree, fixes the monthly totals and even signs a fresh checkpoint with
/// the real key. A checkpoint a household kept from before must refute the ledger.
@Suite struct CheckpointAttackTests {
    static let swappedDay = SettledVillage.days[1]

    /// The operator's rewrite, done with the platform's own code so that every derived value is
    /// consistent: transactions of `day` get 102 and 103 swapped, every later hash is re-sealed and
    /// every ledger table, the tree and the monthly totals are written anew.
    static func rewriteSwappingHouseholds(path: String, day: Int64, swapMetering: Bool) throws {
        let ledger = try SQLiteLedgerStore(readOnlyPath: path)
        var transactions = try ledger.allTransactions()
        func swapped(_ id: String) -> String { id == "102" ? "103" : id == "103" ? "102" : id }
        func participant(_ p: Participant) -> Participant {
            if case .household(let id) = p { return .household(swapped(id)) }
            return p
        }
        func account(_ a: Account) -> Account {
            if case .household(let id) = a { return .household(swapped(id)) }
            return a
        }
        var previousHash = LedgerTransaction.genesisHash
        for index in transactions.indices {
            var transaction = transactions[index]
            if transaction.intervalStart >= day, transaction.intervalStart < day + 86_400 {
                transaction.meterReadings = transaction.meterReadings.map {
                    MeterReading(
                        participant: participant($0.participant), producedWh: $0.producedWh, consumedWh: $0.consumedWh)
                }.sorted { participantPrecedes($0.participant, $1.participant) }
                transaction.clearedMatches = transaction.clearedMatches.map {
                    var match = $0
                    match.buyer = participant(match.buyer)
                    match.seller = participant(match.seller)
                    return match
                }
                transaction.deliveredTrades = transaction.deliveredTrades.map {
                    var trade = $0
                    trade.buyer = participant(trade.buyer)
                    trade.seller = participant(trade.seller)
                    return trade
                }.sorted { DeliveredTrade.Key.canonicalOrder($0.key, $1.key) }
                transaction.postings = transaction.postings.map {
                    Posting(
                        account: account($0.account), purpose: $0.purpose, commodity: $0.commodity, amount: $0.amount)
                }.sorted(by: Posting.canonicalOrder)
                transaction.prices.householdImportMilliWonPerKWh = Dictionary(
                    uniqueKeysWithValues: transaction.prices.householdImportMilliWonPerKWh.map {
                        (swapped($0.key), $0.value)
                    })
            }
            transaction.previousHash = previousHash
            transaction = transaction.sealed()
            previousHash = transaction.hash
            transactions[index] = transaction
        }
        let database = try DatabaseQueue(path: path)
        try database.write { db in
            for trigger in try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger_%'")
            {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            for table in [
                "ledger_household_prices", "ledger_readings", "ledger_matches", "ledger_trades", "ledger_postings",
                "ledger_transactions", "ledger_monthly_balances", "ledger_tree_nodes", "ledger_checkpoints",
            ] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            var parties = try LedgerParties.load(db)
            for transaction in transactions {
                try LedgerRows.insert(transaction, into: db, parties: &parties)
                try LedgerTreeRows.appendLeaf(transaction.leafHash, at: transaction.sequence, to: db)
                try MonthlyBalanceRows.add(transaction, calendar: SiteCalendar(), to: db)
            }
            if swapMetering {
                try db.execute(
                    sql: """
                        UPDATE intervals SET owner_id = CASE owner_id WHEN '102' THEN '#103' ELSE '#102' END
                        WHERE owner_kind = 'household' AND owner_id IN ('102', '103') AND start >= ? AND start < ?;
                        UPDATE intervals SET owner_id = substr(owner_id, 2) WHERE owner_id LIKE '#%';
                        """, arguments: [day, day + 86_400])
            }
        }
        try database.close()
    }

    static func village(_ arguments: [String]) throws -> CommandTests.Result { try CommandTests.village(arguments) }

    /// A key file and its public key, through `village keys generate`.
    static func generateKey(in directory: TemporaryDirectory) throws -> (file: String, publicKey: String) {
        let file = directory.path("operator.key")
        let result = try village(["keys", "generate", "--out", file, "--json"])
        #expect(result.status == 0, "\(result.error)")
        let output = try JSONDecoder().decode([String: String].self, from: Data(result.output.utf8))
        return (file, try #require(output["publicKey"]))
    }

    @Test(arguments: [false, true])
    func aResealedRewriteFailsTheCheckpointKeptBefore(swapMetering: Bool) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await SettledVillage.make(at: directory.path("village.sqlite"))
        let (keyFile, publicKey) = try Self.generateKey(in: directory)
        let checkpoint = try Self.village(["ledger", "checkpoint", "--db", village.path, "--key", keyFile, "--json"])
        #expect(checkpoint.status == 0, "\(checkpoint.error)")
        let kept = directory.path("kept-checkpoint.json")
        try Data(checkpoint.output.utf8).write(to: URL(fileURLWithPath: kept))
        let verifyArguments = [
            "ledger", "verify", "--db", village.path, "--checkpoint", kept, "--public-key", publicKey,
        ]
        let before = try Self.village(verifyArguments)
        #expect(before.status == 0, "\(before.output)\(before.error)")
        #expect(before.output.contains("Checkpoint verified"))
        let balanceBefore = try Self.village(["balance", "--db", village.path, "--household", "102", "--json"])
        let keptRoot = try #require(
            (try JSONSerialization.jsonObject(with: Data(checkpoint.output.utf8)) as? [String: Any])?["rootHash"]
                as? String)
        let headArguments = ["ledger", "verify", "--db", village.path, "--expect-head", keptRoot]
        #expect(try Self.village(headArguments).status == 0)

        try Self.rewriteSwappingHouseholds(path: village.path, day: Self.swappedDay, swapMetering: swapMetering)
        // The operator signs a fresh checkpoint over the forged ledger with the real key.
        let forged = try Self.village(["ledger", "checkpoint", "--db", village.path, "--key", keyFile])
        #expect(forged.status == 0, "\(forged.error)")

        // The money moved: 102's balance is not what it was.
        let balanceAfter = try Self.village(["balance", "--db", village.path, "--household", "102", "--json"])
        #expect(balanceAfter.status == 0)
        #expect(balanceAfter.output != balanceBefore.output)

        // Without the kept checkpoint the rewrite passes every internal check, unless the metering
        // tables still tell the truth.
        let withoutCheckpoint = try Self.village(["ledger", "verify", "--db", village.path])
        let firstOfDay = try SQLiteLedgerStore(readOnlyPath: village.path).allTransactions()
            .first { $0.intervalStart >= Self.swappedDay }?.sequence
        if swapMetering {
            #expect(withoutCheckpoint.status == 0, "\(withoutCheckpoint.output)")
        } else {
            #expect(withoutCheckpoint.status == 1)
            #expect(
                withoutCheckpoint.output.contains("disagree with the metering intervals"), "\(withoutCheckpoint.output)"
            )
        }

        // The root a household was told is not the head any more.
        let head = try Self.village(headArguments)
        #expect(head.status == 1)
        #expect(head.output.contains("Expected head does NOT match"), "\(head.output)")

        let after = try Self.village(verifyArguments)
        #expect(after.status == 1, "\(after.output)")
        #expect(after.output.contains("Checkpoint FAILED"), "\(after.output)")
        if !swapMetering {
            let index = try #require(firstOfDay)
            #expect(after.output.contains("first differing transaction is #\(index)"), "\(after.output)")
        }
        let json = try Self.village(verifyArguments + ["--json"])
        #expect(json.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let consistency = try #require(report?["checkpoint"] as? [String: Any])
        #expect(consistency["consistent"] as? Bool == false)
    }

    @Test func anUntouchedLedgerExtendsItsCheckpointAsItGrows() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeVillageStore(at: directory.path("village.sqlite"), households: 56)
        let ledger = SQLiteLedgerStore(store: store)
        let key = LedgerSigningKey()
        for interval in 0..<6 { _ = try settle(try VillageFixture.settlementInput(interval: interval), into: ledger) }
        let old = try ledger.makeCheckpoint(key: key, time: januaryFirst)
        for interval in 6..<15 { _ = try settle(try VillageFixture.settlementInput(interval: interval), into: ledger) }
        let result = try ledger.verify(against: old, publicKey: key.publicKey)
        #expect(result.consistent, "\(result.message)")
        #expect(result.ledgerSize > old.treeSize)
        // A checkpoint signed by another key is refused before any proof.
        #expect(throws: StoreError.self) { try ledger.verify(against: old, publicKey: LedgerSigningKey().publicKey) }
        // A checkpoint of a size the ledger never had at that root is refuted.
        var bent = old
        bent.rootHash = try ledger.root(size: old.treeSize + 1)
        #expect(try !ledger.verify(against: bent, publicKey: nil).consistent)
    }
}
