import Foundation
import GRDB
import Market

/// The `ledger_tree_nodes` table: the complete subtrees of the Merkle tree over the ledger's
/// transactions, one row each, appended in the SQLite transaction that appends the transaction.
enum LedgerTreeRows {
    /// The number of leaves stored (one per transaction once the tree has caught up).
    static func leafCount(_ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "SELECT MAX(position) FROM ledger_tree_nodes WHERE level = 0")
        return (try Int64.fetchOne(statement)).map { $0 + 1 } ?? 0
    }

    static func node(_ db: Database, level: Int, index: Int64) throws -> MerkleHash {
        let statement = try db.cachedStatement(
            sql: "SELECT hash FROM ledger_tree_nodes WHERE level = ? AND position = ?")
        guard let value = try DatabaseValue.fetchOne(statement, arguments: [level, index]) else {
            throw MerkleProofError.missingNode(level: level, index: index)
        }
        guard case .blob(let data) = value.storage, let hash = MerkleHash(bytes: Array(data)) else {
            throw MalformedProofRow(message: "Merkle tree node at level \(level), index \(index) is not a 32-byte hash")
        }
        return hash
    }

    /// Stores leaf `index` and every subtree it completes.
    static func appendLeaf(_ leaf: MerkleHash, at index: Int64, to db: Database) throws {
        let nodes = try completedMerkleNodes(appendingLeaf: leaf, at: index) { level, position in
            try node(db, level: level, index: position)
        }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO ledger_tree_nodes (level, position, hash) VALUES (?, ?, ?)")
        for node in nodes {
            try insert.execute(arguments: [node.level, node.index, Data(node.hash.bytes)])
        }
    }

    /// Appends the leaves of the transactions the tree does not cover yet (a ledger written before
    /// the tree existed), reading them from their rows; returns the tree's size.
    @discardableResult
    static func catchUp(_ db: Database) throws -> Int64 {
        var size = try leafCount(db)
        while true {
            let batch = try LedgerRows.read(
                db, where: "sequence >= ? AND sequence < ?", arguments: [size, size + 4096])
            guard !batch.isEmpty else { return size }
            for transaction in batch {
                guard transaction.sequence == size else { return size }
                try appendLeaf(transaction.leafHash, at: size, to: db)
                size += 1
            }
        }
    }

    /// The stored nodes of one database connection, for ``MerkleProofs``.
    struct Source: MerkleNodeSource {
        let db: Database
        func node(level: Int, index: Int64) throws -> MerkleHash {
            try LedgerTreeRows.node(db, level: level, index: index)
        }
    }

    static func proofs(_ db: Database) -> MerkleProofs<Source> { MerkleProofs(source: Source(db: db)) }
}

/// A tree node or checkpoint row that cannot be read back: the file was edited.
struct MalformedProofRow: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
