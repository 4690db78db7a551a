import Crypto
import Foundation
import Hummingbird
import Logging
import VillageAccounts
import VillageServer
import VillageStore
import VillageWeb

/// `/login` and `/logout`.
extension WebApp {
    /// The login page; it sets the pre-session cookie its CSRF token is bound to.
    func loginPage(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        if context.account != nil { return redirect("/") }
        let (binding, cookie) = loginBinding(request)
        return loginForm(LoginPage(), status: .ok, binding: binding, cookie: cookie, request)
    }

    func login(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let (binding, cookie) = loginBinding(request)
        guard let form = try await form(request, context), cookie == nil,
            csrf.isValid(form["csrf"], forSession: binding)
        else {
            // No login cookie or a token of another page: a forged or stale form.
            return refusal(.forbidden, "badRequest", request, context)
        }
        let username = form["username"] ?? ""
        let password = form["password"] ?? ""
        let now = api.now()
        if throttle.attempt(from: context.clientAddress ?? "unknown", now: now) != nil {
            return loginForm(
                LoginPage(username: username, throttled: true), status: .tooManyRequests, binding: binding,
                cookie: nil, request)
        }
        let account: Account
        do {
            account = try await api.accounts.authenticate(username: username, password: password, now: now)
        } catch {
            return try refusedLogin(error, username: username, binding: binding, request)
        }
        return try await signIn(account, now: now)
    }

    /// The login form again after the account store refused: locked (429) or wrong (401).
    private func refusedLogin(
        _ error: AccountError, username: String, binding: String, _ request: Request
    ) throws -> Response {
        switch error.code {
        case .lockedOut:
            return loginForm(
                LoginPage(username: username, throttled: true), status: .tooManyRequests, binding: binding,
                cookie: nil, request)
        case .invalidCredentials, .invalidArgument:
            return loginForm(
                LoginPage(username: username, failed: true), status: .unauthorized, binding: binding, cookie: nil,
                request)
        default:
            throw error
        }
    }

    /// A new session for `account`, in the cookie, and the way home.
    private func signIn(_ account: Account, now: Int64) async throws -> Response {
        let session = try await api.accounts.issueToken(for: account, kind: .session, now: now)
        api.logger.notice("web login", metadata: ["account.username": "\(account.username)"])
        return redirect(
            "/", cookies: [self.cookie.setting(session.token), "\(Self.loginCookieName)=; Path=/; Max-Age=0"])
    }

    /// Ends the session (the token is revoked on the server, not only forgotten by the browser).
    func logout(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        guard let session = sessionToken(request), let form = try await form(request, context),
            csrf.isValid(form["csrf"], forSession: session)
        else { return refusal(.forbidden, "badRequest", request, context) }
        try await api.accounts.revokeToken(session, now: api.now())
        return redirect("/login", cookies: [cookie.clearing()])
    }

    /// The value the login form's token is bound to, and the `Set-Cookie` to send when the browser
    /// has no login cookie yet (a new random one).
    private func loginBinding(_ request: Request) -> (binding: String, setCookie: String?) {
        if let value = SessionCookie.value(named: Self.loginCookieName, inHeader: request.headers[.cookie]),
            value.count >= 32
        {
            return ("login:" + value, nil)
        }
        let value = Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
        return (
            "login:" + value,
            "\(Self.loginCookieName)=\(value); Path=/; Max-Age=3600; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "")
        )
    }

    private func loginForm(
        _ page: LoginPage, status: HTTPResponse.Status, binding: String, cookie: String?, _ request: Request
    ) -> Response {
        let frame = PageFrame(
            language: language(request).0, title: "login", account: nil, csrf: csrf.token(forSession: binding),
            path: "/login")
        return html(
            renderer.login(page, frame: frame), status: status, request: request, cookies: cookie.map { [$0] } ?? [])
    }
}
