extension Order {
    /// The id of a participant's metered (or planned) order for one interval: `<interval start>/<unit>`,
    /// `<interval start>/@storage` for the battery. The ledger stores a match's order ids only
    /// where they differ from this.
    public static func meteredID(intervalStart: Int64, participant: Participant) -> String {
        switch participant {
        case .household(let id): "\(intervalStart)/\(id)"
        case .storage: "\(intervalStart)/\(RawOrder.storageParticipant)"
        }
    }

    /// The order a household's metered net position makes for one interval: a seller when
    /// PV exceeds consumption, a buyer otherwise; nil when it is exactly balanced.
    ///
    /// - Parameters:
    ///   - exportPriceMilliWonPerKWh: λs, the default minimum sell price.
    ///   - marginalImportPriceMilliWonPerKWh: the household's λb for this interval from the
    ///     tariff engine (tiered tariffs: month-to-date usage decides), the default maximum buy price.
    public static func fromMeteredNet(
        household: String,
        intervalStart: Int64,
        producedWh: Int64,
        consumedWh: Int64,
        preferences: TradingPreferences = .default,
        exportPriceMilliWonPerKWh: Int64,
        marginalImportPriceMilliWonPerKWh: Int64
    ) -> Order? {
        let net = producedWh - consumedWh
        guard net != 0 else { return nil }
        let side: OrderSide = net > 0 ? .sell : .buy
        let limit =
            side == .sell
            ? preferences.minSellPriceMilliWonPerKWh ?? exportPriceMilliWonPerKWh
            : preferences.maxBuyPriceMilliWonPerKWh ?? marginalImportPriceMilliWonPerKWh
        return Order(
            id: meteredID(intervalStart: intervalStart, participant: .household(household)),
            participant: .household(household),
            side: side,
            energyWh: net.magnitude > UInt64(Int64.max) ? Int64.max : Int64(net.magnitude),
            limitPriceMilliWonPerKWh: limit,
            preferredPartners: preferences.preferredPartners,
            tradingEnabled: preferences.tradingEnabled)
    }

    /// The storage's order from the dispatch plan: planned charging buys, discharging sells.
    /// The operator sets the limits (for example discharge no cheaper than the energy cost).
    public static func fromStoragePlan(
        intervalStart: Int64,
        plannedNetDischargeWh: Int64,
        minSellPriceMilliWonPerKWh: Int64,
        maxBuyPriceMilliWonPerKWh: Int64
    ) -> Order? {
        guard plannedNetDischargeWh != 0 else { return nil }
        let side: OrderSide = plannedNetDischargeWh > 0 ? .sell : .buy
        return Order(
            id: meteredID(intervalStart: intervalStart, participant: .storage),
            participant: .storage,
            side: side,
            energyWh: Int64(plannedNetDischargeWh.magnitude),
            limitPriceMilliWonPerKWh: side == .sell ? minSellPriceMilliWonPerKWh : maxBuyPriceMilliWonPerKWh)
    }
}
