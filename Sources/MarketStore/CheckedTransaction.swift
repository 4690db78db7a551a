import Market

/// A transaction whose hash matches its content, with its Merkle leaf, both from one encoding:
/// what an append needs, computed before the write (for a sealed day, on the sealing thread)
/// rather than inside it.
struct CheckedTransaction: Sendable {
    let transaction: LedgerTransaction
    let leaf: MerkleHash

    init(_ transaction: LedgerTransaction) throws {
        let hashes = transaction.contentHashes()
        guard transaction.hash == hashes.hash else {
            throw LedgerError(
                .hashMismatch, idempotencyKey: transaction.idempotencyKey, message: "hash does not match the content")
        }
        self.transaction = transaction
        leaf = hashes.leaf
    }
}
