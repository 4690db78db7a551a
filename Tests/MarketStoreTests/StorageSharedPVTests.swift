import Foundation
import Market
import MarketTestKit
import Testing
import VillageStore

@testable import MarketStore

/// The shared PV arrays behind the plant's meter: the battery's charge is bought from the homes
/// first, the shared PV meets what they did not sell it as the storage's own production, never as
/// grid energy, and only the rest is grid import; every interval's flows still balance.
@Suite struct StorageSharedPVTests {
    static let noon = StorageSettlementTests.noon
    static let arrays = ["pv-a", "pv-b"]

    static func settings() throws -> MarketSettings {
        var settings = try StorageSettlementTests.settings()
        settings.storage?.sharedPVDevices = arrays
        return settings
    }

    /// The households, the battery and the two shared arrays' inverters as plant devices.
    static func store(at path: String) async throws -> VillageStore {
        let store = try VillageStore(path: path)
        try await store.register(
            site: SiteRecord(id: "eco-delta", name: "Eco Delta"),
            households: ["101", "102"].map(HouseholdRecord.init),
            devices: ["101", "102"].map {
                DeviceRecord(id: "\($0)-elec", householdId: $0, kind: "electricity-meter", profile: "generic")
            } + [DeviceRecord(id: "ess", householdId: nil, kind: "sunspec-ess", profile: "sunspec-ess")]
                + arrays.map { DeviceRecord(id: $0, householdId: nil, kind: "sunspec-inverter", profile: "sunspec-pv") }
        )
        return store
    }

    /// A fresh village in `directory`: its store, ledger and the settlement with the shared arrays.
    static func village(in directory: TemporaryDirectory) async throws -> (
        VillageStore, SQLiteLedgerStore, MeteredSettlement
    ) {
        let store = try await store(at: directory.path("village.sqlite"))
        let ledger = SQLiteLedgerStore(store: store)
        return (store, ledger, MeteredSettlement(store: store, ledger: ledger, settings: try settings()))
    }

    static func sharedPV(_ start: Int64, _ wh: [Int64], quality: IntervalQuality = .measured) -> [IntervalEnergy] {
        zip(arrays, wh).map {
            IntervalEnergy(owner: .plant($0.0), channel: .pvGeneration, start: start, value: $0.1, quality: quality)
        }
    }

    /// Energy postings of one purpose on one account in `transactions`.
    static func energy(_ account: Account, _ purpose: PostingPurpose, _ transactions: [LedgerTransaction]) -> Int64 {
        transactions.flatMap(\.postings)
            .filter { $0.account == account && $0.purpose == purpose && $0.commodity == .energyWh }
            .reduce(0) { $0 + $1.amount }
    }

    /// Every purpose's postings of each commodity sum to zero in each transaction.
    static func expectBalanced(_ transactions: [LedgerTransaction]) {
        for transaction in transactions {
            var sums: [String: Int64] = [:]
            for posting in transaction.postings {
                sums["\(posting.purpose) \(posting.commodity)", default: 0] += posting.amount
            }
            #expect(sums.values.allSatisfy { $0 == 0 }, "\(sums)")
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// 101's export (its PV is 600 Wh more); 102 only consumes its own 200 Wh of PV.
        var sellerExportWh: Int64
        var sharedPVWh: [Int64]
        var chargedWh: Int64
        var testDescription: String { name }
    }

    static let cases = [
        Case(
            name: "the homes' surplus covers the charge", sellerExportWh: 2_000, sharedPVWh: [1_000, 800],
            chargedWh: 1_500),
        Case(name: "homes, then the shared PV", sellerExportWh: 500, sharedPVWh: [1_000, 800], chargedWh: 1_500),
        Case(
            name: "homes, the shared PV, then the grid", sellerExportWh: 500, sharedPVWh: [400, 200], chargedWh: 1_500),
        Case(name: "the shared PV, then the grid", sellerExportWh: 0, sharedPVWh: [400, 200], chargedWh: 1_500),
        Case(name: "no shared PV", sellerExportWh: 0, sharedPVWh: [0, 0], chargedWh: 1_500),
    ]

    @Test(arguments: cases)
    func theBatterysChargeFromSharedPVIsNotGridEnergy(_ example: Case) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, ledger, settlement) = try await Self.village(in: directory)
        try await store.upsert(
            intervals: StorageSettlementTests.household(
                "101", Self.noon, importWh: 0, exportWh: example.sellerExportWh, pvWh: example.sellerExportWh + 600)
                + StorageSettlementTests.household("102", Self.noon, importWh: 0, exportWh: 0, pvWh: 200)
                + StorageSettlementTests.battery(Self.noon, chargedWh: example.chargedWh, dischargedWh: 0)
                + Self.sharedPV(Self.noon, example.sharedPVWh))
        #expect(try await settlement.settle(intervalStart: Self.noon).action == .settled)
        let transactions = try ledger.transactions(intervalStart: Self.noon)

