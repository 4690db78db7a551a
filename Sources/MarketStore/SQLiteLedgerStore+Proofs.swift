import Foundation
import GRDB
import Market
import VillageStore

/// The ledger as a transparency log: its Merkle tree, proofs, signed checkpoints and receipts.
extension SQLiteLedgerStore {
    /// The size and root of the tree over every transaction.
    ///
    /// - Throws: ``StoreError`` when the stored tree does not cover every transaction (a ledger
    ///   written before the tree existed that nothing has appended to since): `village ledger
    ///   checkpoint` brings it up to date.
    public func treeHead() throws -> (size: Int64, root: MerkleHash) {
        try perform("tree head", write: false) { [path] db in
            let size = try Self.coveredSize(db, path: path)
            return (size, try LedgerTreeRows.proofs(db).root(size: size))
        }
    }

    /// The root of the tree over the first `size` transactions.
    public func root(size: Int64) throws -> MerkleHash {
        try proofs("root") { try $0.root(size: size) }
    }

    /// The audit path of transaction `index` in the tree of the first `size` transactions.
    public func inclusionProof(index: Int64, size: Int64) throws -> [MerkleHash] {
        try proofs("inclusion proof") { try $0.inclusionProof(index: index, size: size) }
    }

    /// The proof that the tree of `newSize` transactions extends the tree of `oldSize`.
    public func consistencyProof(from oldSize: Int64, to newSize: Int64) throws -> [MerkleHash] {
        try proofs("consistency proof") { try $0.consistencyProof(from: oldSize, to: newSize) }
    }

    private func proofs<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (MerkleProofs<LedgerTreeRows.Source>) throws -> T
    ) throws -> T {
        guard hasTreeTables else { throw noTree(operation) }
        do {
            return try perform(operation, write: false) { db in try body(LedgerTreeRows.proofs(db)) }
        } catch let error as MerkleProofError {
            throw StoreError(code: .invalidArgument, path: path, subject: operation, message: error.description)
        }
    }

    func noTree(_ operation: String) -> StoreError {
        StoreError(
            code: .invalidArgument, path: path, subject: operation,
            message: "the database has no Merkle tree yet; open it once with this version (`village ledger checkpoint`)"
        )
    }

    /// The number of transactions the stored tree covers, which must be all of them.
    static func coveredSize(_ db: Database, path: String) throws -> Int64 {
        let leaves = try LedgerTreeRows.leafCount(db)
        let transactions = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transactions") ?? 0
        guard leaves == transactions else {
            throw StoreError(
                code: .invalidArgument, path: path, subject: "Merkle tree",
                message: "the stored tree covers \(leaves) of \(transactions) transactions; "
                    + "run `village ledger checkpoint` to bring it up to date")
        }
        return leaves
    }

    /// Signs the tree over every committed transaction and keeps the checkpoint in the database.
    ///
    /// One SQLite transaction reads the tree and stores the checkpoint, so a checkpoint never
    /// covers a transaction that is not committed, and a process killed while checkpointing
    /// leaves either the whole checkpoint or none.
    @discardableResult
    public func makeCheckpoint(key: LedgerSigningKey, time: Int64) throws -> LedgerCheckpoint {
        guard hasTreeTables else { throw noTree("checkpoint") }
        return try perform("checkpoint") { [beforeCommit] db in
            try SQLiteLedgerBatch(db: db, beforeCommit: beforeCommit).checkpoint(key: key, time: time)
        }
    }

    /// The log's name in its checkpoints: `village-ledger/<site id>`.
    static func origin(_ db: Database) throws -> String {
        let site = try String.fetchOne(db, sql: "SELECT id FROM sites ORDER BY id LIMIT 1") ?? "unregistered"
        let word = site.map { $0.isWhitespace || $0 == "/" ? "-" : $0 }
        return "village-ledger/" + String(word)
    }

    /// Every stored checkpoint, oldest first.
    public func checkpoints() throws -> [LedgerCheckpoint] {
        guard hasTreeTables else { return [] }
        return try perform("checkpoints", write: false) { db in try CheckpointRow.read(db, where: "1") }
    }

    /// The newest stored checkpoint, or nil when none was made.
    public func latestCheckpoint() throws -> LedgerCheckpoint? {
        guard hasTreeTables else { return nil }
        return try perform("checkpoints", write: false) { db in
            try CheckpointRow.read(db, where: "id = (SELECT MAX(id) FROM ledger_checkpoints)").last
        }
    }

    /// A household's receipt for the settlement of one interval: its transaction (the settlement,
    /// or the correction that first brought the household's reading), the inclusion proof and the
    /// newest checkpoint, which must cover the transaction.
    public func receipt(household: String, intervalStart: Int64) throws -> LedgerReceipt {
        let candidates = try transactions(intervalStart: intervalStart)
        guard !candidates.isEmpty else {
            throw StoreError(
                code: .invalidArgument, path: path, subject: "interval",
                message: "the ledger holds no transaction for the interval starting at \(intervalStart) (UTC seconds)")
        }
        let concerned = candidates.first { transaction in
            transaction.meterReadings.contains { $0.participant == .household(household) }
        }
        guard let transaction = concerned else {
            throw StoreError(
                code: .invalidArgument, path: path, subject: "household",
                message: "household \(household) has no reading in the interval starting at \(intervalStart)")
        }
        guard let checkpoint = try latestCheckpoint(), checkpoint.treeSize > transaction.sequence else {
            throw StoreError(
                code: .invalidArgument, path: path, subject: "checkpoint",
                message: "no checkpoint covers transaction #\(transaction.sequence) yet; "
                    + "run `village ledger checkpoint` (the daemon makes one after each settlement)")
        }
        let proof = try inclusionProof(index: transaction.sequence, size: checkpoint.treeSize)
        return LedgerReceipt(
            household: household, transaction: transaction, index: transaction.sequence, inclusionProof: proof,
            checkpoint: checkpoint)
    }

    /// True when the file has the `v6-ledger-proofs` tables.
    var hasTreeTables: Bool {
        guard hasLedgerTables else { return false }
        return
            (try? database.read { db in try db.tableExists("ledger_tree_nodes") && db.tableExists("ledger_checkpoints")
            })
            ?? false
    }
}

/// A `ledger_checkpoints` row.
enum CheckpointRow {
    static func insert(_ checkpoint: LedgerCheckpoint, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO ledger_checkpoints (origin, tree_size, root_hash, time, key_id, signature)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                checkpoint.origin, checkpoint.treeSize, Data(checkpoint.rootHash.bytes), checkpoint.time,
                checkpoint.keyID, checkpoint.signature,
            ])
    }

    static func read(_ db: Database, where condition: String) throws -> [LedgerCheckpoint] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, origin, tree_size, root_hash, time, key_id, signature FROM ledger_checkpoints
                WHERE \(condition) ORDER BY id
                """
        ).map { row in
            let id: Int64 = row["id"]
            guard case .blob(let data) = (row["root_hash"] as DatabaseValue).storage,
                let root = MerkleHash(bytes: Array(data)), let origin = row["origin"] as String?,
                let size = row["tree_size"] as Int64?, let time = row["time"] as Int64?,
                let keyID = row["key_id"] as String?, let signature = row["signature"] as String?
            else {
                throw MalformedProofRow(message: "checkpoint row \(id) is malformed")
            }
            return LedgerCheckpoint(
                origin: origin, treeSize: size, rootHash: root, time: time, keyID: keyID, signature: signature)
        }
    }
}
