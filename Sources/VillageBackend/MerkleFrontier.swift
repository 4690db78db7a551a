import Market

/// The complete subtrees that tile the first `size` leaves of a Merkle tree, largest first: the
/// nodes the root of that size folds, and the left siblings the next appended leaves need.
func merkleFrontier(size: Int64) -> [(level: Int, index: Int64)] {
    var nodes: [(level: Int, index: Int64)] = []
    var position: Int64 = 0
    for level in stride(from: 62, through: 0, by: -1) where size & (Int64(1) << level) != 0 {
        nodes.append((level, position >> level))
        position += Int64(1) << level
    }
    return nodes
}

/// Merkle nodes held in memory for one batch: those read from the database and those the batch adds.
struct MerkleNodeCache: MerkleNodeSource {
    struct Key: Hashable {
        var level: Int
        var index: Int64
    }
    var nodes: [Key: MerkleHash] = [:]
    /// Nodes completed by the batch's leaves, to be stored.
    var added: [(level: Int, index: Int64, hash: MerkleHash)] = []

    func node(level: Int, index: Int64) throws -> MerkleHash {
        guard let hash = nodes[Key(level: level, index: index)] else {
            throw MerkleProofError.missingNode(level: level, index: index)
        }
        return hash
    }

    /// Appends leaf `index`, recording every node it completes.
    mutating func append(_ leaf: MerkleHash, at index: Int64) throws {
        let completed = try completedMerkleNodes(appendingLeaf: leaf, at: index) { level, index in
            try node(level: level, index: index)
        }
        for node in completed {
            nodes[Key(level: node.level, index: node.index)] = node.hash
            added.append(node)
        }
    }
}
