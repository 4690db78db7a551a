import Foundation

/// How a batch travels: one HTTP request per batch.
///
/// `POST <backend>/api/v1/uplink/batches` with `Authorization: Bearer <the village's upload token>`,
/// `Content-Type: application/json` and, when compressed, `Content-Encoding: gzip`. The backend
/// answers 200 with an ``UplinkAcknowledgement`` (also for a resent batch), 401 for a bad token,
/// 403 when the token belongs to another village, 409 when the batch does not continue the
/// backend's copy (its `ledgerSize` tells the edge where to resume; with `nextBatchNumber` and
/// `intervalRevision` as well when the village sent other content under this batch number before,
/// as a re-installed edge does: the edge numbers its batches and interval revisions on from
/// there), and 400/422 with an error that
/// names the field for a batch it cannot accept (the ledger fails verification against the
/// village's public key). Any other answer, or none, means: keep the batch and send it again later.
package enum UplinkProtocol {
    package static let batchesPath = "/api/v1/uplink/batches"

    /// The JSON form both sides use (sorted keys so that equal batches are equal bytes).
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    package static func decoder() -> JSONDecoder { JSONDecoder() }
}
