import Foundation
import GRDB
import Market
import VillageStore

/// The stored Merkle tree checked against the ledger rows: a leaf that is not the hash of its
/// transaction's rows, or inner nodes that do not hash up to the rows' root.
public struct TreeMismatch: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The first transaction whose stored leaf differs, or nil when only inner nodes do.
    public var index: Int64?
    public var message: String
    public var description: String { message }
}

/// A household reading in the ledger that the metering tables do not bear out.
public struct MeteringMismatch: Hashable, Sendable, Codable, CustomStringConvertible {
    public var sequence: Int64
    public var intervalStart: Int64
    public var household: String
    /// Consumed − produced as the ledger settled it.
    public var ledgerNetWh: Int64
    /// Import − export as the metering intervals hold it.
    public var meteredNetWh: Int64

    public var description: String {
        "transaction #\(sequence): household \(household) settled at \(ledgerNetWh) Wh net, metered \(meteredNetWh) Wh"
    }
}

/// The ledger against a checkpoint kept outside the database.
public struct CheckpointConsistency: Hashable, Sendable, Codable {
    public var checkpoint: LedgerCheckpoint
    public var ledgerSize: Int64
    public var ledgerRoot: MerkleHash
    /// PROOF(checkpoint size, ledger): what a witness without the database would check.
    public var proof: [MerkleHash]
    /// True when the ledger is an append-only extension of the checkpoint.
    public var consistent: Bool
    /// The first transaction known to differ from what the checkpoint signed, when it can be
    /// located (the stored leaves, the chain or the metering tables betray it).
    public var firstDifferingIndex: Int64?
    public var message: String
}

extension SQLiteLedgerStore {
    /// Recomputes every leaf from the rows and the root from the leaves, and compares them with the
    /// stored tree; nil when they agree.
    /// `transactions` are the ledger's, when the caller has read them already.
    public func verifyTree(transactions known: [LedgerTransaction]? = nil) throws -> TreeMismatch? {
        guard hasTreeTables else { return nil }
        let transactions = try known ?? allTransactions()
        return try perform("verify tree", write: false) { db in
            var stored: [Int64: MerkleHash] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT position, hash FROM ledger_tree_nodes WHERE level = 0")
            while let row = try rows.next() {
                let position: Int64 = row["position"]
                guard case .blob(let data) = (row["hash"] as DatabaseValue).storage,
                    let hash = MerkleHash(bytes: Array(data))
                else {
                    return TreeMismatch(index: position, message: "stored leaf #\(position) is not a 32-byte hash")
                }
                stored[position] = hash
            }
            var memory = InMemoryMerkleTree()
            for transaction in transactions {
                let leaf = transaction.leafHash
                // A tree behind the rows (a ledger from before the tree, not appended to since)
                // catches up on the next append or checkpoint.
                guard let storedLeaf = stored[transaction.sequence] else { break }
                guard storedLeaf == leaf else {
                    return TreeMismatch(
                        index: transaction.sequence,
                        message:
                            "transaction #\(transaction.sequence) does not hash to its stored Merkle leaf (its rows changed after it was appended)"
                    )
                }
                memory.append(leaf)
            }
            guard stored.count <= transactions.count else {
                return TreeMismatch(
                    index: Int64(transactions.count),
                    message: "the stored Merkle tree has \(stored.count) leaves for \(transactions.count) transactions")
            }
            let size = memory.size
            let rowsRoot = try MerkleProofs(source: memory).root(size: size)
            guard try LedgerTreeRows.proofs(db).root(size: size) == rowsRoot else {
                return TreeMismatch(
                    index: nil, message: "the stored Merkle tree's inner nodes do not hash to its leaves")
            }
            return nil
        }
    }