        // Computed here from the meter data: the homes' surplus first (only 101 has any), then the
        // shared PV, then the grid.
        let fromHomes = min(example.chargedWh, example.sellerExportWh)
        let fromSharedPV = min(example.chargedWh - fromHomes, example.sharedPVWh.reduce(0, +))
        let fromGrid = example.chargedWh - fromHomes - fromSharedPV
        let reading = try #require(transactions.first?.meterReadings.first { $0.participant == .storage })
        #expect(reading == MeterReading(participant: .storage, producedWh: fromSharedPV, consumedWh: example.chargedWh))
        #expect(Self.energy(.storage, .peerTrade, transactions) == fromHomes)
        #expect(Self.energy(.storage, .gridImport, transactions) == fromGrid)
        #expect(-Self.energy(.household("101"), .peerTrade, transactions) == fromHomes)
        #expect(-Self.energy(.household("101"), .gridExport, transactions) == example.sellerExportWh - fromHomes)
        let storage = StorageSettlementTests.summary(.storage, transactions)
        #expect(storage.selfConsumedWh == fromSharedPV)
        #expect(storage.gridImportWh == fromGrid)
        // The village's grid import in the books is the battery's rest alone: the shared PV adds nothing to it.
        #expect(-Self.energy(.grid, .gridImport, transactions) == fromGrid)
        Self.expectBalanced(transactions)
        #expect(try ledger.verify().isIntact)
    }

    @Test func theBatteryWaitsForAMissingSharedArrayAndSettlesLate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, ledger, settlement) = try await Self.village(in: directory)
        try await store.upsert(
            intervals: StorageSettlementTests.household("101", Self.noon, importWh: 0, exportWh: 2_000, pvWh: 2_600)
                + StorageSettlementTests.household("102", Self.noon, importWh: 300, exportWh: 0, pvWh: 0)
                + StorageSettlementTests.battery(Self.noon, chargedWh: 1_500, dischargedWh: 0)
                + Self.sharedPV(Self.noon, [1_000]) + [
                    IntervalEnergy(
                        owner: .plant("pv-b"), channel: .pvGeneration, start: Self.noon, value: 0,
                        quality: .missing(gapSeconds: 900))
                ])
        #expect(try await settlement.settle(intervalStart: Self.noon).action == .settled)
        #expect(
            try ledger.transactions(intervalStart: Self.noon)[0].meterReadings.allSatisfy { $0.participant != .storage }
        )

        try await store.upsert(intervals: Self.sharedPV(Self.noon, [1_000, 300]))
        #expect(try await settlement.settle(intervalStart: Self.noon).action == .corrected)
        let both = try ledger.transactions(intervalStart: Self.noon)
        #expect(both.map(\.kind) == [.settlement, .correction])
        #expect(both[1].meterReadings == [MeterReading(participant: .storage, producedWh: 1_300, consumedWh: 1_500)])
        // Late: the 200 Wh the shared PV did not meet settle with the grid, as any late reading does.
        #expect(Self.energy(.storage, .gridImport, both) == 200)
        Self.expectBalanced(both)
        #expect(try ledger.verify().isIntact)
    }

    @Test func aSharedArrayEstimatedOverALongOutageKeepsTheBatteryOffTheMarket() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, ledger, settlement) = try await Self.village(in: directory)
        try await store.upsert(
            intervals: StorageSettlementTests.household("101", Self.noon, importWh: 0, exportWh: 2_000, pvWh: 2_600)
                + StorageSettlementTests.household("102", Self.noon, importWh: 300, exportWh: 0, pvWh: 0)
                + StorageSettlementTests.battery(Self.noon, chargedWh: 1_500, dischargedWh: 0)
                + Self.sharedPV(Self.noon, [500, 500], quality: .estimated(gapSeconds: 7_200)))
        #expect(try await settlement.settle(intervalStart: Self.noon).action == .settled)
        let transactions = try ledger.transactions(intervalStart: Self.noon)
        let reading = try #require(transactions[0].meterReadings.first { $0.participant == .storage })
        #expect(reading == MeterReading(participant: .storage, producedWh: 1_000, consumedWh: 1_500))
        #expect(Self.energy(.storage, .peerTrade, transactions) == 0)
        #expect(Self.energy(.storage, .gridImport, transactions) == 500)
        #expect(try ledger.verify().isIntact)
    }
}
