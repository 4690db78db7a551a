import Foundation
import Testing
import VillageAccounts
import VillageServer

/// Every route of the route table, called over HTTP by every role and without a token: each
/// answers exactly as the table says, and a household never reaches another household's unit.
@Suite struct RoleRouteMatrixTests {
    /// A request that the route answers with one of `statuses` when the caller may use it.
    struct Sample {
        var query = ""
        var body: [String: Any]?
        var statuses: Set<Int> = [200]
    }

    /// One sample per route, keyed by `METHOD path`; a route without one fails the test, so a new
    /// route cannot escape the matrix.
    static func sample(for route: APIRoute, username: String) -> Sample? {
        switch "\(route.method) \(route.path)" {
        case "POST /api/v1/tokens":
            Sample(body: ["username": username, "password": ServerFixture.password], statuses: [201])
        case "DELETE /api/v1/tokens/current": Sample(statuses: [204])
        case "POST /api/v1/setup":
            Sample(body: ["code": "vlc_not-a-code", "password": "a long enough password"], statuses: [401])
        case "GET /api/v1/me", "GET /api/v1/plant", "GET /api/v1/dispatch/settings",
            "GET /api/v1/dispatch/settings/audit", "GET /api/v1/openapi.json", "GET /metrics", "GET /healthz",
            "GET /api/v1/households/{id}/trades":
            Sample()
        case "GET /api/v1/households/{id}/balance", "GET /api/v1/households/{id}/bill":
            Sample(query: "?month=\(ServerFixture.month)")
        case "GET /api/v1/households/{id}/intervals": Sample(query: "?from=2026-01-15")
        case "PUT /api/v1/dispatch/settings": Sample(body: ["strategy": "optimal"])
        case "GET /api/v1/exports": Sample(query: "?table=intervals&from=2026-01-15&to=2026-01-16")
        case "GET /api/v1/exports/package": Sample(query: "?table=all&from=2026-01-15&to=2026-01-16")
        default: nil
        }
    }

    static let usernames: [Role: String] = [
        .household: "u101", .manager: "manager", .researcher: "researcher", .operator: "operator",
    ]

    @Test func everyRoleGetsExactlyWhatTheRouteTableAllows() async throws {
        let server = try await ServerFixture.start()
        var tokens: [Role: String] = [:]
        for (role, name) in Self.usernames { tokens[role] = try await server.login(name) }
        #expect(APIRoutes.all.count >= 15)

        for route in APIRoutes.all {
            for role in [Role?.none] + Role.allCases.map(Optional.some) {
                let username = role.flatMap { Self.usernames[$0] } ?? "u101"
                let sample = try #require(
                    Self.sample(for: route, username: username), "no sample request for \(route.method) \(route.path)")
                // Logging out revokes the token: use a fresh one, so the others stay valid.
                var token = role.flatMap { tokens[$0] }
                if "\(route.method)" == "DELETE", let role { token = try await server.login(Self.usernames[role]!) }
                let path = route.path.replacingOccurrences(of: "{id}", with: "101") + sample.query
                let answer = try await server.request(
                    "\(route.method)", path, token: token, body: try sample.body.map(server.json))
                let who = role?.rawValue ?? "no token"
                let expected: Set<Int>
                if route.access == .anyone {
                    expected = sample.statuses
                } else if let role {
                    expected = route.allowedRoles.contains(role) ? sample.statuses : [403]
                } else {
                    expected = [401]
                }
                #expect(
                    expected.contains(answer.status),
                    "\(who) \(route.method) \(path): \(answer.status) \(answer.text.prefix(200)), expected \(expected.sorted())"
                )
                if route.householdScoped, role == .household {
                    // Household 101's account asking for 102's unit: refused, whatever the route.
                    let other = route.path.replacingOccurrences(of: "{id}", with: "102") + sample.query
                    let refused = try await server.request("\(route.method)", other, token: token)
                    #expect(refused.status == 403, "u101 read \(other): \(refused.status) \(refused.text.prefix(200))")
                    #expect(!refused.text.contains("MilliWon"))
                }
            }
        }
    }

    @Test func expiredRevokedAndForeignTokensAreRefused() async throws {
        let server = try await ServerFixture.start()
        let path = "/api/v1/households/101/balance"
        let token = try await server.login("u101")
        #expect(try await server.request("GET", path, token: token).status == 200)
        #expect(try await server.request("GET", path, token: token + "x").status == 401)
        #expect(try await server.request("GET", path, token: "vlg_" + String(repeating: "A", count: 43)).status == 401)
        let unauthenticated = try await server.request("GET", path)
        #expect(unauthenticated.status == 401)
        #expect(unauthenticated.headers["www-authenticate"]?.hasPrefix("Bearer") == true)

        // A token lives 30 days: one second past its expiry it is refused.
        let account = try #require(try await server.api.accounts.account(named: "u101"))
        let short = try await server.api.accounts.issueToken(
            for: account, kind: .api, lifetime: 60, now: server.clock.now)
        #expect(try await server.request("GET", path, token: short.token).status == 200)
        server.clock.advance(by: 60)
        #expect(try await server.request("GET", path, token: short.token).status == 401)

        // Logging out revokes the token of the request.
        #expect(try await server.request("DELETE", "/api/v1/tokens/current", token: token).status == 204)
        #expect(try await server.request("GET", path, token: token).status == 401)

        // A session cookie's token is not a bearer token.
        let session = try await server.api.accounts.issueToken(for: account, kind: .session, now: server.clock.now)
        #expect(try await server.request("GET", path, token: session.token).status == 401)

        // A disabled account's tokens die with it.
        let manager = try await server.login("manager")
        try await server.api.accounts.disable(username: "manager", now: server.clock.now)
        #expect(try await server.request("GET", "/api/v1/plant", token: manager).status == 401)
    }

    @Test func researchersGetPseudonymsUnlessGrantedAndAsking() async throws {
        let server = try await ServerFixture.start()
        let query = "/api/v1/exports?table=intervals&from=2026-01-15&to=2026-01-16&format=csv"
        let researcher = try await server.login("researcher")
        let pseudonymised = try await server.request("GET", query, token: researcher)
        #expect(pseudonymised.status == 200)
        let units = Self.householdColumn(pseudonymised.text)
        #expect(!units.isEmpty, "\(pseudonymised.text.prefix(600))")
        #expect(units.allSatisfy { !["101", "102", "103"].contains($0) }, "\(Set(units))")
        #expect(Set(units).count == 3)
        // Asking for raw identifiers without the operator's grant is refused.
        #expect(try await server.request("GET", query + "&raw=true", token: researcher).status == 403)
        // With the grant, raw identifiers come back.
        let granted = try await server.login("researcher-raw")
        let raw = try await server.request("GET", query + "&raw=true", token: granted)
        #expect(raw.status == 200)
        #expect(Set(Self.householdColumn(raw.text)) == ["101", "102", "103"])
        // Pseudonyms are stable across exports (one key, kept by the server).
        let again = try await server.request("GET", query, token: researcher)
        #expect(Set(Self.householdColumn(again.text)) == Set(units))
    }

    /// Owner ids of the household rows of an intervals CSV (`owner_kind` = `household`).
    static func householdColumn(_ csv: String) -> [String] {
        let lines = csv.split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first, let kind = header.firstIndex(of: "owner_kind"),
            let id = header.firstIndex(of: "owner_id")
        else { return [] }
        return lines.dropFirst().filter { $0.count > max(kind, id) && $0[kind] == "household" }.map { $0[id] }
    }
}
