import Foundation
import Market
import MarketStore
import MarketTestKit
import TestKit
import VillageStore

/// A village database with a settled ledger, `village serve` on it over loopback, and the
/// `village` executable to run against it, all in a temporary directory removed at the end.
final class ServedVillage: @unchecked Sendable {
    let directory: URL
    let database: String
    let port: Int
    private var server: PeerProcess?

    var url: String { "http://127.0.0.1:\(port)" }

    /// What one run of `village` did.
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    /// Households 101…108, `intervals` quarter hours of them settled from 2026-01-31 23:00 local on
    /// (so the ledger spans January and February), and the server started.
    static func start(intervals: Int = 12) async throws -> ServedVillage {
        let directory = try TestFiles.temporaryDirectory()
        let database = directory.appendingPathComponent("village.sqlite").path
        let store = try VillageStore(path: database)
        let ids = (0..<8).map(VillageFixture.unitNumber)
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: "Eco Delta"), households: ids.map(HouseholdRecord.init),
            devices: ids.map {
                DeviceRecord(id: "\($0)-elec", householdId: $0, kind: "electricity-meter", profile: "generic")
            })
        let ledger = SQLiteLedgerStore(store: store)
        let firstStart: Int64 = 1_769_868_000  // 2026-01-31 23:00 +09:00
        for index in 0..<intervals {
            let input = try VillageFixture.settlementInput(
                interval: index, households: ids.count, firstIntervalStart: firstStart)
            _ = try Settler(store: ledger).settle(input)
        }
        // Metered imports of every household in the settled quarter hours, for `village bill`.
        _ = try await store.upsert(
            intervals: ids.flatMap { id in
                (0..<intervals).map { index in
                    IntervalEnergy(
                        owner: .household(id), channel: .energyImport, start: firstStart + Int64(index) * 900,
                        value: Int64(100 + 10 * index), quality: .measured)
                }
            })
        let village = ServedVillage(directory: directory, database: database, port: Loopback.freePort())
        try village.startServer()
        return village
    }

    /// The server on a database made elsewhere (`village demo`'s), in `directory`.
    static func serving(_ database: String, in directory: URL) throws -> ServedVillage {
        let village = ServedVillage(directory: directory, database: database, port: Loopback.freePort())
        try village.startServer()
        return village
    }

    private init(directory: URL, database: String, port: Int) {
        self.directory = directory
        self.database = database
        self.port = port
    }

    deinit {
        server?.terminate()
        try? FileManager.default.removeItem(at: directory)
    }

    private func startServer() throws {
        let log = directory.appendingPathComponent("serve.log")
        server = try PeerProcess(
            try BuiltExecutable.path("village"),
            [
                "serve", "--db", database, "--listen", "127.0.0.1:\(port)",
                "--site", TestFiles.repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path,
                "--tariffs-dir", TestFiles.repository.appendingPathComponent("Tariffs").path,
            ], log: log)
        guard Loopback.waitUntilListening(port: port) else {
            let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw ServerDidNotStart(log: said)
        }
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var log: String
        var description: String { "village serve did not listen; its output:\n\(log)" }
    }

    /// A path in the temporary directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Adds an account with a fresh random password; returns the password file (0600).
    func addAccount(_ username: String, role: String, household: String? = nil) throws -> (
        file: String, password: String
    ) {
        let password = "pw-" + UUID().uuidString
        let file = path("\(username).password")
        FileManager.default.createFile(
            atPath: file, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
        let added = try village(
            ["accounts", "add", "--db", database, "--role", role, "--username", username, "--password-file", file]
                + (household.map { ["--household", $0] } ?? []))
        guard added.status == 0 else { throw AccountNotAdded(run: added) }
        return (file, password)
    }

    struct AccountNotAdded: Error, CustomStringConvertible {
        var run: Run
        var description: String { "village accounts add failed (\(run.status)): \(run.error)\(run.output)" }
    }

    /// Runs `village` with `arguments`; the environment is this process's, without any login
    /// variables, plus `environment`.
    func village(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("village"))
        process.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment
        inherited["VILLAGE_CREDENTIALS"] = nil
        inherited["XDG_CONFIG_HOME"] = nil
        inherited["HOME"] = directory.path
        process.environment = inherited.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Error output is short; standard output is read first, to its end.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }
}
