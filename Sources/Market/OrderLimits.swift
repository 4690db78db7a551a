/// Bounds beyond which an order value is treated as a typo or an attack, not a trade.
///
/// A household meter does not move 100 MWh in 15 minutes; rejecting such values early also
/// keeps every product of energy and price far inside `Int64`.
public struct OrderLimits: Hashable, Sendable {
    public var maxEnergyWh: Int64
    public var maxPriceMilliWonPerKWh: Int64

    public init(maxEnergyWh: Int64 = 100_000_000, maxPriceMilliWonPerKWh: Int64 = 100_000_000) {
        self.maxEnergyWh = maxEnergyWh
        self.maxPriceMilliWonPerKWh = maxPriceMilliWonPerKWh
    }

    public static let `default` = OrderLimits()
}
