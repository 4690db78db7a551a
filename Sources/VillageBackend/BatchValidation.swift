import Market
import VillageServer
import VillageStore
import VillageUplink

/// Checks of a batch's form that need no database: every refusal is a 400 naming the field.
enum BatchValidation {
    static let ledgerOriginPrefix = "village-ledger/"

    static func check(_ batch: UplinkBatch) throws(APIError) {
        guard batch.batchNumber >= 0 else { throw .badRequest(field: "batchNumber", "must not be negative") }
        for (i, item) in batch.intervals.enumerated() {
            let field = "intervals[\(i)]"
            let interval = item.interval
            guard item.revision >= 0 else { throw .badRequest(field: field + ".revision", "must not be negative") }
            guard interval.start % 900 == 0 else {
                throw .badRequest(field: field + ".interval.start", "\(interval.start) is not on the 15-minute grid")
            }
            guard (1...64).contains(interval.owner.id.count) else {
                throw .badRequest(field: field + ".interval.owner", "an owner id has 1–64 characters")
            }
            guard interval.channel.isWellFormed else {
                throw .badRequest(field: field + ".interval.channel", "\"\(interval.channel)\" is not a channel name")
            }
        }
        for (i, event) in batch.events.enumerated() where event.deviceId.isEmpty {
            throw .badRequest(field: "events[\(i)].deviceId", "empty")
        }
        for (i, transaction) in batch.ledger.enumerated().dropFirst()
        where transaction.sequence != batch.ledger[i - 1].sequence + 1 {
            throw .badRequest(
                field: "ledger[\(i)].sequence",
                "\(transaction.sequence) does not follow \(batch.ledger[i - 1].sequence): a batch's transactions are consecutive"
            )
        }
        for (i, checkpoint) in batch.checkpoints.enumerated() {
            // The origin names the log (`village-ledger/<site>`), not the village's name here: what
            // ties a checkpoint to this village is its signature under the village's registered key.
            guard checkpoint.origin.hasPrefix(Self.ledgerOriginPrefix) else {
                throw .badRequest(
                    field: "checkpoints[\(i)].origin",
                    "\"\(checkpoint.origin)\" is not a village ledger's name (\(Self.ledgerOriginPrefix)…)")
            }
            guard checkpoint.treeSize >= 0 else {
                throw .badRequest(field: "checkpoints[\(i)].treeSize", "must not be negative")
            }
        }
    }
}
