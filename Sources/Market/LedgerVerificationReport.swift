/// Result of ``LedgerVerifier/verify(_:)``: how much was checked and the first violation, if any.
public struct LedgerVerificationReport: Hashable, Sendable {
    public var transactionCount: Int
    /// The earliest transaction (by position) that breaks the chain or an invariant.
    public var firstViolation: LedgerViolation?
    /// Hash of the last transaction; publishing it elsewhere anchors the whole chain.
    public var headHash: String

    public var isIntact: Bool { firstViolation == nil }

    public init(transactionCount: Int, firstViolation: LedgerViolation?, headHash: String) {
        self.transactionCount = transactionCount
        self.firstViolation = firstViolation
        self.headHash = headHash
    }
}
