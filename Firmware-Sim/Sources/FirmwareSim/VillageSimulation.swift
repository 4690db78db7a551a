import Foundation
import Site
import VillageCore

/// The physics of a whole village, advanced in fixed steps of simulated time. Deterministic: the
/// same site (seed included), start time and commands give the same numbers on every run.
///
/// Not thread-safe by design: one owner drives it (a step loop, a test). The Modbus layer reaches it
/// through `SimulationHost`, which serialises access.
public final class VillageSimulation {
    public let site: Site
    /// Physics step, seconds; divides `intervalSeconds` so every interval boundary falls on a step.
    public let stepSeconds: Int64
    /// Simulated UTC time, Unix seconds.
    public private(set) var now: Int64
    /// Length of a settlement interval, seconds.
    public static let intervalSeconds: Int64 = TimeGrid.quarterHourSeconds

    public internal(set) var households: [HouseholdState]
    /// Roof arrays, one per household with roof PV (`nil` where there is none).
    public internal(set) var roofArrays: [PVArrayState?]
    public internal(set) var sharedArrays: [PVArrayState]
    public internal(set) var storage: StorageState
    public internal(set) var heatPumps: [HeatPumpState]
    public internal(set) var hotTank: TankState
    public internal(set) var coldTank: TankState
    public internal(set) var grid = GridState()
    public internal(set) var ambient = AmbientState()
    public internal(set) var publicBuildings = EnergyCounter()
    public internal(set) var publicBuildingsPowerW = 0.0

    /// Seconds a storage setpoint stays in force; starts at the site's value, the storage model's
    /// `InOutWRte_RvrtTms` register may change it.
    public var storageRevertTimeoutSeconds: Int

    /// Receives one `IntervalTruth` per closed interval.
    public var truthSink: (any GroundTruthSink)?

    let timeZone: TimeZone
    var utcOffsetSeconds: Int64
    let weather: WeatherModel
    let geometry: SolarGeometry
    let demand: [HouseholdDemandModel]
    /// Each household's meter, roof inverter and M-Bus gateway device ids, for the ground truth.
    let householdDevices: [(meter: String?, inverter: String?, gateway: String?)]
    let roofModels: [PVSystemModel?]
    let sharedModels: [PVSystemModel]
    var intervalStart: Int64
    var residuals = (electricWh: 0.0, thermalWh: 0.0)
    /// Recent cooling demand (W, one-day moving average) tells the plant whether it is cooling season.
    var recentCoolingDemandW = 0.0
    var intervalAirTemperatureSum = 0.0
    var intervalSteps = 0
    var lastStorageSetpointInInterval: StorageSetpoint?
    var lastHeatPumpCommandsInInterval: [HeatPumpCommand?]

