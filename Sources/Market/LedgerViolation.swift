/// The first thing wrong in a ledger: which transaction, and what.
public struct LedgerViolation: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case sequenceGap
        case brokenChain
        case hashMismatch
        case duplicateIdempotencyKey
        case malformedIdempotencyKey
        /// A correction before the interval's settlement, or a second settlement.
        case misplacedKind
        /// Prices or mechanism differ between an interval's settlement and its corrections.
        case inconsistentInterval
        /// Postings of one purpose and commodity do not sum to zero.
        case unbalancedPostings
        /// Peer energy sold ≠ peer energy bought.
        case unbalancedPeerEnergy
        /// A participant read twice in one interval.
        case duplicateReading
        /// Energy posted to a participant whose meter reading is not in the ledger.
        case postingWithoutReading
        /// Metered import ≠ P2P bought + grid import (or the same for export).
        case meterMismatch
        /// Delivered trades do not add up to the peer energy postings.
        case tradesMismatch
        /// Peer money does not equal the delivered trades at their prices.
        case peerPriceMismatch
        /// Grid money does not equal grid energy at the interval's grid price.
        case gridPriceMismatch
        /// Delivered trades are not what the interval's cleared matches deliver for its readings,
        /// or a match is malformed, or a correction carries matches.
        case clearedMatchesMismatch
    }

    /// Position of the transaction in the sequence read (0-based).
    public var position: Int
    public var idempotencyKey: String
    public var intervalStart: Int64
    public var code: Code
    public var message: String

    public init(position: Int, idempotencyKey: String, intervalStart: Int64, code: Code, message: String) {
        self.position = position
        self.idempotencyKey = idempotencyKey
        self.intervalStart = intervalStart
        self.code = code
        self.message = message
    }

    public var description: String {
        "transaction #\(position) (\(idempotencyKey)): \(message) [\(code.rawValue)]"
    }
}
