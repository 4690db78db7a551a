import Site

/// Live state of one household: what its meters would show right now.
public struct HouseholdState: Sendable {
    public let unit: String
    public internal(set) var powerW = 0.0
    public internal(set) var roofPVPowerW = 0.0
    public internal(set) var heatingPowerW = 0.0
    public internal(set) var coolingPowerW = 0.0
    public internal(set) var hotWaterPowerW = 0.0
    /// Electricity the home's appliances used, Wh (the roof PV feeds them first).
    public internal(set) var consumption = EnergyCounter()
    /// What the bidirectional household meter counts, Wh: the roof PV sits behind the meter, so the
    /// meter imports what the PV does not cover and exports the PV surplus (as net metering assumes).
    public internal(set) var meterImport = EnergyCounter()
    public internal(set) var meterExport = EnergyCounter()
    /// AC energy from the roof inverter, Wh.
    public internal(set) var roofPV = EnergyCounter()
    /// Heat, cold and hot-water energy delivered by the plant, Wh thermal.
    public internal(set) var heating = EnergyCounter()
    public internal(set) var cooling = EnergyCounter()
    public internal(set) var hotWater = EnergyCounter()
    /// Volumes in litres.
    public internal(set) var hotWaterVolume = EnergyCounter()
    public internal(set) var waterVolume = EnergyCounter()
    /// Thermal demand the tanks could not meet (comfort lost), Wh thermal.
    public internal(set) var unmetThermal = EnergyCounter()
    /// This home's share of the heat pumps' electricity, by the heat it received, Wh.
    public internal(set) var heatPlantShare = EnergyCounter()
}

/// Live state of a PV array and its inverter.
public struct PVArrayState: Sendable {
    public let id: String
    public let inverterDevice: String
    public internal(set) var dcPowerW = 0.0
    public internal(set) var acPowerW = 0.0
    public internal(set) var planeOfArrayWm2 = 0.0
    public internal(set) var energy = EnergyCounter()
    /// True when the inverter is limiting output to its AC rating.
    public internal(set) var clipping = false
}

/// Live state of the shared battery.
public struct StorageState: Sendable {
    public internal(set) var storedWh: Double
    public let capacityWh: Double
    /// AC power at the PCS: positive discharging, negative charging.
    public internal(set) var powerW = 0.0
    public internal(set) var charged = EnergyCounter()
    public internal(set) var discharged = EnergyCounter()
    public internal(set) var setpoint: StorageSetpoint?
    public internal(set) var setpointsReceived = 0

    public var socPct: Double { capacityWh > 0 ? storedWh / capacityWh * 100 : 0 }
}

/// Live state of one heat pump.
public struct HeatPumpState: Sendable {
    public let device: String
    public internal(set) var electricPowerW = 0.0
    public internal(set) var thermalPowerW = 0.0
    public internal(set) var cop = 0.0
    public internal(set) var tank: TankSide = .hot
    public internal(set) var electricity = EnergyCounter()
    public internal(set) var heatToHotTank = EnergyCounter()
    public internal(set) var coldToColdTank = EnergyCounter()
    public internal(set) var command: HeatPumpCommand?
    public internal(set) var commandsReceived = 0

    public var running: Bool { electricPowerW > 0 }
}

/// Live state of one side of the heat-storage tank.
public struct TankState: Sendable {
    public let side: TankSide
    public let capacityWh: Double
    public internal(set) var storedWh: Double
    public internal(set) var charged = EnergyCounter()
    public internal(set) var delivered = EnergyCounter()
    public internal(set) var standingLoss = EnergyCounter()
    public internal(set) var unmet = EnergyCounter()

    public var chargePct: Double { capacityWh > 0 ? storedWh / capacityWh * 100 : 0 }
}

/// Live state at the grid connection.
public struct GridState: Sendable {
    /// Positive importing, negative exporting.
    public internal(set) var powerW = 0.0
    public internal(set) var imported = EnergyCounter()
    public internal(set) var exported = EnergyCounter()
}

/// Ambient conditions of the current step, for tank sensors and inverter temperatures.
public struct AmbientState: Sendable {
    public internal(set) var airTemperatureC = 15.0
    public internal(set) var riverTemperatureC = 15.0
    public internal(set) var groundTemperatureC = 16.0
    public internal(set) var cloudCover = 0.0
    public internal(set) var globalHorizontalWm2 = 0.0
}
