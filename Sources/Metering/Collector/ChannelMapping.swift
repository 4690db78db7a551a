import Site
import VillageStore

/// How a profile's semantic field becomes a stored channel: as a cumulative counter (turned into
/// interval energies), a level (sampled at interval ends) or an instantaneous value (kept raw only).
struct ChannelMapping: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case counter, level, instantaneous }

    var semantic: String
    var channel: MeteringChannel
    var kind: Kind
    /// Multiplier from the profile's unit to the channel's base unit (kWh → Wh, m³ → litres).
    var toBaseUnits: Double

    /// The mapping of each semantic the collector records. Anything else a device reports is
    /// shown by `village read` but not stored.
    static func mapping(semantic: String, unit: String?) -> ChannelMapping? {
        let factor = baseUnitFactor(unit)
        switch semantic {
        case "energy.import":
            return .init(semantic: semantic, channel: .energyImport, kind: .counter, toBaseUnits: factor)
        case "energy.export":
            return .init(semantic: semantic, channel: .energyExport, kind: .counter, toBaseUnits: factor)
        case "energy.generated":
            return .init(semantic: semantic, channel: .pvGeneration, kind: .counter, toBaseUnits: factor)
        case "water.volume": return .init(semantic: semantic, channel: .water, kind: .counter, toBaseUnits: factor)
        case "heat.energy": return .init(semantic: semantic, channel: .heating, kind: .counter, toBaseUnits: factor)
        case "cooling.energy": return .init(semantic: semantic, channel: .cooling, kind: .counter, toBaseUnits: factor)
        case "hotwater.volume":
            return .init(semantic: semantic, channel: .hotWater, kind: .counter, toBaseUnits: factor)
        case "storage.energy.charged":
            return .init(semantic: semantic, channel: .essCharge, kind: .counter, toBaseUnits: factor)
        case "storage.energy.discharged":
            return .init(semantic: semantic, channel: .essDischarge, kind: .counter, toBaseUnits: factor)
        case "heatpump.energy":
            return .init(semantic: semantic, channel: .heatPumpElectricity, kind: .counter, toBaseUnits: factor)
        case "heatpump.heat.energy":
            return .init(semantic: semantic, channel: .heatPumpHeat, kind: .counter, toBaseUnits: factor)
        case "heatpump.cooling.energy":
            return .init(semantic: semantic, channel: "heatpump.cooling", kind: .counter, toBaseUnits: factor)
        case "tank.hot.energy": return .init(semantic: semantic, channel: .tankHeat, kind: .level, toBaseUnits: factor)
        case "tank.cold.energy":
            return .init(semantic: semantic, channel: "tank.cold", kind: .level, toBaseUnits: factor)
        case "battery.soc":
            // Percent of capacity; the collector multiplies by the battery's capacity to store Wh.
            return .init(semantic: semantic, channel: .essStateOfCharge, kind: .level, toBaseUnits: 1)
        case "power.active":
            return .init(semantic: semantic, channel: "power.active", kind: .instantaneous, toBaseUnits: 1)
        case "battery.power":
            return .init(semantic: semantic, channel: "ess.power", kind: .instantaneous, toBaseUnits: 1)
        case "temperature.outdoor":
            // Kept raw; the store also folds each reading into its interval's mean.
            return .init(semantic: semantic, channel: .outdoorTemperature, kind: .instantaneous, toBaseUnits: 1)
        default: return nil
        }
    }

    /// Base units: Wh for energy, litres for volume.
    static func baseUnitFactor(_ unit: String?) -> Double {
        switch unit {
        case "kWh": 1000
        case "MWh": 1_000_000
        case "m3": 1000
        default: 1
        }
    }
}
