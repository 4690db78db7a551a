import Hummingbird
import Logging
import VillageAccounts
import VillageServer
import VillageStore
import VillageWeb

/// Reads the session cookie and, when its session is live, puts the account in the context. A
/// missing, expired or revoked session leaves the context without one: the page then sends the
/// browser to the login page.
struct SessionAuthenticator: RouterMiddleware {
    typealias Context = VillageRequestContext
    let accounts: AccountStore
    let now: @Sendable () -> Int64

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = SessionCookie.value(inHeader: request.headers[.cookie]), !token.isEmpty,
            let account = try await accounts.account(forToken: token, kind: .session, now: now())
        {
            context.account = account
            context.credential = .session
        }
        return try await next(request, context)
    }
}
