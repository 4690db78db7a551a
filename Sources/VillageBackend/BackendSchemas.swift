import VillageAccounts
import VillageServer

/// JSON Schemas of the backend's bodies, next to the types they describe (in the OpenAPI document).
enum BackendSchemas {
    /// Every listed property required unless named in `optional`; no others allowed.
    static func record(_ properties: [String: JSONSchema], optional: Set<String> = []) -> JSONSchema {
        .object(properties: properties, required: properties.keys.filter { !optional.contains($0) }.sorted())
    }

    static let error = record([
        "error": record(["code": .string(), "field": .string(), "message": .string()], optional: ["field"])
    ])

    static let villageName = JSONSchema.string(pattern: "^[A-Za-z0-9._-]{1,64}$")

    /// An ``UplinkBatch``; its parts are the edge's own types, checked field by field at ingest.
    static let batch = record([
        "village": villageName, "batchNumber": .integer,
        "intervals": .array(of: record(["interval": .openObject, "revision": .integer])),
        "events": .array(of: .openObject), "ledger": .array(of: .openObject),
        "checkpoints": .array(of: .openObject),
    ])

    static let acknowledgement = record([
        "village": villageName, "batchNumber": .integer, "duplicate": .boolean, "ledgerSize": .integer,
    ])

    /// 409 of the uplink: where the edge goes on from.
    static let conflict = record(
        [
            "error": record(["code": .string(), "field": .string(), "message": .string()], optional: ["field"]),
            "ledgerSize": .integer, "nextBatchNumber": .integer, "intervalRevision": .integer,
        ], optional: ["nextBatchNumber", "intervalRevision"])

    /// A ``VillageSummary``.
    static let villageSummary = record(
        [
            "name": villageName, "lastBatchNumber": .integer, "lastBatchAt": .integer, "lagSeconds": .integer,
            "newestIntervalStart": .integer, "ledgerSize": .integer,
            "lastVerifiedCheckpoint": record(["treeSize": .integer, "rootHash": .string(), "signedAt": .integer]),
        ],
        optional: ["lastBatchNumber", "lastBatchAt", "lagSeconds", "newestIntervalStart", "lastVerifiedCheckpoint"])

    /// A ``HouseholdMonthBalance``.
    static let balance = record([
        "village": villageName, "household": .string(), "month": .string(pattern: "^[0-9]{4}-[0-9]{2}$"),
        "balanceMilliWon": .integer, "receivedWh": .integer, "deliveredWh": .integer,
    ])

    static let credentials = record(["username": .string(), "password": .string()])

    static let issuedToken = record(["token": .string(), "expiresAt": .integer])
}
