import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import GRDB
import Market
import MarketStore
import Site
import Tariffs
import TestKit
import Testing
import VillageDemo
import VillageStore

/// The demo's simulated day, end to end over real Modbus, checked against the simulator's ground
/// truth and the ledger's own rules.
@Suite struct DemoEndToEndTests {
    /// 2025-06-16 00:00 Asia/Seoul, a Monday.
    static let start: Int64 = 1_749_999_600

    static var site: Site {
        get throws {
            try Site.load(path: TestFiles.repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path)
        }
    }

    static func configuration(databasePath: String) throws -> DemoConfiguration {
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        var dispatch = DispatchControllerConfiguration(
            tariff: try tariffs.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        dispatch.strategy = .optimal
        let site = try Self.site
        var configuration = DemoConfiguration(
            site: site,
            profiles: try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters")),
            start: start, hours: 24, databasePath: databasePath,
            market: MarketSettings(
                importTariff: try tariffs.tariff(named: "kepco-residential-low-voltage"),
                exportTariff: try tariffs.tariff(named: "smp-export"),
                storage: StorageTrading(
                    device: "ess", importTariff: dispatch.tariff, sharedPVDevices: site.sharedPV.map(\.inverter))),
            dispatch: dispatch)
        // A poll every five minutes keeps the test quick; every interval is still bracketed by readings.
        configuration.pollSeconds = 300
        return configuration
    }

    @Test func aSimulatedDaySettlesEveryIntervalOnceAndMatchesTheTruth() async throws {
        let path = try TestFiles.temporaryDirectory().appendingPathComponent("demo.sqlite").path
        let report = try await DemoRunner.run(try Self.configuration(databasePath: path))

        // Metering: every household interval measured, and each within a meter's resolution of the truth.
        let households = 56
        #expect(report.metering.failedReads == 0)
        #expect(report.metering.intervalsMeasured == households * 3 * 96)
        #expect(report.metering.intervalsEstimated + report.metering.intervalsMissing == 0)
        #expect(report.metering.comparedIntervals == households * 3 * 96)
        #expect(report.metering.largestDeviationWh <= 20, "largest difference \(report.metering.largestDeviationWh) Wh")

        // Market: every interval of the warm-up day and the run settled exactly once, in order.
        let store = try VillageStore(path: path)
        let ledger = SQLiteLedgerStore(store: store)
        let transactions = try ledger.allTransactions()
        let expected = (0..<(2 * 96)).map { Self.start - 86_400 + Int64($0) * 900 }
        #expect(transactions.map(\.intervalStart) == expected)
        #expect(transactions.allSatisfy { $0.kind == .settlement })
        #expect(try ledger.verify().isIntact)
        #expect(report.market.ledgerVerified)
        #expect(report.market.intervalsSettled == 96)

        // Double entry: households, the operator and the grid sum to zero in every commodity.
        let database = try DatabaseQueue(path: path)
        let sums = try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.commodity, a.kind AS account_kind, SUM(p.amount) AS total
                    FROM ledger_postings p JOIN ledger_parties a ON a.code = p.account
                    GROUP BY p.commodity, a.kind
                    """
            )
            .map {
                (commodity: $0["commodity"] as Int64, kind: $0["account_kind"] as String, total: $0["total"] as Int64)
            }
        }
        for commodity in Set(sums.map(\.commodity)) {
            let parts = sums.filter { $0.commodity == commodity }
            #expect(parts.map(\.total).reduce(0, +) == 0, "\(commodity) postings do not balance: \(parts)")
            #expect(Set(parts.map(\.kind)).isSuperset(of: ["household", "grid"]), "\(commodity): \(parts)")
        }

        // Dispatch: a plan and verified commands at every quarter hour; the battery worked and the
        // tanks kept every home supplied.
        #expect(report.dispatch.controlSteps == 96)
        #expect(report.dispatch.failedSteps == 0, "\(report.dispatch.firstFailure ?? "")")
        #expect(report.dispatch.unverifiedSteps == 0)
        #expect(report.truth.storageDischargedWh > 50_000)
        #expect(report.truth.unmetThermalWh == 0)
        #expect(try await store.lastPlanTimestamp() == Self.start + 95 * 900)

        // Forecast errors: the day was recorded in full when the demo stopped at midnight, so its
        // errors are stored (by the daemon's code) and reported: every step of every plan that fell
        // in the day compared (96 + 95 + … + 1), the PV error as computed here from the stored
        // forecasts and the metered PV intervals.
        let dayEnd = Self.start + 86_400
        let errors = report.dispatch.forecastErrors
        #expect(errors == (try await store.forecastErrors()))
        #expect(errors.map(\.quantity) == ForecastQuantity.allCases)
        #expect(errors.allSatisfy { $0.dayStart == Self.start && $0.comparedSteps == 96 * 97 / 2 }, "\(errors)")
        let forecasts = try await store.forecastSteps(stepFrom: Self.start, to: dayEnd)
        #expect(Set(forecasts.map(\.plannedAt)).count == 96)
        let meteredPV = try await store.intervalTotals(channel: .pvGeneration, from: Self.start, to: dayEnd)
        #expect(meteredPV.count == 96)
        let pvDifferences = forecasts.compactMap { forecast in
            meteredPV[forecast.stepStart].map { Double(forecast.pvWh - $0) }
        }
        let pv = try #require(errors.first { $0.quantity == .pv })
        let pvMAE = pvDifferences.map(abs).reduce(0, +) / Double(pvDifferences.count)
        #expect(abs(pv.meanAbsoluteErrorWh - pvMAE) < 1e-6, "stored \(pv.meanAbsoluteErrorWh), here \(pvMAE)")
        #expect(abs(pv.biasWh - pvDifferences.reduce(0, +) / Double(pvDifferences.count)) < 1e-6)
        #expect(pv.meanAbsoluteErrorWh > 0, "a forecast equal to what was metered would be suspicious")

        // Heat-storage pumping shows: the plan charges the tanks in the plant tariff's light-load
        // hours (22–08) instead of drawing them down, and leaves no heat or cooling demand unmet.
        #expect(report.truth.heatPumpNightWh > 0, "no heat pumping at night")
        let light = report.dispatch.heatPumpWhByPeriod["light"] ?? 0
        #expect(light > 0, "heat pumps by period: \(report.dispatch.heatPumpWhByPeriod)")
        #expect(light >= report.truth.heatPumpElectricityWh / 2, "\(report.dispatch.heatPumpWhByPeriod)")
        #expect(report.dispatch.heatPumpWhByPeriod.values.reduce(0, +) == report.truth.heatPumpElectricityWh)
        #expect(report.truth.heatPumpThermalWh > 2 * report.truth.heatPumpElectricityWh)

        // The battery's PCS meter: its intervals match the truth to the counters' whole Wh, and the
        // market settled exactly what it metered: sold to homes or exported when it discharged,
        // charged from the shared PV behind the plant's meter first, and bought the rest from homes
        // or the grid.
        let end = Self.start + 86_400
        let charged = try await store.intervals(owner: .plant("ess"), channel: .essCharge, from: Self.start, to: end)
        let discharged = try await store.intervals(
            owner: .plant("ess"), channel: .essDischarge, from: Self.start, to: end)
        #expect(charged.count == 96 && discharged.count == 96)
        #expect(charged.allSatisfy { $0.quality == .measured } && discharged.allSatisfy { $0.quality == .measured })
        let meteredChargeWh = charged.map(\.value).reduce(0, +)
        let meteredDischargeWh = discharged.map(\.value).reduce(0, +)
        #expect(
            abs(meteredChargeWh - report.truth.storageChargedWh) <= 96,
            "charged \(meteredChargeWh) vs truth \(report.truth.storageChargedWh)")
        #expect(
            abs(meteredDischargeWh - report.truth.storageDischargedWh) <= 96,
            "discharged \(meteredDischargeWh) vs truth \(report.truth.storageDischargedWh)")
        let battery = ParticipantSummary(
            participant: .storage, transactions: transactions, fromIntervalStart: Self.start, toIntervalStart: end)
        // The shared arrays' metered PV, interval by interval, and the charge it met (computed here
        // from the meters and what the homes sold the battery): the homes first, then the shared
        // PV, then the grid.
        var sharedPVWh: [Int64: Int64] = [:]
        for array in try Self.site.sharedPV {
            for row in try await store.intervals(
                owner: .plant(array.inverter), channel: .pvGeneration, from: Self.start, to: end)
            {
                sharedPVWh[row.start, default: 0] += row.value
            }
        }
        let dischargedAt = Dictionary(discharged.map { ($0.start, $0.value) }, uniquingKeysWith: +)
        var fromSharedPVWh: Int64 = 0
        var coveredIntervals = 0
        for charge in charged {
            let interval = transactions.filter { $0.intervalStart == charge.start }
            let storagePostings = interval.flatMap(\.postings).filter {
                $0.account == .storage && $0.commodity == .energyWh
            }
            let boughtFromHomes = max(
                0, storagePostings.filter { $0.purpose == .peerTrade }.map(\.amount).reduce(0, +))
            let unmet = max(0, charge.value - (dischargedAt[charge.start] ?? 0) - boughtFromHomes)
            let met = min(unmet, sharedPVWh[charge.start] ?? 0)
            fromSharedPVWh += met
            let reading = interval.flatMap(\.meterReadings).first { $0.participant == .storage }
            #expect(
                reading
                    == MeterReading(
                        participant: .storage, producedWh: (dischargedAt[charge.start] ?? 0) + met,
                        consumedWh: charge.value))
            // Where the shared PV met what the homes did not sell, none of the charge is grid import.
            if unmet > 0, met == unmet {
                coveredIntervals += 1
                let imported = storagePostings.filter { $0.purpose == .gridImport }.map(\.amount).reduce(0, +)
                #expect(imported == 0, "interval \(charge.start)")
            }
        }
        #expect(coveredIntervals > 0, "the shared PV never met a whole charge")
        #expect(fromSharedPVWh > 0)
        #expect(report.market.storageChargedFromSharedPVWh == fromSharedPVWh)
        #expect(battery.producedWh == meteredDischargeWh + fromSharedPVWh)
        #expect(battery.consumedWh == meteredChargeWh)
        #expect(
            battery.soldToNeighboursWh + battery.gridExportWh - battery.boughtFromNeighboursWh - battery.gridImportWh
                == meteredDischargeWh + fromSharedPVWh - meteredChargeWh)
        #expect(battery.soldToNeighboursWh > 0, "the battery sold nothing to the homes in the evening")
        #expect(report.market.storageSoldToNeighboursWh == battery.soldToNeighboursWh)
        #expect(sums.contains { $0.kind == "storage" })
    }
}
