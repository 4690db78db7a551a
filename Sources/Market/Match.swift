/// One bilateral trade from clearing: who delivers how much to whom, at which prices.
///
/// Buyer and seller prices are equal except under pay-as-bid, where the operator keeps the
/// difference. Pool mechanisms (SDR, MMR) also produce matches so every kWh has a counterparty.
public struct Match: Hashable, Sendable, Codable {
    public var buyerOrderID: String
    public var sellerOrderID: String
    public var buyer: Participant
    public var seller: Participant
    public var energyWh: Int64
    public var buyerPriceMilliWonPerKWh: Int64
    public var sellerPriceMilliWonPerKWh: Int64
    /// Matched in the preferred-partner phase.
    public var preferred: Bool

    public init(
        buyerOrderID: String, sellerOrderID: String, buyer: Participant, seller: Participant,
        energyWh: Int64, buyerPriceMilliWonPerKWh: Int64, sellerPriceMilliWonPerKWh: Int64,
        preferred: Bool
    ) {
        self.buyerOrderID = buyerOrderID
        self.sellerOrderID = sellerOrderID
        self.buyer = buyer
        self.seller = seller
        self.energyWh = energyWh
        self.buyerPriceMilliWonPerKWh = buyerPriceMilliWonPerKWh
        self.sellerPriceMilliWonPerKWh = sellerPriceMilliWonPerKWh
        self.preferred = preferred
    }
}
