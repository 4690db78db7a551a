/// What the demo measured, from the simulator's ground truth and from the database the platform
/// filled, so the two can be set side by side.
public struct DemoReport: Sendable, Codable {
    public struct Truth: Sendable, Codable {
        public var pvWh: Int64
        public var roofPVWh: Int64
        public var householdConsumptionWh: Int64
        public var heatPumpElectricityWh: Int64
        public var heatPumpNightWh: Int64
        public var gridImportWh: Int64
        public var gridExportWh: Int64
        public var storageChargedWh: Int64
        public var storageDischargedWh: Int64
        /// Discharged in the evening peak, 17:00–22:00 local time.
        public var storageEveningDischargedWh: Int64
        /// The battery's usable energy (its SoC window), for equivalent full cycles.
        public var storageUsableWh: Int64
        public var publicBuildingsWh: Int64
        /// The tanks' stored heat and cold at the start and the end of the run, and the demand they
        /// could not meet.
        public var hotTankStartWh: Int64
        public var hotTankEndWh: Int64
        public var coldTankStartWh: Int64
        public var coldTankEndWh: Int64
        public var unmetThermalWh: Int64
    }

    /// What the dispatch controller did (nil strategy: it was off).
    public struct Dispatch: Sendable, Codable {
        public var strategy: String?
        public var controlSteps = 0
        public var failedSteps = 0
        public var unverifiedSteps = 0
        public var commandsWritten = 0
        public var commandsClamped = 0
        public var firstFailure: String?
        /// The village's grid energy (ground truth) priced at the plant's tariff: import cost minus
        /// export revenue; and what all of its demand would cost from the grid without PV or battery.
        public var plantGridCostMilliWon: Int64?
        public var gridOnlyCostMilliWon: Int64?

        public init(strategy: String?) { self.strategy = strategy }
    }

    public struct Metering: Sendable, Codable {
        public var devices: Int
        public var polls: Int
        public var deviceReads: Int
        public var failedReads: Int
        public var intervalsMeasured: Int
        public var intervalsEstimated: Int
        public var intervalsMissing: Int
        /// Household PV and consumption recorded by the collector, measured intervals only.
        public var recordedPVWh: Int64
        public var recordedConsumptionWh: Int64
        /// Household channel intervals compared with the truth, and the largest difference.
        public var comparedIntervals: Int
        public var largestDeviationWh: Int64
    }

    public struct HouseholdLine: Sendable, Codable {
        public var unit: String
        public var pvWh: Int64
        public var consumptionWh: Int64
        public var netWh: Int64 { pvWh - consumptionWh }
    }

    /// What the market settled between neighbours, from the ledger.
    public struct MarketSummary: Sendable, Codable {
        public var intervalsSettled: Int
        public var transactions: Int
        public var tradedWh: Int64
        public var tradedMilliWon: Int64
        public var householdsCostMilliWon: Int64
        public var gridOnlyCostMilliWon: Int64
        public var ledgerVerified: Bool
        /// The shared battery's part, as the operator's trader: energy sold to and bought from the
        /// households, its grid energy, and its money in minus out.
        public var storageSoldToNeighboursWh: Int64 = 0
        public var storageBoughtFromNeighboursWh: Int64 = 0
        public var storageGridImportWh: Int64 = 0
        public var storageGridExportWh: Int64 = 0
        public var storageBalanceMilliWon: Int64 = 0
        /// Households by balance (money in minus money out), highest first.
        public var balances: [Balance]
    }

    public struct Balance: Sendable, Codable {
        public var unit: String
        public var balanceMilliWon: Int64
        public var soldToNeighboursWh: Int64
        public var boughtFromNeighboursWh: Int64
        public var savingsMilliWon: Int64
    }

    public var start: Int64
    public var hours: Int
    /// Where this run began, when it resumed an earlier one.
    public var resumedAt: Int64?
    public var databasePath: String
    public var truth: Truth
    public var metering: Metering
    public var market: MarketSummary
    public var dispatch: Dispatch
    /// Households with the largest surplus and deficit, from recorded data.
    public var households: [HouseholdLine]
    public var wallSeconds: Double
}
