import Foundation
import Hummingbird
import VillageServer

/// 409: the batch's ledger does not start where the backend's copy ends. `ledgerSize` tells the
/// edge where to resume; nothing of the batch was applied.
struct LedgerConflict: Error, HTTPResponseError {
    var ledgerSize: Int64
    var message: String

    var status: HTTPResponse.Status { .conflict }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code = "conflict"
            var field = "ledger[0].sequence"
            var message: String
        }
        var error: Detail
        var ledgerSize: Int64
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.make(Body(error: .init(message: message), ledgerSize: ledgerSize), status: .conflict)
    }
}

extension APIError {
    /// 422: the batch is well formed but fails verification (a tampered ledger, a forged checkpoint).
    static func unverifiable(field: String, _ message: String) -> APIError {
        APIError(.unprocessableContent, code: "unverifiable", field: field, message)
    }
}
