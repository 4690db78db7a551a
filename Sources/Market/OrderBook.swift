/// A validated set of orders for one interval, ready to clear.
///
/// Construction is the only place orders are checked: every participant known to the site,
/// every id unique, every quantity and price whole, non-negative and below ``OrderLimits``.
/// The first problem found (in input order) is thrown and no book exists, so nothing clears.
/// Orders are kept sorted by id, which is the tie-break order of every mechanism.
public struct OrderBook: Hashable, Sendable {
    /// Orders sorted by id (byte-wise UTF-8 order).
    public let orders: [Order]

    /// Validates typed orders against the site's households.
    public init(
        _ orders: [Order],
        knownHouseholds: Set<String>,
        limits: OrderLimits = .default
    ) throws(MarketError) {
        for order in orders {
            try Self.check(order, knownHouseholds: knownHouseholds, limits: limits)
        }
        self.orders = try Self.sortedUnique(orders)
    }

    /// Validates orders decoded from outside, where numbers may be NaN, fractional or huge.
    public init(
        raw: [RawOrder],
        knownHouseholds: Set<String>,
        limits: OrderLimits = .default
    ) throws(MarketError) {
        var converted: [Order] = []
        converted.reserveCapacity(raw.count)
        for item in raw {
            converted.append(try Self.convert(item, limits: limits))
        }
        try self.init(converted, knownHouseholds: knownHouseholds, limits: limits)
    }

    static func convert(_ raw: RawOrder, limits: OrderLimits) throws(MarketError) -> Order {
        guard let side = OrderSide(rawValue: raw.side) else {
            throw MarketError(
                .unknownSide, orderID: raw.id, field: "side",
                message: "side must be \"buy\" or \"sell\", got \"\(raw.side)\"")
        }
        let participant: Participant =
            raw.participant == RawOrder.storageParticipant
            ? .storage : .household(raw.participant)
        let energy = try wholeNumber(
            raw.energyWh, orderID: raw.id, field: "energyWh",
            maximum: limits.maxEnergyWh)
        let price = try wholeNumber(
            raw.limitPriceMilliWonPerKWh, orderID: raw.id,
            field: "limitPriceMilliWonPerKWh",
            maximum: limits.maxPriceMilliWonPerKWh)
        return Order(
            id: raw.id, participant: participant, side: side, energyWh: energy,
            limitPriceMilliWonPerKWh: price,
            preferredPartners: raw.preferredPartners ?? [],
            tradingEnabled: raw.tradingEnabled ?? true)
    }

    static func wholeNumber(
        _ value: Double, orderID: String, field: String, maximum: Int64
    ) throws(MarketError) -> Int64 {
        guard value.isFinite else {
            throw MarketError(.notFinite, orderID: orderID, field: field, message: "\(value) is not a finite number")
        }
        guard value >= 0 else {
            throw MarketError(.negative, orderID: orderID, field: field, message: "\(value) is negative")
        }
        guard value <= Double(maximum) else {
            throw MarketError(
                .tooLarge, orderID: orderID, field: field, message: "\(value) exceeds the limit \(maximum)")
        }
        guard value.rounded(.towardZero) == value else {
            throw MarketError(.notWhole, orderID: orderID, field: field, message: "\(value) is not a whole number")
        }
        return Int64(value)
    }

    static func check(_ order: Order, knownHouseholds: Set<String>, limits: OrderLimits) throws(MarketError) {
        guard !order.id.isEmpty else {
            throw MarketError(.emptyOrderID, orderID: order.id, field: "id", message: "order id is empty")
        }
        if case .household(let id) = order.participant, !knownHouseholds.contains(id) {
            throw MarketError(
                .unknownHousehold, orderID: order.id, field: "participant",
                message: "household \"\(id)\" is not part of the site")
        }
        for partner in order.preferredPartners where !knownHouseholds.contains(partner) {
            throw MarketError(
                .unknownHousehold, orderID: order.id, field: "preferredPartners",
                message: "preferred partner \"\(partner)\" is not part of the site")
        }
        try checkRange(order.energyWh, maximum: limits.maxEnergyWh, orderID: order.id, field: "energyWh")
        try checkRange(
            order.limitPriceMilliWonPerKWh, maximum: limits.maxPriceMilliWonPerKWh,
            orderID: order.id, field: "limitPriceMilliWonPerKWh")
    }

    static func checkRange(_ value: Int64, maximum: Int64, orderID: String, field: String) throws(MarketError) {
        guard value >= 0 else {
            throw MarketError(.negative, orderID: orderID, field: field, message: "\(value) is negative")
        }
        guard value <= maximum else {
            throw MarketError(
                .tooLarge, orderID: orderID, field: field, message: "\(value) exceeds the limit \(maximum)")
        }
    }

    static func sortedUnique(_ orders: [Order]) throws(MarketError) -> [Order] {
        let sorted = orders.sorted { idPrecedes($0.id, $1.id) }
        if sorted.count > 1 {
            for index in 1..<sorted.count where sorted[index].id == sorted[index - 1].id {
                throw MarketError(
                    .duplicateOrderID, orderID: sorted[index].id, field: "id",
                    message: "order id \"\(sorted[index].id)\" appears more than once")
            }
        }
        return sorted
    }
}

/// Byte-wise UTF-8 order of ids: the same in Swift, Python and SQLite, unlike `String.<`
/// which follows Unicode canonical ordering.
@inline(__always)
func idPrecedes(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
}
