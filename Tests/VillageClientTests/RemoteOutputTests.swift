import Foundation
import TestKit
import Testing

/// The household commands through the server print what they print from the database itself,
/// byte for byte, and a household's login reads only its own unit.
@Suite struct RemoteOutputTests {
    /// A served village with household 101's account logged in; the login file's path.
    static func loggedIn(as username: String = "u101", household: String = "101") async throws -> (
        ServedVillage, String
    ) {
        let village = try await ServedVillage.start()
        let (passwordFile, _) = try village.addAccount(username, role: "household", household: household)
        let credentials = village.path("\(username).credentials.json")
        let login = try village.village([
            "login", "--server", village.url, "--username", username, "--password-file", passwordFile,
            "--credentials", credentials,
        ])
        try #require(login.status == 0, "\(login.error)")
        return (village, credentials)
    }

    @Test(arguments: [
        ["--json"], [], ["--month", "2026-02", "--json"], ["--month", "2026-01"], ["--month", "2025-06", "--json"],
    ])
    func balanceThroughTheServerEqualsTheLocalRead(_ extra: [String]) async throws {
        let (village, credentials) = try await Self.loggedIn()
        let remote = try village.village(["balance", "--household", "101", "--credentials", credentials] + extra)
        let local = try village.village(["balance", "--household", "101", "--db", village.database] + extra)
        #expect(remote.status == 0, "\(remote.error)")
        #expect(local.status == 0, "\(local.error)")
        #expect(!local.output.isEmpty)
        #expect(remote.output == local.output)
    }

    @Test func theBalanceComparedIsNotEmpty() async throws {
        let (village, credentials) = try await Self.loggedIn()
        let remote = try village.village(["balance", "--household", "101", "--json", "--credentials", credentials])
        let decoded = try JSONSerialization.jsonObject(with: Data(remote.output.utf8)) as? [String: Any]
        let months = try #require(decoded?["months"] as? [[String: Any]])
        #expect(months.map { $0["month"] as? String } == ["2026-01", "2026-02"])
        let total = try #require(decoded?["total"] as? [String: Any])
        #expect((total["transactions"] as? Int ?? 0) > 0)
    }

    @Test(arguments: [["balance"], ["trades"], ["bill", "--month", "2026-02"]])
    func householdOneHundredOneCannotReadOneHundredTwo(_ command: [String]) async throws {
        let (village, credentials) = try await Self.loggedIn()
        let other = try village.village(command + ["--household", "102", "--credentials", credentials])
        #expect(other.status != 0)
        #expect(other.output.isEmpty)
        #expect(other.error.contains("the account 'u101' may not see"), "\(other.error)")
        #expect(other.error.contains("/households/102/"))
        #expect(other.error.contains("own unit"))
    }
}

/// `village trades` and `village bill` through the server print what they print from the database.
@Suite struct RemoteTradesAndBillTests {
    @Test(arguments: [
        ["--json"], [], ["--day", "2026-02-01", "--json"], ["--day", "2026-01-31"], ["--day", "2026-03-01"],
        ["--from", "2026-01-31", "--to", "2026-02-02", "--json"], ["--from", "2026-01-31T12:00", "--to", "2026-02-01"],
        ["--from", "2026-02-01", "--json"], ["--to", "2026-01-02"], ["--interval", "2026-02-01T12:00", "--json"],
    ])
    func tradesThroughTheServerEqualTheLocalRead(_ extra: [String]) async throws {
        let (village, credentials) = try await RemoteOutputTests.loggedIn()
        let remote = try village.village(["trades", "--household", "101", "--credentials", credentials] + extra)
        let local = try village.village(["trades", "--household", "101", "--db", village.database] + extra)
        #expect(remote.status == 0, "\(remote.error)")
        #expect(local.status == 0, "\(local.error)")
        #expect(!local.output.isEmpty)
        #expect(remote.output == local.output)
    }

    @Test func theTradesComparedNameNoOtherUnit() async throws {
        let (village, credentials) = try await RemoteOutputTests.loggedIn()
        let remote = try village.village(["trades", "--household", "101", "--json", "--credentials", credentials])
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(remote.output.utf8)) as? [[String: Any]])
        #expect(!lines.isEmpty)
        for line in lines {
            let sides = [line["buyer"] as? String, line["seller"] as? String]
            #expect(sides.contains("101"))
            #expect(sides.allSatisfy { ["101", "a neighbour", "shared battery"].contains($0) })
        }
    }

    @Test(arguments: [["--json"], []])
    func theBillThroughTheServerEqualsTheLocalRead(_ extra: [String]) async throws {
        let (village, credentials) = try await RemoteOutputTests.loggedIn()
        let arguments = ["bill", "--household", "101", "--month", "2026-02"] + extra
        let remote = try village.village(arguments + ["--credentials", credentials])
        let local = try village.village(
            arguments + [
                "--db", village.database, "--tariffs-dir", TestFiles.repository.appendingPathComponent("Tariffs").path,
            ])
        #expect(remote.status == 0, "\(remote.error)")
        #expect(local.status == 0, "\(local.error)")
        #expect(local.output.contains("101"))
        #expect(remote.output == local.output)
    }

    @Test func optionsThatOnlyTheDatabaseHasAreRefusedThroughTheServer() async throws {
        let (village, credentials) = try await RemoteOutputTests.loggedIn()
        let bill = try village.village([
            "bill", "--household", "101", "--month", "2026-02", "--tariff", "x", "--credentials", credentials,
        ])
        #expect(bill.status != 0)
        #expect(bill.error.contains("--tariff and --contract-kw need --db"), "\(bill.error)")
    }

    /// A period of several days through the server: the same trades as the local read, and more
    /// than any one day of them.
    @Test func aPeriodThroughTheServerListsMoreThanOneDay() async throws {
        let (village, credentials) = try await RemoteOutputTests.loggedIn()
        func count(_ arguments: [String]) throws -> Int {
            let result = try village.village(
                ["trades", "--household", "101", "--json", "--credentials", credentials] + arguments)
            #expect(result.status == 0, "\(result.error)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [Any]).count
        }
        let period = try count(["--from", "2026-01-30", "--to", "2026-02-02"])
        let oneDay = try count(["--day", "2026-01-31"])
        #expect(oneDay > 0)
        #expect(period > oneDay)
    }
}
