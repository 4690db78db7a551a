/// Why a ledger store refused a transaction. The store is append-only: a refused
/// transaction leaves it unchanged.
package struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// A transaction with this idempotency key is already in the ledger.
        case duplicateIdempotencyKey
        /// The sequence number is not the next one.
        case sequenceGap
        /// The previous hash does not match the last transaction's hash.
        case brokenChain
        /// The stored hash does not match the content.
        case hashMismatch
    }

    package var code: Code
    package var idempotencyKey: String
    package var message: String

    package init(_ code: Code, idempotencyKey: String, message: String) {
        self.code = code
        self.idempotencyKey = idempotencyKey
        self.message = message
    }

    package var description: String { "transaction \(idempotencyKey): \(message) [\(code.rawValue)]" }
}
