/// The backend's answer to an accepted batch.
package struct UplinkAcknowledgement: Codable, Sendable, Equatable {
    package var village: String
    package var batchNumber: Int64
    /// True when the backend had already applied this batch (a resend); nothing changed.
    package var duplicate: Bool
    /// How many ledger transactions of the village the backend now holds.
    package var ledgerSize: Int64

    package init(village: String, batchNumber: Int64, duplicate: Bool, ledgerSize: Int64) {
        self.village = village
        self.batchNumber = batchNumber
        self.duplicate = duplicate
        self.ledgerSize = ledgerSize
    }
}
