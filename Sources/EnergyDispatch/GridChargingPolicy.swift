/// When the battery may charge from the grid rather than only from the village's PV surplus.
///
/// Where the policy forbids it, the plan charges at most the forecast PV surplus over the load and
/// imports only what the load and the heat pumps need, and `PlantSimulator` charges at most the
/// surplus that is really there, so no strategy buys energy for the battery in such an interval.
public enum GridChargingPolicy: Sendable, Hashable, Codable {
    /// The battery charges only from PV surplus.
    case never
    /// Grid charging where the import price is below this, milli-won per kWh; PV surplus only elsewhere.
    case cheaperThan(milliWonPerKWh: Int64)
    /// No restriction: the strategy may buy energy for the battery whenever it pays.
    case allowed

    /// Whether the battery may charge from the grid at this import price (nil: no import possible).
    public func allowsGridCharging(importPriceMilliWonPerKWh price: Int64?) -> Bool {
        switch self {
        case .never: false
        case .allowed: true
        case .cheaperThan(let limit): price.map { $0 < limit } ?? false
        }
    }
}
