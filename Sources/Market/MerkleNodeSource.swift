/// Where the complete subtrees of a Merkle tree are kept: node (level, index) is the root of the
/// 2^level leaves starting at index · 2^level.
///
/// Every complete subtree is stored once, when its last leaf is appended; the root of any tree
/// size, an inclusion proof and a consistency proof then need O(log n) of these lookups
/// (``MerkleProofs``).
public protocol MerkleNodeSource {
    func node(level: Int, index: Int64) throws -> MerkleHash
}

/// The nodes that appending leaf `index` completes, bottom-up: the leaf itself at level 0, then
/// each parent for as long as the new node is a right child. `left(level, index)` looks up the
/// already stored left sibling.
public func completedMerkleNodes(
    appendingLeaf leaf: MerkleHash, at index: Int64, left: (Int, Int64) throws -> MerkleHash
) rethrows -> [(level: Int, index: Int64, hash: MerkleHash)] {
    var nodes = [(level: 0, index: index, hash: leaf)]
    var level = 0
    var position = index
    var hash = leaf
    while position & 1 == 1 {
        hash = MerkleHash.node(try left(level, position - 1), hash)
        level += 1
        position >>= 1
        nodes.append((level, position, hash))
    }
    return nodes
}

/// A Merkle tree held in memory, level by level: for tests, benchmarks and the in-memory ledger.
public struct InMemoryMerkleTree: MerkleNodeSource, Sendable {
    private var levels: [[MerkleHash]] = []

    public init() {}

    public var size: Int64 { Int64(levels.first?.count ?? 0) }

    public mutating func append(_ leaf: MerkleHash) {
        let nodes = completedMerkleNodes(appendingLeaf: leaf, at: size) { level, index in
            levels[level][Int(index)]
        }
        for node in nodes {
            if levels.count == node.level { levels.append([]) }
            levels[node.level].append(node.hash)
        }
    }

    public func node(level: Int, index: Int64) throws -> MerkleHash {
        guard level < levels.count, index >= 0, index < Int64(levels[level].count) else {
            throw MerkleProofError.missingNode(level: level, index: index)
        }
        return levels[level][Int(index)]
    }
}
