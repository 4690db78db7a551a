import Hummingbird
import Logging
import ServiceLifecycle
import VillageStore

/// Builds the HTTP server: one router for the API and, when the web app adds them, its pages.
package enum VillageHTTPServer {
    /// A router with the API's middleware and routes; `extraRoutes` (the web app's pages) are added
    /// after the API's, on the same router and context.
    package static func router(
        api: VillageAPI, extraRoutes: [@Sendable (Router<VillageRequestContext>) -> Void] = []
    ) -> Router<VillageRequestContext> {
        let router = Router(context: VillageRequestContext.self)
        router.add(middleware: ErrorAnswerMiddleware(logger: api.logger))
        router.add(middleware: SecurityHeadersMiddleware())
        api.addRoutes(to: router)
        for add in extraRoutes { add(router) }
        return router
    }

    /// The application serving `router` on `address`. It is a `Service`: run it alone with
    /// `runService()` or in the daemon's service group, which shuts it down gracefully.
    /// `onServerRunning` receives the bound port (useful with port 0).
    package static func application(
        router: Router<VillageRequestContext>, address: ListenAddress, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol & Service {
        Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "village"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? address.port) },
            logger: logger)
    }
}

/// `HOST:PORT`, e.g. `127.0.0.1:8080`; port 0 picks a free one.
package struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` (`[::1]:8080` for IPv6); nil if it is not one.
    package init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        self.host = host
        self.port = port
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Turns any error that is not already an HTTP answer into a JSON 500 without details (they may
/// name files or values a client should not see), and logs it.
struct ErrorAnswerMiddleware: RouterMiddleware {
    typealias Context = VillageRequestContext
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch let error as StoreError where error.code == .unknownHousehold {
            // A unit of the site file that this database does not hold.
            throw APIError.notFound(field: "id", "no such household in this village database")
        } catch {
            logger.error(
                "request failed", metadata: ["http.path": "\(request.uri.path)", "error": "\(error)"])
            throw APIError(.internalServerError, code: "internal", "the server could not answer; see its log")
        }
    }
}

/// Headers every answer carries: no MIME sniffing, no framing, no caching of personal data.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = VillageRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
