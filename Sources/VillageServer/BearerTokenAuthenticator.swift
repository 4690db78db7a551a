import Hummingbird
import ServiceSupport
import VillageAccounts

/// Reads `Authorization: Bearer TOKEN` and, when the token is live, puts its account in the
/// context. A missing or bad token leaves the context without an account: routes that need one
/// then answer 401, public routes (`/healthz`, `POST /tokens`) work as usual.
package struct BearerTokenAuthenticator: RouterMiddleware {
    package typealias Context = VillageRequestContext
    let accounts: AccountStore
    let now: @Sendable () -> Int64

    package init(accounts: AccountStore, now: @escaping @Sendable () -> Int64) {
        self.accounts = accounts
        self.now = now
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if context.account == nil, let token = Self.bearerToken(request) {
            let (accounts, token, now) = (accounts, String(token), now())
            // On the blocking pool, as the routes' reads: a task hop per request costs more than the read.
            let account = try await BlockingWork.run { try accounts.accountNow(forToken: token, kind: .api, now: now) }
            if let account {
                context.account = account
                context.credential = .api
            }
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer` header, or nil.
    static func bearerToken(_ request: Request) -> Substring? {
        guard let header = request.headers[.authorization] else { return nil }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return nil }
        let token = header.dropFirst(prefix.count).drop { $0 == " " }
        return token.isEmpty ? nil : Substring(token)
    }
}
