import Foundation
import GRDB
import Logging
import Market
import MarketStore
import NIOCore
import SettledVillageKit
import Synchronization
import TestKit
import VillageEdge
import VillageStore
import VillageUplink

/// A settled village database with a signed checkpoint and a few device events, its upload token
/// in a 0600 file, and helpers to read what the edge holds.
struct EdgeVillage: Sendable {
    let directory: URL
    let path: String
    let store: VillageStore
    let token: String
    let tokenFile: String

    static func make() async throws -> EdgeVillage {
        let directory = try TestFiles.temporaryDirectory()
        let path = directory.appendingPathComponent("village.sqlite").path
        _ = try await SettledVillage.make(at: path)
        let store = try VillageStore(path: path)
        let ledger = SQLiteLedgerStore(store: store)
        try ledger.makeCheckpoint(key: LedgerSigningKey(), time: SettledVillage.januaryFirst + 30 * 86_400)
        for (offset, kind) in [(0, DeviceEventKind.offline), (600, .online), (1_200, .counterReset)] {
            try await store.record(
                event: DeviceEvent(
                    deviceId: "101-elec", timestamp: SettledVillage.days[0] + Int64(offset), kind: kind,
                    channel: kind == .counterReset ? .energyImport : nil, detail: "test"))
        }
        let token = "village-upload-" + UUID().uuidString
        let tokenFile = directory.appendingPathComponent("upload.token").path
        FileManager.default.createFile(
            atPath: tokenFile, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return EdgeVillage(directory: directory, path: path, store: store, token: token, tokenFile: tokenFile)
    }

    func uplink(_ receiver: UplinkReceiver, limits: UplinkLimits = .standard) throws -> Uplink {
        let client = UplinkClient(
            endpoint: try UplinkEndpoint(receiver.baseURL), token: UplinkToken(value: token),
            connectTimeout: .seconds(1), requestTimeout: .seconds(30))
        return Uplink(store: store, client: client, limits: limits, logger: Logger(label: "test.uplink"))
    }

    /// Every interval the edge holds, by the receiver's key: (value, quality rank, gap).
    func intervals() async throws -> [String: [Int64?]] {
        try await store.databaseWriter.read { db in
            var result: [String: [Int64?]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM intervals") {
                let key =
                    "\(row["owner_kind"] as String)/\(row["owner_id"] as String)/\(row["channel"] as String)/"
                    + "\(row["start"] as Int64)"
                result[key] = [row["value"], row["quality"], row["gap_seconds"]]
            }
            return result
        }
    }

    /// Every device event the edge holds.
    func events() async throws -> Set<DeviceEvent> {
        Set(try await store.events(from: 0, to: Int64.max))
    }

    /// Rewrites the first `count` intervals of household 102 with new values (a late reading).
    func rewrite(count: Int, adding delta: Int64) async throws -> [IntervalEnergy] {
        let day = SettledVillage.days[0]
        let current = try await store.intervals(
            owner: .household("102"), channel: .energyImport, from: day, to: day + 8 * 900)
        let rewritten = current.prefix(count).map {
            IntervalEnergy(
                owner: $0.owner, channel: $0.channel, start: $0.start, value: $0.value + delta, quality: .measured)
        }
        try await store.upsert(intervals: Array(rewritten))
        return Array(rewritten)
    }
}

extension UplinkReceiver {
    /// What the receiver holds, in the shape of ``EdgeVillage/intervals()``.
    func intervalValues() -> [String: [Int64?]] {
        state.withLock { state in
            state.intervals.mapValues { item in
                [item.interval.value, Int64(item.interval.quality.rank), item.interval.quality.gapSeconds]
            }
        }
    }
}
