import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Prometheus
import VillageAccounts
import VillageServer
import VillageUplink

/// The backend's HTTP API: the uplink for villages, city-wide reads for accounts, health and metrics.
///
/// | route | who |
/// |---|---|
/// | `POST /api/v1/uplink/batches` | a village's upload token |
/// | `GET /api/v1/villages` | operator, manager |
/// | `GET /api/v1/villages/{village}/balances` | operator |
/// | `GET /api/v1/villages/{village}/households/{household}/balances` | operator, that household |
/// | `GET /api/v1/research/intervals` | researcher, operator (pseudonymised; raw for a researcher granted it) |
/// | `GET /metrics` | operator, manager |
/// | `POST /api/v1/tokens` (user name and password → API token) | anyone |
/// | `GET /healthz` | anyone |
/// | `GET /api/v1/openapi.json` (this table as OpenAPI 3.1, from ``BackendOperations``) | anyone |
package struct BackendAPI: Sendable {
    package let database: BackendDatabase
    package let metrics: BackendMetrics
    let ingest: BatchIngest
    /// Failed logins that lock a user name, as `village serve` counts them.
    let loginThrottle: LoginThrottle
    /// Login attempts per client address, before any password is checked.
    let loginAddresses: LoginAddressGate
    /// Wall-clock time, UTC Unix seconds.
    let now: @Sendable () -> Int64

    package init(
        database: BackendDatabase, metrics: BackendMetrics = BackendMetrics(),
        loginThrottle: LoginThrottle = LoginThrottle(), addressThrottle: AddressThrottle = AddressThrottle(),
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.database = database
        self.metrics = metrics
        self.loginThrottle = loginThrottle
        self.loginAddresses = LoginAddressGate(addressThrottle)
        self.now = now
        ingest = BatchIngest(database: database, partitions: IntervalPartitions(database: database), metrics: metrics)
    }

    package func router() -> Router<BackendRequestContext> {
        let router = Router(context: BackendRequestContext.self)
        router.add(middleware: BackendErrorMiddleware(logger: database.logger, metrics: metrics))
        router.add(middleware: BackendAuthenticator(database: database))
        router.post(RouterPath(UplinkProtocol.batchesPath)) { request, context in
            try await self.receiveBatch(request, context)
        }
        router.get("/api/v1/villages") { request, context in
            _ = try context.require([.operator, .manager], for: "GET /api/v1/villages")
            try Self.noQuery(request)
            return try JSONResponse.make(try await database.villageSummaries())
        }
        router.get("/api/v1/villages/{village}/balances") { request, context in
            _ = try context.require([.operator], for: "GET /api/v1/villages/{village}/balances")
            let village = try Self.village(context)
            let month = try Self.month(request)
            return try JSONResponse.make(
                try await database.householdBalances(village: village, household: nil, month: month))
        }
        router.get("/api/v1/villages/{village}/households/{household}/balances") { request, context in
            let caller = try context.require(
                [.operator, .household], for: "GET /api/v1/villages/{village}/households/{household}/balances")
            let village = try Self.village(context)
            guard let household = context.parameters.get("household"), !household.isEmpty else {
                throw APIError.badRequest(field: "household", "missing household")
            }
            if case .account(_, .household, let ownVillage, let ownUnit) = caller,
                ownVillage != village || ownUnit != household
            {
                throw APIError.forbidden("a household account may only read its own unit of its own village")
            }
            let month = try Self.month(request)
            return try JSONResponse.make(
                try await database.householdBalances(village: village, household: household, month: month))
        }
        router.get("/api/v1/research/intervals") { request, context in
            let caller = try context.require([.researcher, .operator], for: "GET /api/v1/research/intervals")
            var raw = false
            if case .account(let username, .researcher, _, _) = caller {
                raw = try await database.hasRawExport(username: username)
            }
            return try await ResearchExport(database: database, raw: raw).response(request)
        }
        router.get("/metrics") { request, context in
            _ = try context.require([.operator, .manager], for: "GET /metrics")
            return try await metricsText()
        }
        router.post("/api/v1/tokens") { request, context in try await self.login(request, context) }
        router.get(RouterPath(BackendOpenAPI.path)) { _, _ in BackendOpenAPI.response() }
        router.get("/healthz") { _, _ in
            try await database.client.query("SELECT 1", logger: database.logger)
            return try JSONResponse.make(["status": "ok"])
        }
        return router
    }

    /// `POST /api/v1/uplink/batches`, as ``UplinkProtocol`` describes.
    func receiveBatch(_ request: Request, _ context: BackendRequestContext) async throws -> Response {
        guard let caller = context.caller else { throw APIError.unauthorized() }
        guard case .village(let villageID, let name) = caller else {
            throw APIError.forbidden("only a village's upload token may post batches")
        }
        var request = request
        let collected: ByteBuffer
        do {
            collected = try await request.collectBody(upTo: context.maxUploadSize)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(
                .contentTooLarge, code: "too-large", field: "body",
                "larger than \(BackendRequestContext.maximumBodyBytes) bytes")
        } catch {
            throw APIError.badRequest(field: "body", "could not be read")
        }
        var body = Array(collected.readableBytesView)
        switch request.headers[.contentEncoding]?.lowercased() {
        case nil, "identity": break
        case "gzip":
            guard let inflated = GzipBody.inflate(body, limit: Self.maximumInflatedBytes) else {
                throw APIError.badRequest(
                    field: "body",
                    "not a complete gzip stream, or larger than \(Self.maximumInflatedBytes) bytes inflated")
            }
            body = inflated
        case let other?:
            throw APIError.badRequest(field: "Content-Encoding", "\(other) is not supported (gzip or none)")
        }
        let batch: UplinkBatch
        do {
            batch = try UplinkProtocol.decoder().decode(UplinkBatch.self, from: Data(body))
        } catch let error as DecodingError {
            throw APIError.badRequest(field: Self.field(of: error), "not an uplink batch: \(Self.reason(error))")
        }
        guard batch.village == name else {
            throw APIError.forbidden("the upload token belongs to another village than \(batch.village)")
        }
        return try JSONResponse.make(try await ingest.apply(batch, body: body, villageID: villageID))
    }

    static let maximumInflatedBytes = 256 << 20

    /// `POST /api/v1/tokens {"username", "password"}`: 201 with a new API token, 401 for a wrong
    /// name or password, 429 with `Retry-After` when the client address made too many attempts or
    /// the name is locked after too many failures.
    func login(_ request: Request, _ context: BackendRequestContext) async throws -> Response {
        let time = now()
        if let wait = loginAddresses.attempt(from: context.clientAddress ?? "unknown", now: time) {
            return try RetryAfter(
                error: APIError(
                    .tooManyRequests, code: "throttled", "too many login attempts from this address; try again later"),
                seconds: wait
            ).response(from: request, context: context)
        }
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        else { throw APIError.badRequest(field: "body", "expected a JSON object {\"username\", \"password\"}") }
        for key in object.keys.sorted() where key != "username" && key != "password" {
            throw APIError.badRequest(field: key, "unknown field (allowed: password, username)")
        }
        guard let username = object["username"] as? String else {
            throw APIError.badRequest(field: "username", "missing or not a string")
        }
        guard let password = object["password"] as? String else {
            throw APIError.badRequest(field: "password", "missing or not a string")
        }
        let outcome = try await database.login(
            username: username, password: password, lifetime: TokenKind.api.defaultLifetime,
            throttle: loginThrottle, now: time)
        switch outcome {
        case .issued(let token, let expiresAt):
            struct Issued: Encodable {
                var token: String
                var expiresAt: Int64
            }
            return try JSONResponse.make(Issued(token: token, expiresAt: expiresAt), status: .created)
        case .refused:
            throw APIError(.unauthorized, code: "unauthorized", "unknown user name or wrong password")
        case .locked(let until):
            return try RetryAfter(
                error: APIError(.tooManyRequests, code: "locked", "too many failed logins; try again later"),
                seconds: max(1, until - time)
            ).response(from: request, context: context)
        }
    }

    func metricsText() async throws -> Response {
        let villages = try await database.villageSummaries()
        metrics.villages.set(Int64(villages.count))
        metrics.maximumLag.set(villages.compactMap(\.lagSeconds).max() ?? 0)
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    static func noQuery(_ request: Request) throws(APIError) {
        if let (name, _) = request.uri.queryParameters.first {
            throw .badRequest(field: String(name), "unknown query parameter")
        }
    }

    static func village(_ context: BackendRequestContext) throws(APIError) -> String {
        guard let village = context.parameters.get("village"),
            village.range(of: "^[A-Za-z0-9._-]{1,64}$", options: .regularExpression) != nil
        else { throw .badRequest(field: "village", "a village name is 1–64 letters, digits, '.', '_' or '-'") }
        return village
    }

    static func month(_ request: Request) throws(APIError) -> String? {
        for (name, _) in request.uri.queryParameters where name != "month" {
            throw .badRequest(field: String(name), "unknown query parameter")
        }
        guard let month = request.uri.queryParameters.get("month") else { return nil }
        guard month.range(of: "^[0-9]{4}-(0[1-9]|1[0-2])$", options: .regularExpression) != nil else {
            throw .badRequest(field: "month", "expected a month as YYYY-MM, e.g. 2026-07")
        }
        return month
    }

    /// The dotted path of the field a decoding error is about, e.g. `intervals[3].revision`.
    static func field(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: return "body"
        }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "body" : text
    }

    static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: "missing"
        case .typeMismatch(let type, _): "expected \(type)"
        case .valueNotFound(let type, _): "expected \(type), found null"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "malformed"
        }
    }
}

/// Turns an error that is not an HTTP answer into a JSON 500 without details, logs it, and counts
/// refused batches.
struct BackendErrorMiddleware: RouterMiddleware {
    typealias Context = BackendRequestContext
    let logger: Logger
    let metrics: BackendMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        defer { metrics.requests.increment() }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            if request.uri.path == UplinkProtocol.batchesPath, (400..<500).contains(error.status.code) {
                metrics.refusals.increment()
            }
            return try error.response(from: request, context: context)
        } catch {
            logger.error("request failed", metadata: ["http.path": "\(request.uri.path)", "error": "\(error)"])
            return try APIError(.internalServerError, code: "internal", "the backend could not answer; see its log")
                .response(from: request, context: context)
        }
    }
}
