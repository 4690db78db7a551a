import Foundation
import TestKit
import Testing

/// `village login` and `village logout` against a real `village serve` on loopback.
@Suite struct LoginTests {
    /// The permission bits of a file.
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test func loginWritesAnOwnerOnlyFileWithTheTokenAndNeverThePassword() async throws {
        let village = try await ServedVillage.start(intervals: 2)
        let (passwordFile, password) = try village.addAccount("u101", role: "household", household: "101")
        let credentials = village.path("login/credentials.json")
        let login = try village.village([
            "login", "--server", village.url, "--username", "u101", "--password-file", passwordFile,
            "--credentials", credentials,
        ])
        #expect(login.status == 0, "\(login.error)")
        #expect(login.output.contains("Logged in to \(village.url) as u101"))
        #expect(try Self.mode(credentials) == 0o600)
        #expect(try Self.mode(village.path("login")) == 0o700)
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: credentials)))
        let fields = try #require(stored as? [String: Any])
        #expect(fields["server"] as? String == village.url)
        #expect(fields["username"] as? String == "u101")
        let token = try #require(fields["token"] as? String)
        #expect(!token.isEmpty)
        #expect((fields["expiresAt"] as? Int ?? 0) > Int(Date().timeIntervalSince1970))
        let file = try String(contentsOfFile: credentials, encoding: .utf8)
        #expect(!file.contains(password))
        for text in [login.output, login.error] {
            #expect(!text.contains(password))
            #expect(!text.contains(token))
        }
        let serverLog = try String(contentsOfFile: village.path("serve.log"), encoding: .utf8)
        #expect(!serverLog.contains(password))
    }

    @Test func theDefaultLoginFileIsUnderXDGConfigHome() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        let (passwordFile, _) = try village.addAccount("u102", role: "household", household: "102")
        let configuration = village.path("config")
        let environment = ["XDG_CONFIG_HOME": configuration]
        let login = try village.village(
            ["login", "--server", village.url, "--username", "u102", "--password-file", passwordFile],
            environment: environment)
        #expect(login.status == 0, "\(login.error)")
        let file = configuration + "/village/credentials.json"
        #expect(try Self.mode(file) == 0o600)
        let balance = try village.village(["balance", "--household", "102", "--json"], environment: environment)
        #expect(balance.status == 0, "\(balance.error)")

        let logout = try village.village(["logout"], environment: environment)
        #expect(logout.status == 0, "\(logout.error)")
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func aWrongPasswordIsRefusedClearlyAndWritesNoFile() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        _ = try village.addAccount("u101", role: "household", household: "101")
        let wrong = village.path("wrong.password")
        try "not-the-password-at-all\n".write(toFile: wrong, atomically: true, encoding: .utf8)
        let credentials = village.path("credentials.json")
        let login = try village.village([
            "login", "--server", village.url, "--username", "u101", "--password-file", wrong, "--credentials",
            credentials,
        ])
        #expect(login.status != 0)
        #expect(login.error.contains("refused the user name or password"), "\(login.error)")
        #expect(login.error.contains(village.url))
        #expect(!login.error.contains("not-the-password-at-all"))
        #expect(!FileManager.default.fileExists(atPath: credentials))
    }

    @Test func aRevokedTokenAsksToLogInAgain() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        let (passwordFile, _) = try village.addAccount("u101", role: "household", household: "101")
        let credentials = village.path("credentials.json")
        let login = try village.village([
            "login", "--server", village.url, "--username", "u101", "--password-file", passwordFile,
            "--credentials", credentials,
        ])
        try #require(login.status == 0, "\(login.error)")
        let kept = village.path("kept-credentials.json")
        try FileManager.default.copyItem(atPath: credentials, toPath: kept)

        let logout = try village.village(["logout", "--credentials", credentials])
        #expect(logout.status == 0, "\(logout.error)")
        #expect(logout.output.contains("Logged out of \(village.url)"))
        #expect(!FileManager.default.fileExists(atPath: credentials))

        // The same token, kept elsewhere, no longer opens anything: logout revoked it on the server.
        let balance = try village.village(["balance", "--household", "101", "--credentials", kept])
        #expect(balance.status != 0)
        #expect(balance.error.contains("no longer accepts this login"), "\(balance.error)")
        #expect(balance.error.contains("village login --server \(village.url)"))
        #expect(balance.output.isEmpty)
    }

    @Test func anExpiredLoginIsNamedWithoutAskingTheServer() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        let credentials = village.path("credentials.json")
        let expired = """
            {"expiresAt": 1767193200, "server": "\(village.url)", "token": "vlg_expired", "username": "u101"}
            """
        FileManager.default.createFile(
            atPath: credentials, contents: Data(expired.utf8), attributes: [.posixPermissions: 0o600])
        let balance = try village.village(["balance", "--household", "101", "--credentials", credentials])
        #expect(balance.status != 0)
        #expect(balance.error.contains("expired at 2025-12-31 15:00 UTC"), "\(balance.error)")
        #expect(balance.error.contains("village login --server \(village.url) --username u101"))
    }

    @Test func anUnreachableServerIsNamed() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        let credentials = village.path("credentials.json")
        let nobody = "http://127.0.0.1:\(Loopback.freePort())"
        let login = """
            {"expiresAt": \(Int(Date().timeIntervalSince1970) + 3600), "server": "\(nobody)", "token": "vlg_x", "username": "u101"}
            """
        FileManager.default.createFile(
            atPath: credentials, contents: Data(login.utf8), attributes: [.posixPermissions: 0o600])
        let balance = try village.village(["balance", "--household", "101", "--credentials", credentials])
        #expect(balance.status != 0)
        #expect(balance.error.contains("cannot reach the village server at \(nobody)"), "\(balance.error)")
    }

    @Test func withoutALoginTheCommandSaysHowToGetOne() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        let balance = try village.village(["balance", "--household", "101"])
        #expect(balance.status != 0)
        #expect(balance.error.contains("not logged in"), "\(balance.error)")
        #expect(balance.error.contains("village login --server URL --username NAME"))
        #expect(balance.error.contains("--db PATH"))
    }
}
