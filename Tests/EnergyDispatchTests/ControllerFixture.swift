import DeviceProfiles
import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import Logging
import Site
import Tariffs
import TestKit
import VillageStore

/// The plant of the default site and two homes, served by the simulator on free loopback ports,
/// with a controller in lock step. Forecasts are given by the test.
struct ControllerFixture {
    static let winterMidnight: Int64 = 1_735_657_200  // 2025-01-01 00:00 KST
    let site: Site
    let village: SimulatedVillage
    let controller: DispatchController

    init(
        strategy: StrategyName, forecasts: any ForecastSource, start: Int64 = winterMidnight + 12 * 3600,
        revertTimeoutSeconds: Int = 1_200, gridCharging: GridChargingSetting = .never, store: VillageStore? = nil,
        logger: Logger = Logger(label: "village.dispatch")
    ) throws {
        var site = Site.default
        site.dispatch.gridCharging = gridCharging
        site.households = site.households.filter { ["101", "102"].contains($0.unit) }
        site.devices = site.devices.filter { $0.household.map { ["101", "102"].contains($0) } ?? true }
        let profiles = try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))
        village = try SimulatedVillage.startedOnFreePorts(site) {
            try SimulatedVillage(site: $0, start: start, profiles: profiles)
        }
        site = village.site
        self.site = site
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        var configuration = DispatchControllerConfiguration(
            tariff: try tariffs.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        configuration.strategy = strategy
        configuration.horizonSteps = 16
        configuration.revertTimeoutSeconds = revertTimeoutSeconds
        controller = try DispatchController(
            site: site, profiles: profiles, configuration: configuration, forecasts: forecasts, store: store,
            logger: logger)
    }

    var now: Int64 { village.host.now }

    /// Battery energy in the simulation, kWh.
    var batteryKWh: Double { village.host.withSimulation { $0.storage.storedWh / 1000 } }
    var batteryPowerW: Double { village.host.withSimulation { $0.storage.powerW } }
    /// Energy the PCS has drawn into the battery so far (its AC meter's import counter), Wh.
    var batteryChargedWh: Double { village.host.withSimulation { $0.storage.charged.total } }

    func stop() async {
        await controller.close()
        village.stop()
    }
}

/// Forecasts a test sets: the same values for every step, changeable between steps.
final class GivenForecasts: ForecastSource, @unchecked Sendable {
    private let lock = NSLock()
    private var values = (pv: 0.0, load: 0.0, heat: 0.0, cooling: 0.0)

    func set(pvWh: Double, loadWh: Double, heatWh: Double = 5_000, coolingWh: Double = 0) {
        lock.withLock { values = (pvWh, loadWh, heatWh, coolingWh) }
    }

    func forecast(from start: Int64, steps: Int, stepSeconds: Int64) async throws -> SiteForecast {
        let current = lock.withLock { values }
        return SiteForecast(
            startUnixSeconds: start, stepSeconds: stepSeconds, pvWh: Array(repeating: current.pv, count: steps),
            loadWh: Array(repeating: current.load, count: steps),
            heatDemandWh: Array(repeating: current.heat, count: steps),
            coolingDemandWh: Array(repeating: current.cooling, count: steps))
    }
}
