/// Energy actually delivered between two participants in one interval, after metering:
/// min(traded, metered). In a correction transaction the energy is the change (may be negative).
public struct DeliveredTrade: Hashable, Sendable, Codable {
    public var buyer: Participant
    public var seller: Participant
    public var energyWh: Int64
    public var buyerPriceMilliWonPerKWh: Int64
    public var sellerPriceMilliWonPerKWh: Int64

    public init(
        buyer: Participant, seller: Participant, energyWh: Int64,
        buyerPriceMilliWonPerKWh: Int64, sellerPriceMilliWonPerKWh: Int64
    ) {
        self.buyer = buyer
        self.seller = seller
        self.energyWh = energyWh
        self.buyerPriceMilliWonPerKWh = buyerPriceMilliWonPerKWh
        self.sellerPriceMilliWonPerKWh = sellerPriceMilliWonPerKWh
    }

    /// Aggregation key: one delivered trade per pair and price pair.
    var key: Key {
        Key(buyer: buyer, seller: seller, buyerPrice: buyerPriceMilliWonPerKWh, sellerPrice: sellerPriceMilliWonPerKWh)
    }

    struct Key: Hashable {
        var buyer: Participant
        var seller: Participant
        var buyerPrice: Int64
        var sellerPrice: Int64

        static func canonicalOrder(_ lhs: Key, _ rhs: Key) -> Bool {
            if lhs.buyer != rhs.buyer { return participantPrecedes(lhs.buyer, rhs.buyer) }
            if lhs.seller != rhs.seller { return participantPrecedes(lhs.seller, rhs.seller) }
            if lhs.buyerPrice != rhs.buyerPrice { return lhs.buyerPrice < rhs.buyerPrice }
            return lhs.sellerPrice < rhs.sellerPrice
        }
    }
}

/// Households by id (byte-wise), then the storage.
func participantPrecedes(_ lhs: Participant, _ rhs: Participant) -> Bool {
    switch (lhs, rhs) {
    case (.household(let a), .household(let b)): idPrecedes(a, b)
    case (.household, .storage): true
    case (.storage, _): false
    }
}
