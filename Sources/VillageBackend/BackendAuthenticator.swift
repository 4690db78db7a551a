import Hummingbird
import PostgresNIO
import VillageAccounts
import VillageServer

/// Reads `Authorization: Bearer TOKEN` and looks its SHA-256 up among live API tokens and village
/// upload tokens. An unknown token leaves the request without a caller: routes that need one
/// answer 401.
struct BackendAuthenticator: RouterMiddleware {
    typealias Context = BackendRequestContext
    let database: BackendDatabase

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = Self.bearerToken(request) {
            context.caller = try await caller(forToken: token)
        }
        return try await next(request, context)
    }

    private func caller(forToken token: String) async throws -> BackendCaller? {
        let hash = TokenHash.stored(token)
        let client = database.client
        if token.hasPrefix("vlu_") {
            let rows = try await client.query(
                "SELECT id, name FROM villages WHERE token_hash = \(hash)", logger: database.logger)
            for try await (id, name) in rows.decode((Int32, String).self) { return .village(id: id, name: name) }
            return nil
        }
        let rows = try await client.query(
            """
            SELECT a.username, a.role, v.name, a.household FROM api_tokens t
            JOIN accounts a ON a.id = t.account_id LEFT JOIN villages v ON v.id = a.village_id
            WHERE t.token_hash = \(hash) AND t.expires_at > now()
            """, logger: database.logger)
        for try await (username, role, village, household) in rows.decode((String, String, String?, String?).self) {
            guard let role = Role(rawValue: role) else { return nil }
            return .account(username: username, role: role, village: village, household: household)
        }
        return nil
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return nil }
        let token = header.dropFirst(prefix.count).drop { $0 == " " }
        return token.isEmpty ? nil : String(token)
    }
}

extension BackendRequestContext {
    /// The account's role if it is one of `roles`; 401 without a caller, 403 otherwise.
    func require(_ roles: Set<Role>, for route: String) throws(APIError) -> BackendCaller {
        guard let caller else { throw .unauthorized() }
        guard let role = caller.role, roles.contains(role) else {
            throw .forbidden("\(caller.role.map { "the \($0) role" } ?? "an upload token") may not use \(route)")
        }
        return caller
    }
}
