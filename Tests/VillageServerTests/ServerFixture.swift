import Foundation
import Hummingbird
import Logging
import MarketStore
import Site
import Synchronization
import Tariffs
import TestKit
import VillageAccounts
import VillageServer
import VillageStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A clock the tests move by hand, so that token expiry needs no waiting.
final class ManualClock: Sendable {
    let value: Mutex<Int64>
    init(_ start: Int64) { value = Mutex(start) }
    var now: Int64 { value.withLock { $0 } }
    func advance(by seconds: Int64) { value.withLock { $0 += seconds } }
}

/// A real server on a loopback port over a real village database: the reference site's households,
/// a day of metered intervals for 101–103, settled into the ledger, and one account per role.
final class ServerFixture: Sendable {
    /// 2026-01-15 00:00 Asia/Seoul.
    static let day: Int64 = 1_767_193_200 + 14 * 86_400
    static let month = "2026-01"
    static let password = "correct horse battery"
    /// User name → (role, household).
    static let users: [(String, Role, String?)] = [
        ("u101", .household, "101"), ("u102", .household, "102"), ("manager", .manager, nil),
        ("researcher", .researcher, nil), ("researcher-raw", .researcher, nil), ("operator", .operator, nil),
    ]

    let directory: URL
    let databasePath: String
    let store: VillageStore
    let api: VillageAPI
    let clock: ManualClock
    let port: Int
    private let task: Task<Void, any Error>

    static var siteFile: String {
        TestFiles.repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path
    }

    static func start() async throws -> ServerFixture {
        let directory = try TestFiles.temporaryDirectory()
        let path = directory.appendingPathComponent("village.sqlite").path
        let site = try Site.load(path: siteFile)
        let store = try VillageStore(path: path)
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: site.name),
            households: site.households.map { HouseholdRecord(unitId: $0.unit) }, devices: [])
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        let importTariff = try tariffs.tariff(named: "kepco-residential-low-voltage")
        try await recordAndSettle(store, tariff: importTariff, exportTariff: try tariffs.tariff(named: "smp-export"))

        let clock = ManualClock(day + 86_400)
        var logger = Logger(label: "village.server.test")
        logger.logLevel = .critical
        let api = VillageAPI(store: store, site: site, tariff: importTariff, logger: logger) { clock.now }
        for (name, role, household) in users {
            _ = try await api.accounts.add(
                .init(username: name, role: role, household: household), password: password, now: clock.now)
        }
        try await api.accounts.setRawExportAccess(username: "researcher-raw", granted: true)

        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = VillageHTTPServer.application(
            router: VillageHTTPServer.router(api: api), address: ListenAddress(host: "127.0.0.1", port: 0),
            logger: logger
        ) { port in continuation.yield(port) }
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw FixtureError(message: "the server did not start") }
        return ServerFixture(
            directory: directory, databasePath: path, store: store, api: api, clock: clock, port: port, task: task)
    }

    private init(
        directory: URL, databasePath: String, store: VillageStore, api: VillageAPI, clock: ManualClock, port: Int,
        task: Task<Void, any Error>
    ) {
        self.directory = directory
        self.databasePath = databasePath
        self.store = store
        self.api = api
        self.clock = clock
        self.port = port
        self.task = task
    }

    deinit { task.cancel() }

    /// Eight intervals from 00:00: 101 sells its PV surplus, 102 and 103 buy; all settled.
    static func recordAndSettle(_ store: VillageStore, tariff: Tariff, exportTariff: Tariff) async throws {
        var rows: [IntervalEnergy] = []
        for index in 0..<8 {
            let start = day + Int64(index) * 900
            for household in ["101", "102", "103"] {
                let seller = household == "101"
                rows += [
                    IntervalEnergy(
                        owner: .household(household), channel: .energyImport, start: start, value: seller ? 0 : 400,
                        quality: .measured),
                    IntervalEnergy(
                        owner: .household(household), channel: .energyExport, start: start, value: seller ? 700 : 0,
                        quality: .measured),
                    IntervalEnergy(
                        owner: .household(household), channel: .pvGeneration, start: start,
                        value: seller ? 1_000 : 0, quality: .measured),
                ]
            }
        }
        _ = try await store.upsert(intervals: rows)
        let settlement = MeteredSettlement(
            store: store, ledger: SQLiteLedgerStore(store: store),
            settings: MarketSettings(importTariff: tariff, exportTariff: exportTariff))
        let reports = try await settlement.settle(from: day, to: day + 8 * 900)
        guard reports.count == 8 else { throw FixtureError(message: "settled \(reports.count) intervals, not 8") }
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    // MARK: HTTP over loopback

    struct Answer {
        var status: Int
        var body: Data
        var headers: [String: String]

        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The `field` of a JSON error answer.
        var errorField: String? { (object["error"] as? [String: Any])?["field"] as? String }
    }

    func request(
        _ method: String, _ pathAndQuery: String, token: String? = nil, body: Data? = nil,
        contentType: String = "application/json"
    ) async throws -> Answer {
        let url = try requireURL("http://127.0.0.1:\(port)\(pathAndQuery)")
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw FixtureError(message: "not an HTTP answer") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Answer(status: http.statusCode, body: data, headers: headers)
    }

    func json(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object) }

    /// Logs in through the API and returns the bearer token.
    func login(_ username: String, password: String = ServerFixture.password) async throws -> String {
        let answer = try await request(
            "POST", "/api/v1/tokens", body: try json(["username": username, "password": password]))
        guard answer.status == 201, let token = answer.object["token"] as? String else {
            throw FixtureError(message: "login of \(username): \(answer.status) \(answer.text)")
        }
        return token
    }
}

private func requireURL(_ text: String) throws -> URL {
    guard let url = URL(string: text) else { throw ServerFixture.FixtureError(message: "bad URL \(text)") }
    return url
}
