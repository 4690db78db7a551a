import Foundation

/// What a household keeps to show, offline, that the operator committed to one of its
/// transactions: the transaction, its index in the ledger, the inclusion proof and the signed
/// checkpoint the proof leads to.
public struct LedgerReceipt: Hashable, Sendable, Codable {
    public var household: String
    public var transaction: LedgerTransaction
    /// The transaction's leaf index (its sequence).
    public var index: Int64
    public var leafHash: MerkleHash
    public var inclusionProof: [MerkleHash]
    public var checkpoint: LedgerCheckpoint

    public init(
        household: String, transaction: LedgerTransaction, index: Int64, inclusionProof: [MerkleHash],
        checkpoint: LedgerCheckpoint
    ) {
        self.household = household
        self.transaction = transaction
        self.index = index
        leafHash = transaction.leafHash
        self.inclusionProof = inclusionProof
        self.checkpoint = checkpoint
    }

    /// Checks everything a household can check without the database: the transaction's own hash,
    /// that it concerns the household, that its leaf is in the checkpoint's tree, and that the
    /// checkpoint is signed by `publicKey`. Throws the first failure.
    public func verify(publicKey: LedgerPublicKey) throws(LedgerCheckpointError) {
        guard transaction.hash == transaction.computeHash() else {
            throw LedgerCheckpointError("the transaction's content does not match its hash")
        }
        guard index == transaction.sequence else {
            throw LedgerCheckpointError("index \(index) is not the transaction's sequence \(transaction.sequence)")
        }
        let leaf = transaction.leafHash
        guard leaf == leafHash else {
            throw LedgerCheckpointError("leafHash is not the hash of the transaction")
        }
        let involved =
            transaction.meterReadings.contains { $0.participant == .household(household) }
            || transaction.postings.contains { $0.account == .household(household) }
        guard involved else {
            throw LedgerCheckpointError("the transaction does not concern household \(household)")
        }
        try checkpoint.verify(publicKey: publicKey)
        guard
            MerkleVerification.verifyInclusion(
                leafHash: leaf, index: index, size: checkpoint.treeSize, proof: inclusionProof,
                root: checkpoint.rootHash)
        else {
            throw LedgerCheckpointError(
                "the inclusion proof does not lead from transaction #\(index) to the checkpoint's root (tree size \(checkpoint.treeSize))"
            )
        }
    }

    /// Reads a receipt file (JSON as `village ledger receipt --json` writes), naming `path` in errors.
    public static func read(path: String) throws(LedgerCheckpointError) -> LedgerReceipt {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerCheckpointError("\(path): cannot read the receipt file")
        }
        do {
            return try JSONDecoder().decode(LedgerReceipt.self, from: data)
        } catch {
            throw LedgerCheckpointError(
                "\(path): not a ledger receipt (JSON as `village ledger receipt --json` writes): \(LedgerCheckpoint.reason(error))"
            )
        }
    }
}
