import ConfigFiles
import Foundation

/// A village as the simulator serves it and the collector reads it: who lives where, which device
/// answers on which Modbus address, and the shared plant. Loaded once, validated once; every later
/// component trusts an identifier only after checking it against this value.
public struct Site: Sendable, Hashable, Codable {
    public var name: String
    public var latitudeDeg: Double
    public var longitudeDeg: Double
    /// IANA time zone; settlement intervals and household habits follow local time.
    public var timeZone: String
    /// Seed for every random choice of the simulator (clouds, habits noise, faults).
    public var seed: UInt64
    public var households: [Household]
    public var devices: [Device]
    public var sharedPV: [SharedPVArray]
    public var ess: EnergyStorageSystem
    public var heatPlant: HeatPlant
    public var grid: GridConnection
    public var publicBuildings: PublicBuildings
    /// The neighbourhood market's mechanism and the battery's part in it.
    public var market: SiteMarket
    /// The dispatch scheduler's tunables (the optional `dispatch:` section; defaults without it).
    public var dispatch: DispatchSettings
    /// The ledger's public key (the optional `ledger:` section).
    public var ledger: SiteLedger
    /// Typical outdoor temperature per month and hour (the optional `outdoorTemperatureNormal:` section).
    public var outdoorTemperatureNormal: OutdoorTemperatureNormal?

    public init(
        name: String, latitudeDeg: Double, longitudeDeg: Double, timeZone: String, seed: UInt64,
        households: [Household], devices: [Device], sharedPV: [SharedPVArray],
        ess: EnergyStorageSystem, heatPlant: HeatPlant, grid: GridConnection,
        publicBuildings: PublicBuildings = PublicBuildings(), market: SiteMarket = SiteMarket(),
        dispatch: DispatchSettings = DispatchSettings(), ledger: SiteLedger = SiteLedger(),
        outdoorTemperatureNormal: OutdoorTemperatureNormal? = nil
    ) {
        self.name = name
        self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg
        self.timeZone = timeZone
        self.seed = seed
        self.households = households
        self.devices = devices
        self.sharedPV = sharedPV
        self.ess = ess
        self.heatPlant = heatPlant
        self.grid = grid
        self.publicBuildings = publicBuildings
        self.market = market
        self.dispatch = dispatch
        self.ledger = ledger
        self.outdoorTemperatureNormal = outdoorTemperatureNormal
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, latitudeDeg, longitudeDeg, timeZone, seed, households, devices, sharedPV, ess
        case heatPlant, grid, publicBuildings, dispatch
        case market
        case ledger
        case outdoorTemperatureNormal
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "village")
        latitudeDeg = try c.decode(.latitudeDeg, in: -90...90)
        longitudeDeg = try c.decode(.longitudeDeg, in: -180...180)
        timeZone = try c.decode(.timeZone, default: "Asia/Seoul")
        guard TimeZone(identifier: timeZone) != nil else {
            throw ConfigFieldError(
                code: .invalidValue, path: c.codingPath + [CodingKeys.timeZone],
                message: "unknown time zone '\(timeZone)'")
        }
        seed = try c.decode(.seed, default: 1)
        households = try c.decode([Household].self, forKey: .households)
        devices = try c.decode([Device].self, forKey: .devices)
        sharedPV = try c.decode(.sharedPV, default: [])
        ess = try c.decode(EnergyStorageSystem.self, forKey: .ess)
        heatPlant = try c.decode(HeatPlant.self, forKey: .heatPlant)
        grid = try c.decode(GridConnection.self, forKey: .grid)
        publicBuildings = try c.decode(.publicBuildings, default: PublicBuildings())
        market = try c.decode(.market, default: SiteMarket())
        dispatch = try c.decode(.dispatch, default: DispatchSettings())
        ledger = try c.decode(.ledger, default: SiteLedger())
        outdoorTemperatureNormal = try c.decodeIfPresent(
            OutdoorTemperatureNormal.self, forKey: .outdoorTemperatureNormal)
    }
}

extension Site {
    /// The household with this unit number, if the site defines it.
    public func household(_ unit: String) -> Household? {
        households.first { $0.unit == unit }
    }

    /// The device with this id, if the site defines it.
    public func device(_ id: String) -> Device? {
        devices.first { $0.id == id }
    }

    /// The devices of one household, in file order.
    public func devices(of unit: String) -> [Device] {
        devices.filter { $0.household == unit }
    }

    /// Installed PV in kWp: home roofs plus shared buildings.
    public var totalPeakPowerKWp: Double {
        households.reduce(0) { $0 + ($1.roofPV?.peakPowerKWp ?? 0) }
            + sharedPV.reduce(0) { $0 + $1.generator.peakPowerKWp }
    }

    /// PV on residential buildings (home roofs and residential shared arrays), the numerator of the
    /// residential energy independence rate.
    public var residentialPeakPowerKWp: Double {
        households.reduce(0) { $0 + ($1.roofPV?.peakPowerKWp ?? 0) }
            + sharedPV.filter { $0.building == .residential }.reduce(0) { $0 + $1.generator.peakPowerKWp }
    }
}
