import Market
import Tariffs

/// How the shared battery trades: the operator's buyer when it charged in an interval and its
/// seller when it discharged, for the net energy its PCS meter measured (which is what the
/// dispatch plan commanded, after the device's own limits).
///
/// Unset limits mirror a household's: sell no cheaper than the export price (the grid would pay
/// that), buy no dearer than the battery's own grid price (the plant tariff, else the village
/// reference price).
public struct StorageTrading: Sendable {
    /// The battery's device id in the site file; its `ess.charge` and `ess.discharge` intervals
    /// are the storage's meter readings.
    public var device: String
    /// The plant's import tariff, which prices the battery's grid residual; nil: the households'
    /// reference price.
    public var importTariff: Tariff?
    public var minSellPriceMilliWonPerKWh: Int64?
    public var maxBuyPriceMilliWonPerKWh: Int64?

    public init(
        device: String, importTariff: Tariff? = nil,
        minSellPriceMilliWonPerKWh: Int64? = nil, maxBuyPriceMilliWonPerKWh: Int64? = nil
    ) {
        self.device = device
        self.importTariff = importTariff
        self.minSellPriceMilliWonPerKWh = minSellPriceMilliWonPerKWh
        self.maxBuyPriceMilliWonPerKWh = maxBuyPriceMilliWonPerKWh
    }
}
