import Foundation
import Hummingbird
import Logging
import VillageAccounts
import VillageServer
import VillageStore
import VillageWeb

extension WebApp {
    /// The cookie that binds the login form's CSRF token before there is a session.
    static let loginCookieName = "village_login"
    /// The language the visitor chose with the toggle.
    static let languageCookieName = "village_lang"

    /// The page's language: `?lang=` (which the answer then stores), the cookie, or the browser's.
    func language(_ request: Request) -> (WebLanguage, chosen: WebLanguage?) {
        let query = request.uri.queryParameters.get("lang").flatMap(WebLanguage.init(rawValue:))
        let cookie = SessionCookie.value(named: Self.languageCookieName, inHeader: request.headers[.cookie])
        return (
            WebLanguage.preferred(choice: query?.rawValue ?? cookie, acceptLanguage: request.headers[.acceptLanguage]),
            query
        )
    }

    /// The session token of the request's cookie (the CSRF binding), or nil.
    func sessionToken(_ request: Request) -> String? {
        SessionCookie.value(inHeader: request.headers[.cookie]).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The frame of a page for the signed-in account.
    func frame(_ request: Request, _ context: VillageRequestContext, title: Label) -> PageFrame {
        let session = sessionToken(request) ?? ""
        return PageFrame(
            language: language(request).0, title: title, account: context.account?.username,
            csrf: csrf.token(forSession: session), path: request.uri.path)
    }

    /// An HTML answer with the security headers (and the language cookie when the toggle was used).
    func html(_ body: String, status: HTTPResponse.Status = .ok, request: Request, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        for (name, value) in SecurityHeaders.all(secure: secure) { headers[.init(name)!] = value }
        var setCookies = cookies
        if let chosen = language(request).chosen {
            setCookies.append(
                "\(Self.languageCookieName)=\(chosen.rawValue); Path=/; Max-Age=31536000; SameSite=Strict"
                    + (secure ? "; Secure" : ""))
        }
        headers[values: .setCookie] = setCookies
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// 303 See Other to a path of this site.
    func redirect(_ path: String, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.location] = path
        for (name, value) in SecurityHeaders.all(secure: secure) { headers[.init(name)!] = value }
        headers[values: .setCookie] = cookies
        return Response(status: .seeOther, headers: headers)
    }

    /// A refusal page with its status.
    func refusal(
        _ status: HTTPResponse.Status, _ text: Label, _ request: Request, _ context: VillageRequestContext
    ) -> Response {
        let page = MessagePage(status: Int(status.code), text: text)
        return html(
            renderer.message(page, frame: frame(request, context, title: text)), status: status, request: request)
    }

    /// The signed-in account if its role is one of `roles`; otherwise the answer to send instead:
    /// the login page without a session, 403 for another role.
    func require(
        _ roles: Set<Role>, _ request: Request, _ context: VillageRequestContext
    ) -> Result<Account, ResponseAnswer> {
        guard let account = context.account else { return .failure(ResponseAnswer(redirect("/login"))) }
        guard roles.contains(account.role) else {
            return .failure(ResponseAnswer(refusal(.forbidden, "forbidden", request, context)))
        }
        return .success(account)
    }

    /// The posted form, at most the context's upload limit; nil when it is not a valid form body.
    func form(_ request: Request, _ context: VillageRequestContext) async throws -> FormBody? {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return FormBody(encoded: String(buffer: buffer))
    }
}

/// A response carried through `Result`'s failure side.
struct ResponseAnswer: Error {
    var response: Response
    init(_ response: Response) { self.response = response }
}