    /// Starts the village at `start` (UTC Unix seconds, rounded down to an interval boundary).
    public init(site: Site, start: Int64, stepSeconds: Int = 60) throws(SimulationError) {
        guard stepSeconds > 0, Self.intervalSeconds % Int64(stepSeconds) == 0 else {
            throw SimulationError(
                code: .invalidStep,
                message: "step of \(stepSeconds) s does not divide the \(Self.intervalSeconds) s interval")
        }
        guard let zone = TimeZone(identifier: site.timeZone) else {
            throw SimulationError(code: .unknownTimeZone, message: "unknown time zone '\(site.timeZone)'")
        }
        self.site = site
        self.stepSeconds = Int64(stepSeconds)
        timeZone = zone
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(start))))
        utcOffsetSeconds = offset
        let aligned = floorDivide(start + offset, Self.intervalSeconds) * Self.intervalSeconds - offset
        now = aligned
        intervalStart = aligned
        weather = WeatherModel(seed: site.seed)
        geometry = SolarGeometry(latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg)
        demand = site.households.map { HouseholdDemandModel(household: $0, seed: site.seed) }
        roofModels = site.households.map { $0.roofPV.map(PVSystemModel.init(generator:)) }
        sharedModels = site.sharedPV.map { PVSystemModel(generator: $0.generator) }
        households = site.households.map { HouseholdState(unit: $0.unit) }
        householdDevices = site.households.map { household in
            func first(_ profile: String) -> String? {
                site.devices.first { $0.household == household.unit && $0.profile == profile }?.id
            }
            return (
                first(DeviceProfileName.householdMeter), first(DeviceProfileName.pvInverter),
                first(DeviceProfileName.mbusGateway)
            )
        }
        roofArrays = site.households.map { household in
            guard household.roofPV != nil else { return nil }
            let inverter = site.devices.first {
                $0.household == household.unit && $0.profile == DeviceProfileName.pvInverter
            }
            return PVArrayState(id: household.unit, inverterDevice: inverter?.id ?? "")
        }
        sharedArrays = site.sharedPV.map { PVArrayState(id: $0.id, inverterDevice: $0.inverter) }
        let capacityWh = site.ess.capacityKWh * 1000
        storage = StorageState(storedWh: capacityWh * site.ess.initialSocPct / 100, capacityWh: capacityWh)
        heatPumps = site.heatPlant.heatPumps.map { HeatPumpState(device: $0.device) }
        let hot = site.heatPlant.hotTank
        let cold = site.heatPlant.coldTank
        hotTank = TankState(
            side: .hot, capacityWh: hot.capacityKWh * 1000,
            storedWh: hot.capacityKWh * 1000 * hot.initialChargePct / 100)
        coldTank = TankState(
            side: .cold, capacityWh: cold.capacityKWh * 1000,
            storedWh: cold.capacityKWh * 1000 * cold.initialChargePct / 100)
        storageRevertTimeoutSeconds = site.ess.revertTimeoutSeconds
        lastHeatPumpCommandsInInterval = Array(repeating: nil, count: site.heatPlant.heatPumps.count)
    }

    /// Advances one physics step.
    public func step() throws {
        let dt = Double(stepSeconds)
        let hours = dt / 3600
        let mid = now + stepSeconds / 2
        let local = mid + utcOffsetSeconds
        let localDays = Double(local) / Double(TimeGrid.daySeconds)
        let localDay = floorDivide(local, TimeGrid.daySeconds)
        let secondOfDay = local - localDay * TimeGrid.daySeconds
        let hour = Double(secondOfDay) / 3600
        let weekend = CivilCalendar.weekday(dayNumber: localDay) >= 5
        let slot = floorDivide(local, Self.intervalSeconds)
        let minute = floorDivide(local, 60)
        let dayOfYear = localDays - 365.25 * (localDays / 365.25).rounded(.down)

        let cloud = weather.cloudCover(localDay: localDay, slot: secondOfDay / Self.intervalSeconds)
        let air = weather.airTemperatureC(localDays: localDays, cloudCover: cloud)
        let sun = geometry.position(at: mid)
        let sky = ClearSkyIrradiance.cloudy(
            ClearSkyIrradiance.clearSky(sun), cloudCover: cloud, cosZenith: sun.cosZenith)
        ambient = AmbientState(
            airTemperatureC: air, riverTemperatureC: weather.riverTemperatureC(localDays: localDays),
            groundTemperatureC: weather.groundTemperatureC(localDays: localDays),
            cloudCover: cloud, globalHorizontalWm2: sky.globalHorizontal)
        intervalAirTemperatureSum += air
        intervalSteps += 1

        var pvPowerW = 0.0
        for index in roofArrays.indices {
            guard let model = roofModels[index], var array = roofArrays[index] else { continue }
            updateArray(&array, model: model, sky: sky, sun: sun, air: air, hours: hours)
            pvPowerW += array.acPowerW
            households[index].roofPVPowerW = array.acPowerW
            households[index].roofPV.add(array.acPowerW * hours)
            roofArrays[index] = array
        }
        for index in sharedArrays.indices {
            updateArray(&sharedArrays[index], model: sharedModels[index], sky: sky, sun: sun, air: air, hours: hours)
            pvPowerW += sharedArrays[index].acPowerW
        }

        var householdPowerW = 0.0
        var hotDemandW = 0.0
        var coldDemandW = 0.0
        for index in households.indices {
            let model = demand[index]
            let power = model.electricPowerW(
                hour: hour, weekend: weekend, slot: slot, minute: minute, dayOfYear: dayOfYear)
            let heating = model.heatingDemandW(airTemperatureC: air)
            let cooling = model.coolingDemandW(airTemperatureC: air)
            let hotWater = model.hotWaterDemandW(hour: hour, weekend: weekend)
            households[index].powerW = power
            households[index].heatingPowerW = heating
            households[index].coolingPowerW = cooling
            households[index].hotWaterPowerW = hotWater
            households[index].consumption.add(power * hours)
            let netW = power - households[index].roofPVPowerW
            if netW > 0 {
                households[index].meterImport.add(netW * hours)
            } else {
                households[index].meterExport.add(-netW * hours)
            }
            households[index].waterVolume.add(model.waterLitresPerHour(hour: hour, weekend: weekend) * hours)
            householdPowerW += power
            hotDemandW += heating + hotWater
            coldDemandW += cooling
        }
        recentCoolingDemandW += (coldDemandW - recentCoolingDemandW) * min(1, dt / Double(TimeGrid.daySeconds))

        let heatPumpPowerW = runHeatPlant(hour: hour, hours: hours, hotDemandW: hotDemandW, coldDemandW: coldDemandW)
        let publicPowerW = publicBuildingPowerW(hour: hour, weekend: weekend)
        publicBuildingsPowerW = publicPowerW
        publicBuildings.add(publicPowerW * hours)
        let storagePowerW = runStorage(
            hours: hours, surplusW: pvPowerW - householdPowerW - heatPumpPowerW - publicPowerW)

        let netImportW = householdPowerW + heatPumpPowerW + publicPowerW - pvPowerW - storagePowerW
        grid.powerW = netImportW
        if netImportW > 0 { grid.imported.add(netImportW * hours) } else { grid.exported.add(-netImportW * hours) }
        residuals.electricWh +=
            (pvPowerW + max(0, storagePowerW) + max(0, netImportW)
                - householdPowerW - heatPumpPowerW - publicPowerW - max(0, -storagePowerW) - max(0, -netImportW))
            * hours

        now += stepSeconds
        if floorModulo(now + utcOffsetSeconds, Self.intervalSeconds) == 0 {
            try closeInterval()
        }
    }

    /// Advances until `time` (UTC Unix seconds), one physics step at a time.
    public func run(until time: Int64) throws {
        while now + stepSeconds <= time {
            try step()
        }
    }

    /// Advances by a number of simulated seconds.
    public func advance(seconds: Int64) throws {
        try run(until: now + seconds)
    }

    private func updateArray(
        _ array: inout PVArrayState, model: PVSystemModel, sky: Irradiance, sun: SunPosition,
        air: Double, hours: Double
    ) {
        let poa = model.planeOfArray(sky, sun: sun)
        let dc = model.dcPowerW(planeOfArray: poa, airTemperatureC: air)
        let ac = model.acPowerW(dcPowerW: dc)
        array.planeOfArrayWm2 = poa
        array.dcPowerW = dc
        array.acPowerW = ac
        array.clipping = ac > 0 && ac >= model.generator.inverterACPowerKW * 1000 - 0.5
        array.energy.add(ac * hours)
    }

    /// Offices and machine-room auxiliaries: busier on weekday office hours, normalised to the
    /// site's average.
    private func publicBuildingPowerW(hour: Double, weekend: Bool) -> Double {
        let officeHours = hour >= 8 && hour < 19
        let factor = weekend ? 0.7 : (officeHours ? 1.6 : 0.6)
        return site.publicBuildings.averagePowerKW * 1000 * factor / 0.956
    }
}
