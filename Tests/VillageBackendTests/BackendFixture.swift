import Foundation
import Logging
import Market
import ServiceLifecycle
import TestKit
import VillageAccounts
import VillageBackend
import VillageServer
import VillageUplink

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real backend on a loopback port over a throwaway PostgreSQL server, with villages registered
/// and one account per role.
struct BackendFixture: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// User name → (role, village, household).
    static let accounts: [(String, Role, String?, String?)] = [
        ("operator", .operator, nil, nil), ("manager", .manager, nil, nil), ("researcher", .researcher, nil, nil),
        ("a101", .household, "alpha", "101"), ("b101", .household, "beta", "101"),
    ]

    /// The password of `a101`, the one account that logs in with a password.
    static let password = "correct horse battery"

    let postgres: TemporaryPostgres
    let port: Int
    /// Account user names and village names → their tokens.
    let tokens: [String: String]

    func token(_ name: String) throws -> String {
        guard let token = tokens[name] else { throw Failure(description: "no token for \(name)") }
        return token
    }

    /// Starts PostgreSQL and the backend, registers `villages`, runs `body`, stops both.
    static func run(
        villages: [(name: String, key: LedgerPublicKey)], _ body: @Sendable (BackendFixture) async throws -> Void
    ) async throws {
        let postgres = try TemporaryPostgres()
        defer { postgres.stop() }
        let address = try PostgresAddress(parsing: postgres.url)
        var logger = Logger(label: "backend-test")
        logger.logLevel = .warning
        let tokens = try await BackendDatabase.with(address, logger: logger) { database in
            var tokens: [String: String] = [:]
            for village in villages {
                tokens[village.name] = try await database.addVillage(
                    name: village.name, publicKey: village.key, timeZone: "Asia/Seoul")
            }
            for (username, role, village, household) in accounts
            where village == nil || villages.contains(where: { $0.name == village }) {
                tokens[username] = try await database.addAccount(
                    username: username, role: role, village: village, household: household,
                    password: username == "a101" ? password : nil, lifetime: 3600)
            }
            return tokens
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = BackendServer.application(
            database: address, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: logger
        ) { port in continuation.yield(port) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw Failure(description: "the backend did not start") }
            try await body(BackendFixture(postgres: postgres, port: port, tokens: tokens))
            group.cancelAll()
        }
    }

    struct Answer {
        var status: Int
        var body: Data
        /// Header fields by lowercased name.
        var headers: [String: String] = [:]
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        var errorField: String? { (object["error"] as? [String: Any])?["field"] as? String }
        func acknowledgement() throws -> UplinkAcknowledgement {
            try JSONDecoder().decode(UplinkAcknowledgement.self, from: body)
        }
    }

    func request(
        _ method: String, _ pathAndQuery: String, token: String? = nil, body: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> Answer {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)") else {
            throw Failure(description: "bad URL \(pathAndQuery)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure(description: "not an HTTP answer") }
        var headers: [String: String] = [:]
        for case (let name as String, let value as String) in http.allHeaderFields {
            headers[name.lowercased()] = value
        }
        return Answer(status: http.statusCode, body: data, headers: headers)
    }

    /// Posts `batch` as the edge does: JSON, gzip-compressed by the system's `gzip` unless `gzip` is false.
    func post(_ batch: UplinkBatch, token: String?, gzip: Bool = true) async throws -> Answer {
        let json = try UplinkProtocol.encoder().encode(batch)
        guard gzip else {
            return try await request(
                "POST", UplinkProtocol.batchesPath, token: token, body: json,
                headers: ["Content-Type": "application/json"])
        }
        return try await request(
            "POST", UplinkProtocol.batchesPath, token: token, body: try Self.gzip(json),
            headers: ["Content-Type": "application/json", "Content-Encoding": "gzip"])
    }

    func count(_ table: String, _ condition: String = "true") throws -> Int {
        Int(try postgres.psql("SELECT count(*) FROM \(table) WHERE \(condition)")) ?? -1
    }

    /// The bytes `gzip -c` makes of `data`: an implementation independent of the backend's zlib use.
    static func gzip(_ data: Data) throws -> Data {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).json")
        try data.write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", input.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "gzip failed") }
        return compressed
    }
}
