import Foundation
import GRDB
import Testing

/// Malformed, unknown, mistyped, oversized and hostile input: a 4xx with a JSON error naming the
/// field, and nothing written.
@Suite struct BadInputTests {
    struct Case: CustomStringConvertible {
        var method: String
        var path: String
        var body: Data?
        var status: Int
        var field: String
        var description: String {
            "\(method) \(path) \(body.map { String(decoding: $0.prefix(80), as: UTF8.self) } ?? "")"
        }
    }

    static func data(_ text: String) -> Data { Data(text.utf8) }

    static let cases: [Case] = [
        // Log in.
        Case(
            method: "POST", path: "/api/v1/tokens", body: data("{\"username\": \"u101\", "), status: 400, field: "body"),
        Case(method: "POST", path: "/api/v1/tokens", body: data("[1, 2]"), status: 400, field: "body"),
        Case(
            method: "POST", path: "/api/v1/tokens",
            body: data("{\"username\": \"u101\", \"password\": \"x\", \"admin\": true}"), status: 400, field: "admin"),
        Case(
            method: "POST", path: "/api/v1/tokens", body: data("{\"username\": 101, \"password\": \"x\"}"),
            status: 400, field: "username"),
        Case(
            method: "POST", path: "/api/v1/tokens", body: data("{\"username\": \"u101\"}"), status: 400,
            field: "password"),
        Case(
            method: "POST", path: "/api/v1/tokens",
            body: data("{\"username\": \"" + String(repeating: "a", count: 100_000) + "\"}"), status: 413, field: "body"
        ),
        // Dispatch settings.
        Case(
            method: "PUT", path: "/api/v1/dispatch/settings", body: data("{\"strategy\": "), status: 400, field: "body"),
        Case(
            method: "PUT", path: "/api/v1/dispatch/settings", body: data("{\"reserveSoc\": 50}"), status: 422,
            field: "reserveSoc"),
        Case(
            method: "PUT", path: "/api/v1/dispatch/settings", body: data("{\"horizonHours\": \"many\"}"), status: 422,
            field: "horizonHours"),
        Case(
            method: "PUT", path: "/api/v1/dispatch/settings", body: data("{\"horizonHours\": 500}"), status: 422,
            field: "horizonHours"),
        Case(
            method: "PUT", path: "/api/v1/dispatch/settings", body: data("{\"strategy\": \"yolo\"}"), status: 422,
            field: "strategy"),
        Case(
            method: "PUT", path: "/api/v1/dispatch/settings",
            body: data("{\"socReserve\": {\"socPct\": 150, \"byLocalTime\": \"07:00\"}}"), status: 422,
            field: "socReserve.socPct"),
        Case(
            method: "PUT", path: "/api/v1/dispatch/settings",
            body: data("{\"coolingPumps\": [\"hp-9'; DROP TABLE accounts;--\"]}"), status: 422, field: "coolingPumps[0]"
        ),
        // Ids, months, dates, export names.
        Case(
            method: "GET", path: "/api/v1/households/101%27%20OR%20%271%27=%271/balance", body: nil, status: 400,
            field: "id"),
        Case(method: "GET", path: "/api/v1/households/999/balance", body: nil, status: 404, field: "id"),
        Case(
            method: "GET", path: "/api/v1/households/101/balance?month=2026-13", body: nil, status: 400, field: "month"),
        Case(
            method: "GET", path: "/api/v1/households/101/balance?montth=2026-01", body: nil, status: 400,
            field: "montth"),
        Case(
            method: "GET", path: "/api/v1/households/101/intervals?from=yesterday", body: nil, status: 400,
            field: "from"),
        Case(
            method: "GET", path: "/api/v1/households/101/intervals?from=2026-01-01&to=2026-03-01", body: nil,
            status: 400,
            field: "to"),
        Case(
            method: "GET", path: "/api/v1/households/101/trades?from=yesterday", body: nil, status: 400,
            field: "from"),
        Case(
            method: "GET", path: "/api/v1/households/101/trades?from=2026-01-16&to=2026-01-15", body: nil, status: 400,
            field: "from"),
        Case(
            method: "GET", path: "/api/v1/households/101/trades?interval=2026-01-15T12:05", body: nil, status: 400,
            field: "interval"),
        Case(
            method: "GET", path: "/api/v1/households/101/trades?day=2026-01-15&from=2026-01-01", body: nil,
            status: 400, field: "from"),
        Case(
            method: "GET", path: "/api/v1/exports?table=..%2F..%2Fetc%2Fpasswd&from=2026-01-15&to=2026-01-16",
            body: nil,
            status: 400, field: "table"),
        Case(
            method: "GET", path: "/api/v1/exports?table=intervals&format=..%2Fx&from=2026-01-15&to=2026-01-16",
            body: nil, status: 400, field: "format"),
        Case(
            method: "GET", path: "/api/v1/exports?table=intervals&from=2026-01-16&to=2026-01-15", body: nil,
            status: 400, field: "to"),
    ]

    @Test func badInputIsRefusedNamingTheFieldAndChangesNothing() async throws {
        let server = try await ServerFixture.start()
        let token = try await server.login("operator")
        let before = try Self.snapshot(server.databasePath)
        for item in Self.cases {
            let answer = try await server.request(item.method, item.path, token: token, body: item.body)
            #expect(answer.status == item.status, "\(item): \(answer.status) \(answer.text.prefix(300))")
            #expect(answer.errorField == item.field, "\(item): \(answer.text.prefix(300))")
            #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true, "\(item)")
            #expect(!answer.text.contains(ServerFixture.password))
        }
        #expect(try Self.snapshot(server.databasePath) == before, "a refused request wrote something")
    }

    /// What a refused request must not change: settings, audit log, accounts and live tokens.
    static func snapshot(_ path: String) throws -> [String] {
        try DatabaseQueue(
            path: path,
            configuration: {
                var c = Configuration()
                c.readonly = true
                return c
            }()
        ).read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT 'override ' || settings_json FROM dispatch_settings_override
                    UNION ALL SELECT 'audit ' || id FROM dispatch_settings_audit
                    UNION ALL SELECT 'account ' || username || disabled FROM accounts
                    UNION ALL SELECT 'token ' || token_hash || COALESCE(revoked_at, '') FROM account_tokens
                    """)
        }
    }
}
