import GRDB
import Market
import VillageStore

/// What the village's uplink reads to continue the city backend's copy of the ledger: transactions
/// by sequence and checkpoints by their row id, both append-only, so a position is a cursor.
extension SQLiteLedgerStore {
    /// Transactions with `sequences.lowerBound <= sequence < sequences.upperBound`, in order.
    package func transactions(sequences: Range<Int64>) throws -> [LedgerTransaction] {
        guard hasLedgerTables, !sequences.isEmpty else { return [] }
        return try perform("read transactions", write: false) { db in
            try LedgerRows.read(
                db, where: "sequence >= ? AND sequence < ?",
                arguments: [sequences.lowerBound, sequences.upperBound])
        }
    }

    /// Up to `limit` checkpoints stored after the one with row id `afterID`, oldest first, each with
    /// its row id (0 starts at the first).
    package func checkpoints(afterID: Int64, limit: Int) throws -> [(id: Int64, checkpoint: LedgerCheckpoint)] {
        guard hasTreeTables, limit > 0 else { return [] }
        return try perform("checkpoints", write: false) { db in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM ledger_checkpoints WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [afterID, limit])
            guard let first = ids.first, let last = ids.last else { return [] }
            let checkpoints = try CheckpointRow.read(db, where: "id >= \(first) AND id <= \(last)")
            return Array(zip(ids, checkpoints)).map { (id: $0.0, checkpoint: $0.1) }
        }
    }
}
