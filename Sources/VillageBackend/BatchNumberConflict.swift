import Foundation
import Hummingbird
import VillageServer

/// 409: the village already sent a batch under this number, with other content. The edge was
/// re-installed or its database restored, and numbers its batches from an earlier point again;
/// answering "duplicate" would drop its new data. Nothing of the batch was applied.
///
/// The answer tells the edge where to go on from: the next batch number the backend has not seen,
/// the ledger size it holds (as ``LedgerConflict`` does), and the highest interval revision the
/// village has sent, which the edge's revisions must exceed for its writes to count as newer.
struct BatchNumberConflict: Error, HTTPResponseError {
    var batchNumber: Int64
    var nextBatchNumber: Int64
    var ledgerSize: Int64
    var intervalRevision: Int64

    var status: HTTPResponse.Status { .conflict }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code = "batch-number-taken"
            var field = "batchNumber"
            var message: String
        }
        var error: Detail
        var nextBatchNumber: Int64
        var ledgerSize: Int64
        var intervalRevision: Int64
    }

    var message: String {
        "batch \(batchNumber) was applied before with other content (a re-installed edge?); "
            + "number the next batch \(nextBatchNumber)"
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.make(
            Body(
                error: .init(message: message), nextBatchNumber: nextBatchNumber, ledgerSize: ledgerSize,
                intervalRevision: intervalRevision),
            status: .conflict)
    }
}
