/// What really happened in one 15-minute interval: the reference every later component (collector,
/// settlement, dispatch) is checked against. Energies are whole Wh taken as differences of the
/// simulated meter counters, so they sum to the counters exactly.
public struct IntervalTruth: Sendable, Codable {
    /// Interval start and end, UTC Unix seconds, aligned to the site's local quarter hours.
    public var start: Int64
    public var end: Int64
    public var households: [Household]
    public var pvArrays: [PVArray]
    public var storage: Storage
    public var heatPumps: [HeatPump]
    public var tankSensorDevice: String
    public var hotTank: Tank
    public var coldTank: Tank
    public var grid: Grid
    public var publicBuildingsWh: Int64
    public var airTemperatureC: Double
    /// Electric sources minus sinks in exact (unrounded) Wh: zero up to floating-point noise when the
    /// physics conserves energy.
    public var electricResidualWh: Double
    /// Thermal residual of both tanks (charged − delivered − lost − change of stored energy), Wh.
    public var thermalResidualWh: Double

    public struct Household: Sendable, Codable {
        public var unit: String
        public var meterDevice: String?
        public var inverterDevice: String?
        public var gatewayDevice: String?
        public var consumptionWh: Int64
        /// What the household meter imported and exported (PV behind the meter).
        public var meterImportWh: Int64
        public var meterExportWh: Int64
        public var roofPVWh: Int64
        public var heatingWh: Int64
        public var coolingWh: Int64
        public var hotWaterWh: Int64
        public var hotWaterLitres: Int64
        public var waterLitres: Int64
        public var unmetThermalWh: Int64
        public var heatPlantShareWh: Int64
    }

    /// A shared-building array (roof arrays are reported with their household).
    public struct PVArray: Sendable, Codable {
        public var id: String
        public var inverterDevice: String
        public var residential: Bool
        public var energyWh: Int64
    }

    public struct Storage: Sendable, Codable {
        public var device: String
        public var chargedWh: Int64
        public var dischargedWh: Int64
        public var socPctEnd: Double
        public var storedWhEnd: Int64
        public var setpointsReceived: Int
        /// Last setpoint in force during the interval (positive discharge), if any.
        public var setpointW: Double?
    }

    public struct HeatPump: Sendable, Codable {
        public var device: String
        public var electricityWh: Int64
        public var heatToHotTankWh: Int64
        public var coldToColdTankWh: Int64
        public var commandsReceived: Int
        public var commandEnabled: Bool?
        public var commandPowerW: Double?
    }

    public struct Tank: Sendable, Codable {
        public var storedWhEnd: Int64
        public var chargePctEnd: Double
        public var chargedWh: Int64
        public var deliveredWh: Int64
        public var standingLossWh: Int64
        public var unmetWh: Int64
    }

    public struct Grid: Sendable, Codable {
        public var meterDevice: String
        public var importWh: Int64
        public var exportWh: Int64
        /// True when the mean import or export of the interval exceeded the connection limit.
        public var limitExceeded: Bool
    }
}

extension IntervalTruth {
    /// Electric sources minus sinks in whole Wh. Each term is a difference of floored counters and
    /// so off by less than 1 Wh; the result is bounded by `balanceTermCount`.
    public var electricImbalanceWh: Int64 {
        let sources =
            households.reduce(0) { $0 + $1.roofPVWh }
            + pvArrays.reduce(0) { $0 + $1.energyWh }
            + storage.dischargedWh + grid.importWh
        let sinks =
            households.reduce(0) { $0 + $1.consumptionWh }
            + heatPumps.reduce(0) { $0 + $1.electricityWh }
            + publicBuildingsWh + storage.chargedWh + grid.exportWh
        return sources - sinks
    }

    /// How many rounded terms enter `electricImbalanceWh`: its largest possible rounding error.
    public var balanceTermCount: Int {
        households.count * 2 + pvArrays.count + heatPumps.count + 5
    }
}

/// Receives the ground truth as the simulation closes each interval.
public protocol GroundTruthSink: AnyObject {
    func record(_ interval: IntervalTruth) throws
    /// Pushes buffered records to storage; called when the simulation stops.
    func flush() throws
}

extension GroundTruthSink {
    public func flush() throws {}
}