    /// Household readings of the ledger whose net energy differs from the metering intervals
    /// (import − export) of the same household and interval, in ledger order. Readings of
    /// intervals the metering tables do not hold (or hold as missing) cannot be compared and are
    /// skipped.
    public func meteringMismatches(transactions known: [LedgerTransaction]? = nil) throws -> [MeteringMismatch] {
        let transactions = try known ?? allTransactions()
        return try perform("compare with metering", write: false) { db in
            var mismatches: [MeteringMismatch] = []
            let statement = try db.cachedStatement(
                sql: """
                    SELECT owner_id, channel, value, quality FROM intervals
                    WHERE start = ? AND owner_kind = 'household' AND channel IN ('energy.import', 'energy.export')
                    """)
            var metered: (start: Int64, net: [String: Int64])?
            for transaction in transactions {
                if metered?.start != transaction.intervalStart {
                    var imports: [String: Int64] = [:]
                    var exports: [String: Int64] = [:]
                    let rows = try Row.fetchCursor(statement, arguments: [transaction.intervalStart])
                    while let row = try rows.next() {
                        guard let id = row["owner_id"] as String?, let channel = row["channel"] as String?,
                            let value = row["value"] as Int64?, let quality = row["quality"] as Int64?, quality > 0
                        else { continue }
                        if channel == "energy.import" { imports[id] = value } else { exports[id] = value }
                    }
                    var net: [String: Int64] = [:]
                    for (id, imported) in imports {
                        if let exported = exports[id] { net[id] = imported - exported }
                    }
                    metered = (transaction.intervalStart, net)
                }
                for reading in transaction.meterReadings {
                    guard let id = reading.participant.householdID, let meteredNet = metered?.net[id] else { continue }
                    let ledgerNet = reading.consumedWh - reading.producedWh
                    if ledgerNet != meteredNet {
                        mismatches.append(
                            MeteringMismatch(
                                sequence: transaction.sequence, intervalStart: transaction.intervalStart,
                                household: id, ledgerNetWh: ledgerNet, meteredNetWh: meteredNet))
                    }
                }
            }
            return mismatches
        }
    }

    /// Proves (or refutes) that the ledger is an append-only extension of `checkpoint`, checking
    /// its signature first when `publicKey` is given.
    ///
    /// A refuted checkpoint names the first differing transaction when the evidence allows: a
    /// stored leaf that no longer matches its rows, a broken chain, or a reading the metering
    /// tables contradict. A rewrite that re-sealed the chain and rebuilt the tree from consistent
    /// rows is still refuted, but only the range before the checkpoint's size can be named.
    public func verify(against checkpoint: LedgerCheckpoint, publicKey: LedgerPublicKey?) throws
        -> CheckpointConsistency
    {
        if let publicKey {
            do {
                try checkpoint.verify(publicKey: publicKey)
            } catch {
                throw StoreError(code: .invalidArgument, path: path, subject: "checkpoint", message: error.message)
            }
        }
        let (size, root) = try treeHead()
        var result = CheckpointConsistency(
            checkpoint: checkpoint, ledgerSize: size, ledgerRoot: root, proof: [], consistent: false,
            firstDifferingIndex: nil, message: "")
        if size < checkpoint.treeSize {
            result.firstDifferingIndex = size
            result.message =
                "the ledger holds \(size) transactions, fewer than the \(checkpoint.treeSize) the checkpoint signed: "
                + "transactions from #\(size) on were removed"
            return result
        }
        result.proof = try consistencyProof(from: checkpoint.treeSize, to: size)
        result.consistent = MerkleVerification.verifyConsistency(
            oldSize: checkpoint.treeSize, newSize: size, oldRoot: checkpoint.rootHash, newRoot: root,
            proof: result.proof)
        if result.consistent {
            result.message =
                "the ledger (\(size) transactions) extends the checkpoint of \(checkpoint.treeSize) transactions"
            return result
        }
        result.firstDifferingIndex = try firstEvidence(before: checkpoint.treeSize)
        result.message =
            "the ledger is NOT an extension of the checkpoint: its first \(checkpoint.treeSize) transactions "
            + "are not the ones the checkpoint signed"
            + (result.firstDifferingIndex.map { "; the first differing transaction is #\($0)" }
                ?? "; the rewrite lies before #\(checkpoint.treeSize)")
        return result
    }

    /// The first transaction before `limit` that the file itself shows was changed, if any.
    func firstEvidence(before limit: Int64) throws -> Int64? {
        var candidates: [Int64] = []
        if let violation = try verify().firstViolation {
            candidates.append(Int64(violation.position))
        } else {
            // Only a ledger whose rows all read back can be compared leaf by leaf and with the meters.
            let transactions = try allTransactions()
            if let tree = try verifyTree(transactions: transactions), let index = tree.index {
                candidates.append(index)
            }
            if let mismatch = try meteringMismatches(transactions: transactions).first {
                candidates.append(mismatch.sequence)
            }
        }
        return candidates.filter { $0 < limit }.min()
    }
}
