import Foundation
import TestKit
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `village accounts` and `village serve` as an operator runs them: separate processes on the
/// village database, the server stopped with SIGTERM.
@Suite struct ServeCommandTests {
    /// Waits until `log` contains `text`, as long as `process` runs; the log's text.
    static func waitForLine(_ text: String, in log: URL, while process: PeerProcess) throws -> String {
        while true {
            let content = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if content.contains(text) { return content }
            guard process.process.isRunning else { return content }
            usleep(50_000)
        }
    }

    @Test func accountsAreManagedFromTheCommandLineAndServeAnswersUntilSIGTERM() async throws {
        let fixture = try await ServerFixture.start()
        let village = try BuiltExecutable.path("village")
        let db = fixture.databasePath

        // A password from a file; the password never appears in the output.
        let passwordFile = fixture.directory.appendingPathComponent("pw.txt")
        try "a very private password\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let add = try PeerProcess.run(
            village,
            [
                "accounts", "add", "--db", db, "--role", "household", "--household", "103", "--username", "u103",
                "--password-file", passwordFile.path,
            ])
        #expect(add.status == 0, "\(add.output)")
        #expect(!add.output.contains("a very private password"))
        // A setup code instead of a password: printed once.
        let setup = try PeerProcess.run(
            village,
            [
                "accounts", "add", "--db", db, "--role", "household", "--household", "104", "--username", "u104",
                "--setup-code", "--json",
            ])
        #expect(setup.status == 0, "\(setup.output)")
        let code = try #require(
            (try JSONSerialization.jsonObject(with: Data(setup.output.utf8)) as? [String: Any])?["setupCode"] as? String
        )
        // Bad input names the argument and adds nothing.
        let bad = try PeerProcess.run(
            village,
            [
                "accounts", "add", "--db", db, "--role", "manager", "--household", "101", "--username", "m2",
                "--setup-code",
            ])
        #expect(bad.status != 0)
        #expect(bad.output.contains("household"), "\(bad.output)")
        let list = try PeerProcess.run(village, ["accounts", "list", "--db", db, "--json"])
        let names = (try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]])?
            .compactMap { $0["username"] as? String }
        #expect(names?.contains("u103") == true && names?.contains("u104") == true && names?.contains("m2") == false)

        // The server, as its own process.
        let log = fixture.directory.appendingPathComponent("serve.log")
        let serve = try PeerProcess(
            village,
            [
                "serve", "--db", db, "--site", ServerFixture.siteFile, "--listen", "127.0.0.1:0", "--tariffs-dir",
                TestFiles.repository.appendingPathComponent("Tariffs").path,
            ],
            log: log)
        let started = try Self.waitForLine("listening on http://127.0.0.1:", in: log, while: serve)
        let marker = "listening on http://127.0.0.1:"
        let port = try #require(
            started.range(of: marker).flatMap { Int(started[$0.upperBound...].prefix { $0.isNumber }) },
            "\(started)")
        let base = "http://127.0.0.1:\(port)"
        let (_, health) = try await URLSession.shared.data(from: try #require(URL(string: base + "/healthz")))
        #expect((health as? HTTPURLResponse)?.statusCode == 200)

        // The household with the setup code sets its password and reads its own balance.
        var redeem = URLRequest(url: try #require(URL(string: base + "/api/v1/setup")))
        redeem.httpMethod = "POST"
        redeem.httpBody = try JSONSerialization.data(withJSONObject: ["code": code, "password": "my own password"])
        let (_, redeemed) = try await URLSession.shared.data(for: redeem)
        #expect((redeemed as? HTTPURLResponse)?.statusCode == 200)
        var login = URLRequest(url: try #require(URL(string: base + "/api/v1/tokens")))
        login.httpMethod = "POST"
        login.httpBody = try JSONSerialization.data(withJSONObject: ["username": "u104", "password": "my own password"])
        let (body, loggedIn) = try await URLSession.shared.data(for: login)
        #expect((loggedIn as? HTTPURLResponse)?.statusCode == 201)
        let token = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["token"] as? String)
        var balance = URLRequest(url: try #require(URL(string: base + "/api/v1/households/104/balance")))
        balance.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, balanceAnswer) = try await URLSession.shared.data(for: balance)
        #expect((balanceAnswer as? HTTPURLResponse)?.statusCode == 200)

        // SIGTERM stops it cleanly.
        kill(serve.process.processIdentifier, SIGTERM)
        serve.process.waitUntilExit()
        #expect(serve.process.terminationReason == .exit && serve.process.terminationStatus == 0)
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(output.contains("village serve: stopped"), "\(output)")
        #expect(!output.contains(token) && !output.contains("my own password"))
    }
}
