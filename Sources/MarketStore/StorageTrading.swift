import Market
import Tariffs

/// How the shared battery trades: the operator's buyer when it charged in an interval and its
/// seller when it discharged, for the net energy its PCS meter measured (which is what the
/// dispatch plan commanded, after the device's own limits).
///
/// Unset limits mirror a household's: sell no cheaper than the export price (the grid would pay
/// that), buy no dearer than the battery's own grid price (the plant tariff, else the village
/// reference price).
///
/// The village's shared PV arrays sit behind the plant's meter with the battery: in each interval
/// the battery's net charge is bought first from the homes (the market exists for their surplus),
/// what they did not sell it is met by the shared PV measured in that interval, and only the rest
/// comes from the grid. The shared PV is not a market seller; what it puts into the battery shows
/// as the storage's own production in its reading, never as grid import.
public struct StorageTrading: Sendable {
    /// The battery's device id in the site file; its `ess.charge` and `ess.discharge` intervals
    /// are the storage's meter readings.
    public var device: String
    /// The inverter device ids of the shared PV arrays behind the plant's meter; their
    /// `pv.generation` intervals charge the battery with what the homes did not sell it.
    public var sharedPVDevices: [String]
    /// The plant's import tariff, which prices the battery's grid residual; nil: the households'
    /// reference price.
    public var importTariff: Tariff?
    public var minSellPriceMilliWonPerKWh: Int64?
    public var maxBuyPriceMilliWonPerKWh: Int64?

    public init(
        device: String, importTariff: Tariff? = nil,
        minSellPriceMilliWonPerKWh: Int64? = nil, maxBuyPriceMilliWonPerKWh: Int64? = nil,
        sharedPVDevices: [String] = []
    ) {
        self.device = device
        self.sharedPVDevices = sharedPVDevices
        self.importTariff = importTariff
        self.minSellPriceMilliWonPerKWh = minSellPriceMilliWonPerKWh
        self.maxBuyPriceMilliWonPerKWh = maxBuyPriceMilliWonPerKWh
    }
}
