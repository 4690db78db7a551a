import VillageStore

/// What the demo measured, from the simulator's ground truth and from the database the platform
/// filled, so the two can be set side by side.
package struct DemoReport: Sendable, Codable {
    package struct Truth: Sendable, Codable {
        package var pvWh: Int64
        package var roofPVWh: Int64
        package var householdConsumptionWh: Int64
        package var heatPumpElectricityWh: Int64
        package var heatPumpNightWh: Int64
        package var gridImportWh: Int64
        package var gridExportWh: Int64
        package var storageChargedWh: Int64
        package var storageDischargedWh: Int64
        /// Discharged in the evening peak, 17:00–22:00 local time.
        package var storageEveningDischargedWh: Int64
        /// The battery's usable energy (its SoC window), for equivalent full cycles.
        package var storageUsableWh: Int64
        package var publicBuildingsWh: Int64
        /// The tanks' stored heat and cold at the start and the end of the run, and the demand they
        /// could not meet.
        package var hotTankStartWh: Int64
        package var hotTankEndWh: Int64
        package var coldTankStartWh: Int64
        package var coldTankEndWh: Int64
        package var unmetThermalWh: Int64
        /// Heat into the hot tank plus cold into the cold tank: with the electricity, the COP achieved.
        package var heatPumpThermalWh: Int64 = 0
    }

    /// What the dispatch controller did (nil strategy: it was off).
    package struct Dispatch: Sendable, Codable {
        package var strategy: String?
        package var controlSteps = 0
        package var failedSteps = 0
        package var unverifiedSteps = 0
        package var commandsWritten = 0
        package var commandsClamped = 0
        package var firstFailure: String?
        /// The village's grid energy (ground truth) priced at the plant's tariff: import cost minus
        /// export revenue; and what all of its demand would cost from the grid without PV or battery.
        package var plantGridCostMilliWon: Int64?
        package var gridOnlyCostMilliWon: Int64?
        /// Heat-pump electricity per time-of-use period of the plant's tariff (`light`, `mid`, `peak`).
        package var heatPumpWhByPeriod: [String: Int64] = [:]
        /// The stored daily errors of the forecasts the controller planned with, for every day of the
        /// run that was complete when it stopped (`ForecastErrorBook`, as `village run` stores them).
        package var forecastErrors: [ForecastErrorRecord] = []

        package init(strategy: String?) { self.strategy = strategy }
    }

    package struct Metering: Sendable, Codable {
        package var devices: Int
        package var polls: Int
        package var deviceReads: Int
        package var failedReads: Int
        package var intervalsMeasured: Int
        package var intervalsEstimated: Int
        package var intervalsMissing: Int
        /// Household PV and consumption recorded by the collector, measured intervals only.
        package var recordedPVWh: Int64
        package var recordedConsumptionWh: Int64
        /// Household channel intervals compared with the truth, and the largest difference.
        package var comparedIntervals: Int
        package var largestDeviationWh: Int64
    }

    package struct HouseholdLine: Sendable, Codable {
        package var unit: String
        package var pvWh: Int64
        package var consumptionWh: Int64
        package var netWh: Int64 { pvWh - consumptionWh }
    }

    /// What the market settled between neighbours, from the ledger.
    package struct MarketSummary: Sendable, Codable {
        package var intervalsSettled: Int
        package var transactions: Int
        package var tradedWh: Int64
        package var tradedMilliWon: Int64
        package var householdsCostMilliWon: Int64
        package var gridOnlyCostMilliWon: Int64
        package var ledgerVerified: Bool
        /// The shared battery's part, as the operator's trader: energy sold to and bought from the
        /// households, its grid energy, and its money in minus out.
        package var storageSoldToNeighboursWh: Int64 = 0
        package var storageBoughtFromNeighboursWh: Int64 = 0
        package var storageGridImportWh: Int64 = 0
        /// The charge met behind the plant's meter, by the shared PV arrays (the storage's
        /// self-consumption in the ledger: never bought, from homes or the grid).
        package var storageChargedFromSharedPVWh: Int64 = 0
        package var storageGridExportWh: Int64 = 0
        package var storageBalanceMilliWon: Int64 = 0
        /// Households by balance (money in minus money out), highest first.
        package var balances: [Balance]
    }

    package struct Balance: Sendable, Codable {
        package var unit: String
        package var balanceMilliWon: Int64
        package var soldToNeighboursWh: Int64
        package var boughtFromNeighboursWh: Int64
        package var savingsMilliWon: Int64
    }

    package var start: Int64
    package var hours: Int
    /// Where this run began, when it resumed an earlier one.
    package var resumedAt: Int64?
    package var databasePath: String
    package var truth: Truth
    package var metering: Metering
    package var market: MarketSummary
    package var dispatch: Dispatch
    /// Households with the largest surplus and deficit, from recorded data.
    package var households: [HouseholdLine]
    package var wallSeconds: Double
}
