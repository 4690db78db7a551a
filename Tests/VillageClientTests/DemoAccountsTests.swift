import Foundation
import TestKit
import Testing

/// `village demo` ends with accounts on its database and how to browse them: the printed
/// passwords open the served village, and every run prints new ones.
@Suite struct DemoAccountsTests {
    /// user name → password, from the demo's "Browse this village" lines.
    static func accounts(in output: String) -> [String: String] {
        var found: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let user = words.firstIndex(of: "user"), let password = words.firstIndex(of: "password"),
                password + 1 < words.count, user + 1 < words.count
            else { continue }
            found[String(words[user + 1])] = String(words[password + 1])
        }
        return found
    }

    @Test func theDemoPrintsFreshAccountsThatOpenItsServedVillage() async throws {
        let directory = try TestFiles.temporaryDirectory()
        let database = directory.appendingPathComponent("demo.sqlite").path
        let repository = TestFiles.repository
        func demo(_ extra: [String]) throws -> ServedVillage.Run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("village"))
            process.arguments =
                [
                    "demo", "--hours", "1", "--warmup-days", "0", "--db", database,
                    "--site", repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path,
                    "--meters", repository.appendingPathComponent("Meters").path,
                    "--tariffs-dir", repository.appendingPathComponent("Tariffs").path,
                ] + extra
            let log = directory.appendingPathComponent("demo-\(UUID().uuidString).txt")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try handle.close()
            return ServedVillage.Run(
                status: process.terminationStatus, output: try String(contentsOf: log, encoding: .utf8), error: "")
        }
        let first = try demo([])
        #expect(first.status == 0, "\(first.output)")
        let accounts = Self.accounts(in: first.output)
        #expect(Set(accounts.keys).count == 3, "\(first.output)")
        #expect(accounts.keys.contains("manager"))
        #expect(accounts.keys.contains("researcher"))
        let household = try #require(accounts.keys.first { $0.hasPrefix("u") })
        #expect(first.output.contains("village serve --db \(database) --site"))
        #expect(first.output.contains("village login --server http://127.0.0.1:8080 --username \(household)"))
        #expect(accounts.values.allSatisfy { $0.count == 16 })
        #expect(Set(accounts.values).count == 3)

        let village = try ServedVillage.serving(database, in: directory)
        let passwordFile = village.path("household.password")
        try accounts[household]!.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let credentials = village.path("credentials.json")
        let login = try village.village([
            "login", "--server", village.url, "--username", household, "--password-file", passwordFile,
            "--credentials", credentials,
        ])
        #expect(login.status == 0, "\(login.error)")
        let unit = String(household.dropFirst())
        let remote = try village.village(["balance", "--household", unit, "--json", "--credentials", credentials])
        let local = try village.village(["balance", "--household", unit, "--json", "--db", database])
        #expect(remote.status == 0, "\(remote.error)")
        #expect(remote.output == local.output)
    }
}
