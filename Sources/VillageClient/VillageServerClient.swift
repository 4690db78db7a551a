import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `village` commands' side of the JSON API: requests to `/api/v1` of one server, with the
/// account's bearer token, and every failure turned into a ``ClientError`` that says what to do.
///
/// Built on Foundation's `URLSession` (libcurl on Linux): no extra package, and TLS with the
/// system's certificate store for a server behind HTTPS.
package struct VillageServerClient: Sendable {
    /// The server's base URL, as the user gave it (a path prefix is kept: a reverse proxy may serve
    /// the village under one).
    package let server: URL
    /// The bearer token, nil before login.
    package var token: String?
    /// The account's user name, for messages only.
    package var username: String?

    private let session: URLSession

    /// Checks that `server` is an absolute `http` or `https` URL with a host.
    package init(server: String, token: String? = nil, username: String? = nil) throws(ClientError) {
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw ClientError(
                .invalidRequest, "--server: '\(server)' is not an http:// or https:// URL (e.g. http://127.0.0.1:8080)")
        }
        self.server = url
        self.token = token
        self.username = username
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// A client for the server and token of a login.
    package init(credentials: ServerCredentials) throws(ClientError) {
        try self.init(server: credentials.server, token: credentials.token, username: credentials.username)
    }

    /// `POST /api/v1/tokens`: trades a user name and password for a token.
    package func issueToken(username: String, password: String) async throws -> TokenGrant {
        struct Login: Encodable {
            var username: String
            var password: String
        }
        let body = try JSONEncoder().encode(Login(username: username, password: password))
        let data = try await send("POST", "tokens", body: body, authorised: false)
        do {
            return try JSONDecoder().decode(TokenGrant.self, from: data)
        } catch {
            throw ClientError(.server, "the server at \(server.absoluteString) answered the login with no token")
        }
    }

    /// `DELETE /api/v1/tokens/current`: revokes the token the client holds.
    package func revokeToken() async throws {
        _ = try await send("DELETE", "tokens/current", authorised: true)
    }

    /// GET of an API path (below `/api/v1`), its body decoded as `T`.
    package func get<T: Decodable>(_ type: T.Type, _ path: String, query: [String: String?] = [:]) async throws -> T {
        let data = try await get(path, query: query)
        return try decode(type, data, path: path)
    }

    /// GET of an API path (below `/api/v1`), its body as sent.
    package func get(_ path: String, query: [String: String?] = [:]) async throws -> Data {
        try await send("GET", path, query: query, authorised: true)
    }

    /// PUT of a JSON body to an API path, the answer decoded as `T`.
    package func put<T: Decodable>(_ type: T.Type, _ path: String, json body: Data) async throws -> T {
        let data = try await send("PUT", path, body: body, authorised: true)
        return try decode(type, data, path: path)
    }

    /// `text` as one path segment: every character but unreserved ones percent-encoded, so an id
    /// can never reach another route (`..`, `/`).
    package static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_~")
        return text.unicodeScalars.map { scalar in
            scalar.isASCII && allowed.contains(scalar)
                ? String(scalar) : String(scalar).utf8.map { String(format: "%%%02X", $0) }.joined()
        }.joined()
    }

    /// The URL of an API path (whose variable segments went through ``pathSegment(_:)``).
    package func url(_ path: String, query: [String: String?] = [:]) -> URL {
        var base = server.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var url = URL(string: base + "/api/v1/" + path) ?? server
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
            .sorted { $0.name < $1.name }
        if !items.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            components.queryItems = items
            url = components.url ?? url
        }
        return url
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ClientError(
                .server,
                "the server at \(server.absoluteString) answered \(path) with something this `village` cannot read"
                    + " (\(error)); are the server and this command the same version?")
        }
    }

    private func send(
        _ method: String, _ path: String, query: [String: String?] = [:], body: Data? = nil, authorised: Bool
    ) async throws -> Data {
        var request = URLRequest(url: url(path, query: query))
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if authorised {
            guard let token else {
                throw ClientError(.notLoggedIn, "not logged in: run `village login --server URL --username NAME`")
            }
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw ClientError(
                .unreachable,
                "cannot reach the village server at \(server.absoluteString): \(Self.reason(error))")
        }
        guard let http = response as? HTTPURLResponse else {
            throw ClientError(.server, "the server at \(server.absoluteString) did not answer over HTTP")
        }
        guard (200..<300).contains(http.statusCode) else {
            throw failure(status: http.statusCode, body: data, method: method, path: path, authorised: authorised)
        }
        return data
    }

    /// The error for a non-2xx answer, with the server's own message when it sent one.
    private func failure(status: Int, body: Data, method: String, path: String, authorised: Bool) -> ClientError {
        struct ErrorBody: Decodable {
            struct Detail: Decodable {
                var code: String?
                var field: String?
                var message: String?
            }
            var error: Detail
        }
        let detail = try? JSONDecoder().decode(ErrorBody.self, from: body).error
        let said = detail?.message.map { ": \($0)" } ?? ""
        let fieldSaid = detail?.field.map { " (\($0))" } ?? ""
        let account = username.map { "the account '\($0)'" } ?? "this account"
        let serverURL = server.absoluteString
        switch status {
        case 401 where !authorised:
            return ClientError(.unauthorized, "the server at \(serverURL) refused the user name or password\(said)")
        case 401:
            return ClientError(
                .unauthorized,
                "the server at \(serverURL) no longer accepts this login (the token expired or was revoked): "
                    + "run `village login --server \(serverURL)` again")
        case 403:
            return ClientError(.forbidden, "\(account) may not see \(method) /api/v1/\(path) on \(serverURL)\(said)")
        case 404:
            return ClientError(.notFound, "not found on \(serverURL): /api/v1/\(path)\(said)")
        case 429:
            return ClientError(.unauthorized, "the server at \(serverURL) refuses for now: too many attempts\(said)")
        case 400..<500:
            return ClientError(.invalidRequest, "the server at \(serverURL) refused the request\(fieldSaid)\(said)")
        default:
            return ClientError(.server, "the server at \(serverURL) failed (HTTP \(status))\(said)")
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? URLError {
            switch error.code {
            case .cannotConnectToHost: return "connection refused (is `village serve` running there?)"
            case .cannotFindHost, .dnsLookupFailed: return "no such host"
            case .timedOut: return "no answer in time"
            case .networkConnectionLost: return "the connection was lost"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
                return "the TLS connection failed (\(error.localizedDescription))"
            default: return error.localizedDescription
            }
        }
        return "\(error)"
    }
}
