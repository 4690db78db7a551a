/// The verification algorithms of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), as
/// written there: they need nothing but the proof, the sizes and the roots.
public enum MerkleVerification {
    /// The root that `proof` leads to from leaf `leafHash` at `index` in a tree of `size` leaves,
    /// or nil when the proof does not fit the index and size.
    public static func rootFromInclusionProof(
        leafHash: MerkleHash, index: Int64, size: Int64, proof: [MerkleHash]
    ) -> MerkleHash? {
        guard index >= 0, index < size else { return nil }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn > 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                r = .node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0, fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = .node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    /// True when `proof` shows leaf `leafHash` at `index` in the tree of `size` leaves with `root`.
    public static func verifyInclusion(
        leafHash: MerkleHash, index: Int64, size: Int64, proof: [MerkleHash], root: MerkleHash
    ) -> Bool {
        rootFromInclusionProof(leafHash: leafHash, index: index, size: size, proof: proof) == root
    }

    /// True when `proof` shows that the tree (`newSize`, `newRoot`) extends (`oldSize`, `oldRoot`).
    public static func verifyConsistency(
        oldSize: Int64, newSize: Int64, oldRoot: MerkleHash, newRoot: MerkleHash, proof: [MerkleHash]
    ) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty && oldRoot == .emptyTree }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard let first = path.first else { return false }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = first
        var sr = first
        for c in path.dropFirst() {
            guard sn > 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = .node(c, fr)
                sr = .node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0, fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = .node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}
