import DeviceProfiles
import Site
import VillageStore

/// How the collector polls a site. Every field has a default that suits the reference village.
public struct CollectorConfiguration: Sendable {
    /// Seconds between two polls of a meter.
    public var pollIntervalSeconds: Int64 = 60
    /// How long a device may take to answer one request.
    public var responseTimeout: Duration = .milliseconds(1000)
    /// Consecutive failed polls after which a device is reported offline.
    public var failuresBeforeOffline: Int = 3
    /// Longest wait before retrying a failing device (the backoff doubles up to this).
    public var maxBackoffSeconds: Int64 = 300

    public init() {}

    /// The devices of `site` with their profiles and limits. Fails naming the device whose profile
    /// is unknown.
    public func devices(of site: Site, profiles: ProfileLibrary) throws(CollectorError) -> [CollectedDevice] {
        try site.devices.map { device throws(CollectorError) in
            let profile: DeviceProfile
            do throws(ProfileLookupError) {
                profile = try profiles.profile(device.profile)
            } catch {
                throw CollectorError(code: .unknownProfile, subject: "device \(device.id)", message: error.description)
            }
            return CollectedDevice(
                device: device, profile: profile, pollIntervalSeconds: pollIntervalSeconds,
                responseTimeout: responseTimeout, ratedPerHour: ratedRates(of: device, in: site),
                batteryCapacityWh: device.id == site.ess.device ? Int64(site.ess.capacityKWh * 1000) : nil)
        }
    }

    /// Plausibility limits: what each device can deliver at most per hour, with generous headroom
    /// over the site's ratings (a reading beyond them is rejected, not booked).
    private func ratedRates(of device: Device, in site: Site) -> [MeteringChannel: Int64] {
        let householdMeterWh: Int64 = 70_000  // 100 A × 3 × 230 V
        var rates: [MeteringChannel: Int64] = [
            .energyImport: householdMeterWh, .energyExport: householdMeterWh,
            .water: 5_000, .hotWater: 3_000, .heating: 30_000, .cooling: 30_000,
        ]
        if device.id == site.grid.meter {
            rates[.energyImport] = Int64(site.grid.importLimitKW * 1500)
            rates[.energyExport] = Int64(site.grid.exportLimitKW * 1500)
        }
        if device.id == site.ess.device {
            rates[.essCharge] = Int64(site.ess.pcsPowerKW * 1500)
            rates[.essDischarge] = Int64(site.ess.pcsPowerKW * 1500)
        }
        let roofInverterKW = device.household.flatMap { site.household($0)?.roofPV?.inverterACPowerKW }
        let sharedInverterKW = site.sharedPV.first { $0.inverter == device.id }?.generator.inverterACPowerKW
        rates[.pvGeneration] = Int64((sharedInverterKW ?? roofInverterKW ?? 100) * 1500)
        if let pump = site.heatPlant.heatPumps.first(where: { $0.device == device.id }) {
            rates[.heatPumpElectricity] = Int64(pump.electricPowerMaxKW * 1500)
            rates[.heatPumpHeat] = Int64(pump.electricPowerMaxKW * 1500 * 8)
            rates["heatpump.cooling"] = Int64(pump.electricPowerMaxKW * 1500 * 8)
        }
        return rates
    }
}
