import Foundation
import Market
import VillageStore
import VillageUplink

/// A village as its edge would upload it: a signing key, a real hash-chained ledger with its
/// Merkle tree, and intervals.
struct SampleVillage {
    let name: String
    let key = LedgerSigningKey()
    private(set) var ledger: [LedgerTransaction] = []
    private var tree = InMemoryMerkleTree()

    init(name: String) { self.name = name }

    /// Appends a settlement of `start`: `household` imports `energyWh` from the grid for `milliWon`.
    @discardableResult
    mutating func settle(start: Int64, household: String, energyWh: Int64, milliWon: Int64) -> LedgerTransaction {
        let postings = [
            Posting(account: .household(household), purpose: .gridImport, commodity: .energyWh, amount: energyWh),
            Posting(account: .household(household), purpose: .gridImport, commodity: .moneyMilliWon, amount: -milliWon),
            Posting(account: .grid, purpose: .gridImport, commodity: .energyWh, amount: -energyWh),
            Posting(account: .grid, purpose: .gridImport, commodity: .moneyMilliWon, amount: milliWon),
        ]
        let transaction = LedgerTransaction(
            sequence: Int64(ledger.count), intervalStart: start, kind: .settlement,
            idempotencyKey: LedgerTransaction.settlementKey(intervalStart: start), mechanism: .payAsBid,
            prices: GridPrices(exportMilliWonPerKWh: 50_000, importMilliWonPerKWh: 150_000),
            meterReadings: [MeterReading(participant: .household(household), producedWh: 0, consumedWh: energyWh)],
            clearedMatches: [], deliveredTrades: [], postings: postings,
            previousHash: ledger.last?.hash ?? LedgerTransaction.genesisHash, hash: ""
        ).sealed()
        ledger.append(transaction)
        tree.append(transaction.leafHash)
        return transaction
    }

    /// A checkpoint of the whole ledger so far, signed with `key` (the village's unless given).
    func checkpoint(signedBy key: LedgerSigningKey? = nil, time: Int64 = 1_767_225_600) throws -> LedgerCheckpoint {
        try LedgerCheckpoint(
            origin: "village-ledger/" + name, treeSize: Int64(ledger.count),
            rootHash: try MerkleProofs(source: tree).root(size: Int64(ledger.count)),
            time: time, key: key ?? self.key)
    }

    /// Intervals of `households` from `start`, `count` quarter hours each, on two channels.
    static func intervals(
        households: [String], start: Int64, count: Int, revision: Int64 = 1,
        value: (Int, Int) -> Int64 = { h, i in
            Int64(100 + h * 10 + i)
        }
    ) -> [UplinkInterval] {
        var intervals: [UplinkInterval] = []
        for (h, unit) in households.enumerated() {
            for i in 0..<count {
                for channel: MeteringChannel in ["import.active", "export.active"] {
                    let energy = IntervalEnergy(
                        owner: .household(unit), channel: channel, start: start + Int64(i) * 900,
                        value: value(h, i), quality: .measured)
                    intervals.append(UplinkInterval(interval: energy, revision: revision))
                }
            }
        }
        return intervals
    }
}
