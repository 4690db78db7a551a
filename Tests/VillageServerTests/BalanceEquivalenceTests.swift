import Foundation
import TestKit
import Testing

/// The API's figures are the CLI's: `village balance --json` and `village bill --json`, run as
/// processes on the same settled database, print the same documents as the server answers.
@Suite struct BalanceEquivalenceTests {
    @Test(arguments: [nil, ServerFixture.month])
    func theBalanceEqualsWhatVillageBalancePrints(month: String?) async throws {
        let server = try await ServerFixture.start()
        for household in ["101", "102"] {
            let token = try await server.login(household == "101" ? "u101" : "u102")
            let answer = try await server.request(
                "GET", "/api/v1/households/\(household)/balance" + (month.map { "?month=\($0)" } ?? ""), token: token)
            #expect(answer.status == 200)
            let cli = try PeerProcess.run(
                try BuiltExecutable.path("village"),
                ["balance", "--db", server.databasePath, "--household", household, "--json"]
                    + (month.map { ["--month", $0] } ?? []))
            #expect(cli.status == 0, "\(cli.output)")
            let printed = try JSONSerialization.jsonObject(with: Data(cli.output.utf8)) as? NSDictionary
            let served = try JSONSerialization.jsonObject(with: answer.body) as? NSDictionary
            #expect(printed != nil && printed == served, "CLI: \(cli.output)\nAPI: \(answer.text)")
            // Something was really settled: the figures are not all zero.
            let total = try #require(served?["total"] as? [String: Any])
            #expect((total["transactions"] as? Int ?? 0) == 8)
            #expect((total["balanceMilliWon"] as? Int ?? 0) != 0)
        }
    }

    @Test func theBillEqualsWhatVillageBillPrints() async throws {
        let server = try await ServerFixture.start()
        let token = try await server.login("u102")
        let answer = try await server.request(
            "GET", "/api/v1/households/102/bill?month=\(ServerFixture.month)", token: token)
        #expect(answer.status == 200)
        let cli = try PeerProcess.run(
            try BuiltExecutable.path("village"),
            [
                "bill", "--db", server.databasePath, "--household", "102", "--month", ServerFixture.month,
                "--tariffs-dir", TestFiles.repository.appendingPathComponent("Tariffs").path, "--json",
            ])
        #expect(cli.status == 0, "\(cli.output)")
        let printed = try JSONSerialization.jsonObject(with: Data(cli.output.utf8)) as? NSDictionary
        let served = try JSONSerialization.jsonObject(with: answer.body) as? NSDictionary
        #expect(printed != nil && printed == served, "CLI: \(cli.output)\nAPI: \(answer.text)")
    }

    @Test func tradesNameNoCounterparty() async throws {
        let server = try await ServerFixture.start()
        let token = try await server.login("u102")
        let answer = try await server.request("GET", "/api/v1/households/102/trades?day=2026-01-15", token: token)
        #expect(answer.status == 200)
        let trades = try #require(answer.object["trades"] as? [[String: Any]])
        #expect(trades.count == 8, "\(answer.text)")
        #expect(trades.allSatisfy { $0["buyer"] as? String == "102" && $0["seller"] as? String == "a neighbour" })
        let keys: Set<String> = [
            "intervalStart", "localTime", "sequence", "kind", "buyer", "seller", "energyWh",
            "buyerPriceMilliWonPerKWh", "sellerPriceMilliWonPerKWh",
        ]
        #expect(trades.allSatisfy { Set($0.keys) == keys }, "no field names the other household")
    }
}
