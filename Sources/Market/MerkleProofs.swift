/// Roots and proofs of the Merkle tree over the first `size` leaves (RFC 6962 §2.1, RFC 9162
/// §2.1.3–2.1.4), computed from the complete subtrees a ``MerkleNodeSource`` keeps.
///
/// In the RFC's recursion every left subtree is complete and aligned, so it is one stored node;
/// only a right edge can be incomplete, and its hash folds the at most log2 n complete subtrees
/// that tile it. A path or a proof meets at most one such edge, so every answer costs O(log n)
/// lookups.
public struct MerkleProofs<Source: MerkleNodeSource> {
    public let source: Source

    public init(source: Source) { self.source = source }

    /// MTH(D[0:size]); the empty tree's root for 0.
    public func root(size: Int64) throws -> MerkleHash {
        guard size >= 0 else { throw MerkleProofError.outOfRange("tree size \(size) is negative") }
        return size == 0 ? .emptyTree : try subtree(0, size)
    }

    /// PATH(index, D[0:size]): the audit path of leaf `index` in the tree of `size` leaves.
    public func inclusionProof(index: Int64, size: Int64) throws -> [MerkleHash] {
        guard index >= 0, index < size else {
            throw MerkleProofError.outOfRange("leaf \(index) is not in a tree of \(size) leaves")
        }
        var proof: [MerkleHash] = []
        try path(index, 0, size, into: &proof)
        return proof
    }

    /// PROOF(oldSize, D[0:newSize]): that the tree of `newSize` leaves extends the one of `oldSize`.
    /// Empty when `oldSize` is 0 or equals `newSize`.
    public func consistencyProof(from oldSize: Int64, to newSize: Int64) throws -> [MerkleHash] {
        guard oldSize >= 0, oldSize <= newSize else {
            throw MerkleProofError.outOfRange("a tree of \(newSize) leaves cannot extend one of \(oldSize)")
        }
        guard oldSize > 0, oldSize < newSize else { return [] }
        var proof: [MerkleHash] = []
        try subproof(oldSize, 0, newSize, complete: true, into: &proof)
        return proof
    }

    /// The largest power of two strictly below `n` (n > 1).
    static func split(_ n: Int64) -> Int64 {
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[start:end]), where `start` is aligned to a power of two at least `end − start`.
    func subtree(_ start: Int64, _ end: Int64) throws -> MerkleHash {
        var parts: [MerkleHash] = []
        var position = start
        var remaining = end - start
        while remaining > 0 {
            var level = 0
            while Int64(1) << (level + 1) <= remaining { level += 1 }
            parts.append(try source.node(level: level, index: position >> level))
            position += Int64(1) << level
            remaining -= Int64(1) << level
        }
        guard var hash = parts.popLast() else { return .emptyTree }
        while let left = parts.popLast() { hash = .node(left, hash) }
        return hash
    }

    private func path(_ index: Int64, _ start: Int64, _ end: Int64, into proof: inout [MerkleHash]) throws {
        let n = end - start
        guard n > 1 else { return }
        let k = Self.split(n)
        if index < k {
            try path(index, start, start + k, into: &proof)
            proof.append(try subtree(start + k, end))
        } else {
            try path(index - k, start + k, end, into: &proof)
            proof.append(try subtree(start, start + k))
        }
    }

    private func subproof(
        _ m: Int64, _ start: Int64, _ end: Int64, complete: Bool, into proof: inout [MerkleHash]
    ) throws {
        let n = end - start
        if m == n {
            if !complete { proof.append(try subtree(start, end)) }
            return
        }
        let k = Self.split(n)
        if m <= k {
            try subproof(m, start, start + k, complete: complete, into: &proof)
            proof.append(try subtree(start + k, end))
        } else {
            try subproof(m - k, start + k, end, complete: false, into: &proof)
            proof.append(try subtree(start, start + k))
        }
    }
}
