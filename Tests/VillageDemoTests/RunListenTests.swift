import Foundation
import Glibc
import TestKit
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `village run --listen` serves the API from the daemon that collects, settles and dispatches: a
/// household logs in over HTTP and reads the balance `village balance` prints from the database,
/// and SIGTERM stops everything with exit status 0.
@Suite(.serialized) struct RunListenTests {
    /// 2025-06-16 12:00 Asia/Seoul: the sun is up, so the market trades from the first interval.
    static let noon = DaemonTests.start + 12 * 3600

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The URL the daemon prints once its server listens; nil if the daemon ends first.
    static func servedURL(_ daemon: PeerProcess, log: URL) throws -> String? {
        for _ in 0..<1200 {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("village run: serving http://") }) {
                return String(line.dropFirst("village run: serving ".count))
            }
            guard daemon.process.isRunning else { return nil }
            usleep(50_000)
        }
        throw Failure(description: "village run printed no URL within a minute: \(log.path)")
    }

    static func village(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try PeerProcess.run(try BuiltExecutable.path("village"), arguments)
    }

    static func object(_ data: Data) throws -> NSDictionary {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "not a JSON object: \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return NSDictionary(dictionary: object)
    }

    static func get(_ url: URL, token: String? = nil, body: Data? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: url)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    @Test func aHouseholdReadsItsBalanceFromTheDaemonsServerAndSIGTERMStopsIt() async throws {
        let village = try DaemonTests.Village(start: Self.noon)
        defer { village.stop() }
        let daemon = try village.daemon(["--listen", "127.0.0.1:0"])
        let log = village.directory.appendingPathComponent("village-run.log")
        let served = try #require(try Self.servedURL(daemon, log: log), "village run ended: \(village.runLogTail())")
        let base = try #require(URL(string: served))
        #expect(base.port != 0)

        let password = "a long enough password"
        let passwordFile = village.directory.appendingPathComponent("u101.password").path
        try password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let added = try Self.village([
            "accounts", "add", "--db", village.database, "--role", "household", "--household", "101", "--username",
            "u101", "--password-file", passwordFile,
        ])
        try #require(added.status == 0, "\(added.output)")

        let credentials = try JSONSerialization.data(withJSONObject: ["username": "u101", "password": password])
        let (loginStatus, loginBody) = try await Self.get(
            base.appendingPathComponent("api/v1/tokens"), body: credentials)
        try #require(loginStatus == 201, "\(String(decoding: loginBody, as: UTF8.self))")
        let token = try #require(try Self.object(loginBody)["token"] as? String)

        // The daemon keeps settling while we read: compare the server's answer with a local read
        // that did not change around it (the same before and after), once some trades are settled.
        let balanceURL = base.appendingPathComponent("api/v1/households/101/balance")
        let local = ["balance", "--household", "101", "--json", "--db", village.database]
        var compared = false
        for _ in 0..<600 where !compared {
            let before = try Self.village(local)
            try #require(before.status == 0, "\(before.output)")
            let (status, body) = try await Self.get(balanceURL, token: token)
            try #require(status == 200, "\(String(decoding: body, as: UTF8.self))")
            let after = try Self.village(local)
            let settled = try Self.object(Data(before.output.utf8))
            let transactions = (settled["total"] as? [String: Any])?["transactions"] as? Int ?? 0
            guard before.output == after.output, transactions > 0 else {
                usleep(100_000)
                continue
            }
            #expect(try Self.object(body) == settled)
            compared = true
        }
        #expect(compared, "no settled, unchanging balance to compare within a minute: \(village.runLogTail())")

        // Another unit's balance stays closed to this household's token.
        let (otherStatus, _) = try await Self.get(
            base.appendingPathComponent("api/v1/households/102/balance"), token: token)
        #expect(otherStatus == 403)

        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationReason == .exit)
        #expect(daemon.process.terminationStatus == 0, "\(village.runLogTail())")
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("village run: stopped; the plant is in its safe state"), "\(village.runLogTail())")
    }
}
