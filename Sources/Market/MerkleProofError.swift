/// Why a Merkle proof cannot be made.
public enum MerkleProofError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The tree (or the proof's older tree) is smaller than the request needs.
    case outOfRange(String)
    /// A complete subtree that should be stored is not: the stored tree is behind the ledger.
    case missingNode(level: Int, index: Int64)

    public var description: String {
        switch self {
        case .outOfRange(let message): message
        case .missingNode(let level, let index):
            "the stored Merkle tree has no node at level \(level), index \(index)"
        }
    }
}
