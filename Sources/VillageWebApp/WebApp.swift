import DeviceProfiles
import Foundation
import Hummingbird
import Logging
import Synchronization
import Tariffs
import VillageAccounts
import VillageServer
import VillageStore
import VillageWeb

/// The web app on the server's router: the login page, each role's page and its forms, behind
/// cookie sessions from the account store. Every page checks the role on the server; every form
/// POST carries a CSRF token bound to its session; logins are throttled per client address on top
/// of the account store's per-name lockout; every answer carries the security headers.
package struct WebApp: Sendable {
    /// What the manager page needs to plan like the scheduler: the device profiles and the plant's tariffs.
    package struct PlantPlanning: Sendable {
        package var profiles: ProfileLibrary
        package var importTariff: Tariff
        package var exportTariff: Tariff?

        package init(profiles: ProfileLibrary, importTariff: Tariff, exportTariff: Tariff?) {
            self.profiles = profiles
            self.importTariff = importTariff
            self.exportTariff = exportTariff
        }
    }

    let api: VillageAPI
    let planning: PlantPlanning?
    let cookie: SessionCookie
    let secure: Bool
    let csrf: CSRFTokens
    let throttle: SharedThrottle
    let renderer = PageRenderer()

    /// - Parameters:
    ///   - secureCookies: browsers reach the server over HTTPS (directly or through a TLS proxy):
    ///     cookies get `Secure`, answers `Strict-Transport-Security`.
    ///   - csrf: the token maker; by default a random secret per process, so a restart only asks
    ///     open forms to be loaded again.
    package init(
        api: VillageAPI, planning: PlantPlanning?, secureCookies: Bool, csrf: CSRFTokens = .random(),
        throttle: AddressThrottle = AddressThrottle()
    ) {
        self.api = api
        self.planning = planning
        self.cookie = SessionCookie(secure: secureCookies, maxAgeSeconds: Int(TokenKind.session.defaultLifetime))
        self.secure = secureCookies
        self.csrf = csrf
        self.throttle = SharedThrottle(throttle)
    }

    /// Adds the pages to `router`, each behind the session authenticator (the API's routes keep
    /// bearer tokens only, so a cookie never authorises an API call).
    package func addRoutes(to router: Router<VillageRequestContext>) {
        router.get(RouterPath(Stylesheet.path)) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(
                status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        let pages = router.group().add(middleware: SessionAuthenticator(accounts: api.accounts, now: api.now))
        pages.get("/") { request, context in try await home(request, context) }
        pages.get("/login") { request, context in try await loginPage(request, context) }
        pages.post("/login") { request, context in try await login(request, context) }
        pages.post("/logout") { request, context in try await logout(request, context) }
        pages.get("/household") { request, context in try await householdPage(request, context) }
        pages.get("/manager") { request, context in try await managerPage(request, context) }
        pages.post("/manager") { request, context in try await saveSettings(request, context) }
        pages.get("/researcher") { request, context in try await researcherPage(request, context) }
        pages.get("/researcher/export") { request, context in try await export(request, context) }
    }

    /// The login throttle shared by every request the app serves.
    final class SharedThrottle: Sendable {
        private let state: Mutex<AddressThrottle>
        init(_ throttle: AddressThrottle) { state = Mutex(throttle) }

        /// nil when `client` may try now, else the seconds to wait.
        func attempt(from client: String, now: Int64) -> Int64? {
            state.withLock { $0.attempt(from: client, now: now) }
        }
    }

    /// `/`: the signed-in account's own page, or the login page.
    func home(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        guard let account = context.account else { return redirect("/login") }
        switch account.role {
        case .household, .operator: return redirect(account.role == .household ? "/household" : "/manager")
        case .manager: return redirect("/manager")
        case .researcher: return redirect("/researcher")
        }
    }
}
