/// An order as it arrives from outside (a JSON file, a form): numbers not yet known to be
/// whole, finite or sane. ``OrderBook/init(raw:knownHouseholds:limits:)`` turns it into an ``Order``.
public struct RawOrder: Hashable, Sendable, Codable {
    public var id: String
    /// A household unit number, or ``RawOrder/storageParticipant`` for the shared battery.
    public var participant: String
    /// `"buy"` or `"sell"`.
    public var side: String
    public var energyWh: Double
    public var limitPriceMilliWonPerKWh: Double
    public var preferredPartners: [String]?
    public var tradingEnabled: Bool?

    /// The reserved participant name of the shared battery in external order files.
    public static let storageParticipant = "@storage"

    public init(
        id: String,
        participant: String,
        side: String,
        energyWh: Double,
        limitPriceMilliWonPerKWh: Double,
        preferredPartners: [String]? = nil,
        tradingEnabled: Bool? = nil
    ) {
        self.id = id
        self.participant = participant
        self.side = side
        self.energyWh = energyWh
        self.limitPriceMilliWonPerKWh = limitPriceMilliWonPerKWh
        self.preferredPartners = preferredPartners
        self.tradingEnabled = tradingEnabled
    }
}
