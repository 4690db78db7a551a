import Hummingbird
import VillageAccounts
import VillageServer
import VillageUplink

/// Every operation the backend serves, for its OpenAPI document. A test holds this list against
/// the router's own route table, so that neither can name a route the other lacks.
enum BackendOperations {
    static let villageParameter = BackendOperation.Parameter(
        name: "village", location: .path, required: true, schema: BackendSchemas.villageName,
        description: "The village's name, as registered with `village backend villages add`.", example: "eco-delta")
    static let monthParameter = BackendOperation.Parameter(
        name: "month", location: .query, required: false, schema: .string(pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$"),
        description: "Only this month (YYYY-MM, in the village's time zone).", example: "2026-01")
    static let retryAfter = ["Retry-After": "Seconds after which trying again can succeed."]

    static let all: [BackendOperation] = [
        BackendOperation(
            method: .post, path: UplinkProtocol.batchesPath,
            summary: "A village's edge uploads one batch (JSON, optionally with Content-Encoding: gzip).",
            access: .uploadToken, requestBody: ("application/json", BackendSchemas.batch),
            answers: BackendOperation.tokenAnswers.merging(
                [
                    200: BackendOperation.json(
                        "Applied, or applied before (`duplicate`).", BackendSchemas.acknowledgement),
                    400: BackendOperation.error("Not an uplink batch; `field` names what is wrong."),
                    409: BackendOperation.Answer(
                        description:
                            "Nothing applied: the batch does not continue the backend's ledger (`ledgerSize`), or "
                            + "its number was used for other content (`nextBatchNumber`, `intervalRevision`).",
                        content: ["application/json": BackendSchemas.conflict]),
                    413: BackendOperation.error("Body over the size limit."),
                    422: BackendOperation.error("The ledger or a checkpoint fails verification."),
                ], uniquingKeysWith: { first, _ in first })),
        BackendOperation(
            method: .get, path: "/api/v1/villages", summary: "Every village, its uploads, lag and ledger.",
            access: .roles([.operator, .manager]),
            answers: BackendOperation.tokenAnswers.merging(
                [
                    200: BackendOperation.json("The villages.", .array(of: BackendSchemas.villageSummary)),
                    400: BackendOperation.error("A query parameter was given; this route takes none."),
                ], uniquingKeysWith: { first, _ in first })),
        BackendOperation(
            method: .get, path: "/api/v1/villages/{village}/balances",
            summary: "Monthly balances of every household of a village, from its ledger.",
            access: .roles([.operator]), parameters: [villageParameter, monthParameter],
            answers: BackendOperation.tokenAnswers.merging(
                [
                    200: BackendOperation.json("Balances by household and month.", .array(of: BackendSchemas.balance)),
                    400: BackendOperation.error("Bad village name or month; `field` names it."),
                    404: BackendOperation.error("No such village."),
                ], uniquingKeysWith: { first, _ in first })),
        BackendOperation(
            method: .get, path: "/api/v1/villages/{village}/households/{household}/balances",
            summary: "Monthly balances of one household; a household account reads only its own.",
            access: .roles([.operator, .household]),
            parameters: [
                villageParameter,
                BackendOperation.Parameter(
                    name: "household", location: .path, required: true, schema: .string(),
                    description: "The household's unit.", example: "101"),
                monthParameter,
            ],
            answers: BackendOperation.tokenAnswers.merging(
                [
                    200: BackendOperation.json("Balances by month.", .array(of: BackendSchemas.balance)),
                    400: BackendOperation.error("Bad village name, household or month; `field` names it."),
                    404: BackendOperation.error("No such village."),
                ], uniquingKeysWith: { first, _ in first })),
        BackendOperation(
            method: .get, path: "/api/v1/research/intervals",
            summary:
                "Every village's intervals in a time range, streamed; villages and households pseudonymised "
                + "unless an operator granted the researcher raw identifiers.",
            access: .roles([.researcher, .operator]),
            parameters: [
                BackendOperation.Parameter(
                    name: "format", location: .query, required: false, schema: .string(values: ["csv", "jsonl"]),
                    description: "csv (the default) or jsonl.", example: "csv"),
                BackendOperation.Parameter(
                    name: "from", location: .query, required: false, schema: .integer,
                    description: "First interval start, UTC Unix seconds.", example: "1767193200"),
                BackendOperation.Parameter(
                    name: "to", location: .query, required: false, schema: .integer,
                    description: "End (exclusive) of the interval starts, UTC Unix seconds.", example: "1767279600"),
            ],
            answers: BackendOperation.tokenAnswers.merging(
                [
                    200: BackendOperation.Answer(
                        description: "The rows: village, owner kind, owner, channel, start, value (Wh), quality.",
                        content: ["text/csv": .string(), "application/jsonl": .string()],
                        headers: ["Village-Export-Identifiers": "`raw` or `pseudonymised`."]),
                    400: BackendOperation.error("Bad format or time; `field` names it."),
                ], uniquingKeysWith: { first, _ in first })),
        BackendOperation(
            method: .get, path: "/metrics", summary: "Prometheus metrics of ingest, refusals and upload lag.",
            access: .roles([.operator, .manager]),
            answers: BackendOperation.tokenAnswers.merging(
                [
                    200: BackendOperation.Answer(
                        description: "Text exposition format.", content: ["text/plain": .string()])
                ],
                uniquingKeysWith: { first, _ in first })),
        BackendOperation(
            method: .post, path: "/api/v1/tokens", summary: "Log in: exchange a user name and password for a token.",
            access: .anyone, requestBody: ("application/json", BackendSchemas.credentials),
            answers: [
                201: BackendOperation.json("A new API token.", BackendSchemas.issuedToken),
                400: BackendOperation.error("Not {\"username\", \"password\"}; `field` names what is wrong."),
                401: BackendOperation.error("Unknown user name or wrong password."),
                429: BackendOperation.error(
                    "Too many attempts from this address, or the name is locked after failed logins.",
                    headers: retryAfter),
            ]),
        BackendOperation(
            method: .get, path: "/healthz", summary: "Whether the backend can reach its database.", access: .anyone,
            answers: [
                200: BackendOperation.json("Healthy.", BackendSchemas.record(["status": .string(values: ["ok"])])),
                500: BackendOperation.error("The database does not answer."),
            ]),
        BackendOperation(
            method: .get, path: BackendOpenAPI.path, summary: "This document.", access: .anyone,
            answers: [200: BackendOperation.json("The OpenAPI 3.1 document.", .openObject)]),
    ]
}
