import DeviceProfiles
import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import Logging
import Market
import MarketStore
import Metering
import Site
import VillageCore
import VillageRuntime
import VillageStore

/// Runs the village end to end on the simulated devices: the simulator and the platform advance in
/// lock step, one poll of every device per simulated minute, so a day takes seconds and the result
/// is the same every time.
package enum DemoRunner {
    /// Progress after each simulated hour.
    package struct Progress: Sendable {
        package var simulatedHours: Int
        package var totalHours: Int
        package var failedReads: Int
    }

    package static func run(
        _ configuration: DemoConfiguration, logger: Logger = Logger(label: "village.demo"),
        progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> DemoReport {
        let began = ContinuousClock.now
        let truth = DemoTruth()
        let end = configuration.end
        let warmupStart = configuration.start - Int64(configuration.warmupDays) * TimeGrid.daySeconds
        let village = try SimulatedVillage.startedOnFreePorts(
            configuration.site, start: warmupStart, profiles: configuration.profiles, truthSink: truth, logger: logger)
        let site = village.site
        defer { village.stop() }

        var platformConfiguration = PlatformConfiguration(
            site: site, profiles: configuration.profiles, databasePath: configuration.databasePath,
            market: configuration.market,
            dispatch: configuration.dispatch.map { dispatch in
                var lockStep = dispatch
                lockStep.responseTimeout = SimulatedVillage.lockStepResponseTimeout
                return lockStep
            })
        platformConfiguration.pollSeconds = configuration.pollSeconds
        platformConfiguration.responseTimeout = SimulatedVillage.lockStepResponseTimeout
        // In lock step every device is polled at the same instant, so an interval is closed at once.
        platformConfiguration.settleDelaySeconds = 0
        let platform = try VillagePlatform(platformConfiguration, logger: logger)
        let status = ServiceStatusRecorder(store: platform.store)

        // The warm-up polls every quarter hour (enough for measured intervals, and cheap); the run
        // itself every `pollSeconds`.
        func poll(after time: Int64?) -> Int64? {
            guard let time else { return warmupStart }
            let next =
                time < configuration.start
                ? min(time + TimeGrid.quarterHourSeconds, configuration.start) : time + configuration.pollSeconds
            return next <= end ? next : nil
        }

        // The simulation is deterministic in time, so a resumed run replays the physics up to the
        // last committed poll without polling, and continues from the next one. The replay does not
        // repeat the interrupted run's dispatch commands: after a resume the plant can differ from an
        // uninterrupted run's (the homes' meters and the market do not depend on it).
        var resumedAt: Int64?
        if configuration.resume, let last = try await platform.store.lastPollTimestamp(), last >= warmupStart {
            resumedAt = last
            try village.advance(seconds: last - warmupStart)
            // What the interrupted run closed but did not settle is settled first, in order.
            _ = try await platform.settlement.run(closedUntil: last)
        }

        var polls = 0
        var reads = 0
        var failed = 0
        var dispatch = DemoReport.Dispatch(strategy: configuration.dispatch?.strategy.rawValue)
        let clock = ContinuousClock()
        var pace: (wall: ContinuousClock.Instant, simulated: Int64)?
        var next = poll(after: resumedAt)
        var lastPoll = resumedAt
        while let now = next {
            if let speed = configuration.speed, now >= configuration.start {
                let origin = pace ?? (clock.now, now)
                pace = origin
                try await clock.sleep(until: origin.wall + .seconds(Double(now - origin.simulated) / speed))
            }
            try village.advance(seconds: now - village.host.now)
            let summary = try await platform.collector.poll(at: now)
            await status.record(summary)
            if now >= configuration.start {
                polls += 1
                reads += summary.polled
                failed += summary.failed
            }
            // At a quarter hour: the poll closed the interval before it, which is settled; then the
            // controller plans the next one and commands the plant, as `village run` does. During the
            // warm-up the plant runs on its own controllers.
            if now % TimeGrid.quarterHourSeconds == 0 {
                await status.record(try await platform.settlement.run(closedUntil: now), closedUntil: now, at: now)
                if let controller = platform.controller, now >= configuration.start, now < end {
                    let step = await controller.step(at: now)
                    dispatch.add(step)
                    await status.record(step)
                }
            }
            if now > configuration.start, (now - configuration.start) % 3600 == 0 {
                progress(
                    Progress(
                        simulatedHours: Int((now - configuration.start) / 3600), totalHours: configuration.hours,
                        failedReads: failed))
            }
            lastPoll = now
            next = poll(after: now)
        }
        if let controller = platform.controller {
            // A day that ended by the last poll is recorded in full (in lock step the poll at midnight
            // closes its last interval), so its forecast errors are stored now rather than at the
            // next day's plans, an hour after it ends, which a run stopping at midnight never sees.
            if let lastPoll { await controller.recordForecastErrors(completedBy: lastPoll) }
            dispatch.forecastErrors = try await platform.store.forecastErrors(fromDay: configuration.start)
            await controller.writeSafeState(at: village.host.now)
            await controller.close()
        }
        await platform.collector.shutdown()

        let metering = try await meteringReport(
            site: site, store: platform.store, truth: truth.all, from: configuration.start, to: end,
            devices: site.devices.count, polls: polls, reads: reads, failed: failed)
        let market = try await marketSummary(site: site, ledger: platform.ledger, from: configuration.start, to: end)
        if let plant = configuration.dispatch {
            let costs = try truth.gridCosts(
                tariff: plant.tariff, exportTariff: plant.exportTariff, from: configuration.start, to: end)
            (dispatch.plantGridCostMilliWon, dispatch.gridOnlyCostMilliWon) = (
                Int64(costs.withPlant.rounded()), Int64(costs.gridOnly.rounded())
            )
            dispatch.heatPumpWhByPeriod = try truth.heatPumpWhByPeriod(
                tariff: plant.tariff, from: configuration.start, to: end)
        }
        return DemoReport(
            start: configuration.start, hours: configuration.hours, resumedAt: resumedAt,
            databasePath: configuration.databasePath,
            truth: truth.totals(
                from: configuration.start, to: end,
                capacityKWh: site.ess.capacityKWh * (site.ess.socMaxPct - site.ess.socMinPct) / 100),
            metering: metering.report, market: market, dispatch: dispatch,
            households: metering.households,
            wallSeconds: Double((ContinuousClock.now - began).components.seconds)
                + Double((ContinuousClock.now - began).components.attoseconds) / 1e18)
    }

    /// Reads back what the collector recorded and compares it with the truth, interval by interval.
    private static func meteringReport(
        site: Site, store: VillageStore, truth: [IntervalTruth], from: Int64, to: Int64,
        devices: Int, polls: Int, reads: Int, failed: Int
    ) async throws -> (report: DemoReport.Metering, households: [DemoReport.HouseholdLine]) {
        var report = DemoReport.Metering(
            devices: devices, polls: polls, deviceReads: reads, failedReads: failed, intervalsMeasured: 0,
            intervalsEstimated: 0, intervalsMissing: 0, recordedPVWh: 0, recordedConsumptionWh: 0,
            comparedIntervals: 0, largestDeviationWh: 0)
        let truthByStart = Dictionary(truth.map { ($0.start, $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [DemoReport.HouseholdLine] = []
        for household in site.households {
            let owner = IntervalOwner.household(household.unit)
            var line = DemoReport.HouseholdLine(unit: household.unit, pvWh: 0, consumptionWh: 0)
            var importedWh: Int64 = 0
            var exportedWh: Int64 = 0
            for (channel, keyPath) in [
                (MeteringChannel.pvGeneration, \IntervalTruth.Household.roofPVWh),
                (.energyImport, \IntervalTruth.Household.meterImportWh),
                (.energyExport, \IntervalTruth.Household.meterExportWh),
            ] {
                for interval in try await store.intervals(owner: owner, channel: channel, from: from, to: to) {
                    switch interval.quality {
                    case .measured: report.intervalsMeasured += 1
                    case .estimated: report.intervalsEstimated += 1
                    case .missing: report.intervalsMissing += 1
                    }
                    guard interval.quality == .measured else { continue }
                    switch channel {
                    case .pvGeneration: line.pvWh += interval.value
                    case .energyImport: importedWh += interval.value
                    default: exportedWh += interval.value
                    }
                    if let expected = truthByStart[interval.start]?.households.first(where: {
                        $0.unit == household.unit
                    }) {
                        report.comparedIntervals += 1
                        report.largestDeviationWh = max(
                            report.largestDeviationWh, abs(interval.value - expected[keyPath: keyPath]))
                    }
                }
            }
            // The meter sees the home's net draw; what it used is that plus its own PV.
            line.consumptionWh = importedWh - exportedWh + line.pvWh
            report.recordedPVWh += line.pvWh
            report.recordedConsumptionWh += line.consumptionWh
            lines.append(line)
        }
        return (report, lines)
    }

    /// Trades, money and balances from the ledger, after checking its hash chain.
    private static func marketSummary(
        site: Site, ledger: SQLiteLedgerStore, from: Int64, to: Int64
    ) async throws -> DemoReport.MarketSummary {
        let transactions = try ledger.transactions(fromIntervalStart: from, toIntervalStart: to)
        let trades = try ledger.trades(from: from, to: to)
        var summary = DemoReport.MarketSummary(
            intervalsSettled: Set(transactions.map(\.intervalStart)).count, transactions: transactions.count,
            tradedWh: trades.map(\.energyWh).reduce(0, +),
            tradedMilliWon: trades.map { $0.energyWh * $0.buyerPriceMilliWonPerKWh / 1000 }.reduce(0, +),
            householdsCostMilliWon: 0, gridOnlyCostMilliWon: 0,
            ledgerVerified: try ledger.verify().isIntact, balances: [])
        for household in site.households {
            var total = ParticipantSummary(participant: .household(household.unit))
            for month in try ledger.householdBalances(household: household.unit) { total.add(month.summary) }
            summary.householdsCostMilliWon += total.netCostMilliWon
            summary.gridOnlyCostMilliWon += total.gridOnlyCostMilliWon
            summary.balances.append(
                DemoReport.Balance(
                    unit: household.unit, balanceMilliWon: total.balanceMilliWon,
                    soldToNeighboursWh: total.soldToNeighboursWh,
                    boughtFromNeighboursWh: total.boughtFromNeighboursWh, savingsMilliWon: total.savingsMilliWon))
        }
        let storage = ParticipantSummary(
            participant: .storage, transactions: transactions, fromIntervalStart: from, toIntervalStart: to)
        summary.storageSoldToNeighboursWh = storage.soldToNeighboursWh
        summary.storageBoughtFromNeighboursWh = storage.boughtFromNeighboursWh
        summary.storageGridImportWh = storage.gridImportWh
        summary.storageChargedFromSharedPVWh = storage.selfConsumedWh
        summary.storageGridExportWh = storage.gridExportWh
        summary.storageBalanceMilliWon = storage.balanceMilliWon
        summary.balances.sort { ($0.balanceMilliWon, $1.unit) > ($1.balanceMilliWon, $0.unit) }
        return summary
    }
}
