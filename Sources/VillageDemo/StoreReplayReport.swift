import EnergyDispatch

/// What a replay of a recorded period found: the recorded grid energy and what it cost, and what each
/// strategy would have drawn and paid with the same load, PV and heat demand.
package struct StoreReplayReport: Sendable, Codable {
    /// The grid side of a period, recorded or replayed, priced by the plant's tariff.
    package struct Grid: Sendable, Codable, Equatable {
        package var importKWh: Double
        package var exportKWh: Double
        /// The highest 15-minute average import, kW.
        package var peakImportKW: Double
        package var importCostWon: Double
        package var exportRevenueWon: Double
        /// Import cost minus export revenue, won: what the village paid for energy.
        package var energyCostWon: Double
    }

    /// One strategy's replay.
    package struct Outcome: Sendable, Codable {
        package var strategy: StrategyName
        package var grid: Grid
        /// Recorded energy cost minus this strategy's, won (positive: the strategy would have saved).
        package var savingAgainstRecordedWon: Double
        package var batteryChargedKWh: Double
        package var batteryDischargedKWh: Double
        /// Stored energy at the end minus at the start, kWh: a strategy that ends emptier has spent
        /// energy the recorded run still had (and the reverse).
        package var batteryGainKWh: Double
        package var hotTankGainKWh: Double
        package var coldTankGainKWh: Double
        package var heatPumpKWh: Double
        /// Load, heat or cooling the replayed plant could not serve, kWh (0 when it kept up).
        package var unservedKWh: Double
        /// Steps whose plan failed and fell back to the safe state, and the first failure.
        package var failedSteps: Int
        package var firstFailure: String?
    }

    package var database: String
    /// The replayed period, UTC Unix seconds, `[from, to)`.
    package var from: Int64
    package var to: Int64
    package var steps: Int
    /// The recorded series the strategies were replayed on, kWh over the period.
    package var pvKWh: Double
    package var loadKWh: Double
    package var heatDemandKWh: Double
    package var coolingDemandKWh: Double
    /// False when the period has no tank levels: heat and cooling were replayed as zero demand.
    package var thermalRecorded: Bool
    /// Heat (cooling) delivered per kWh of heat-pump electricity in the recorded period, the COPs the
    /// replay assumes (the configured defaults when the pumps did not run on that side).
    package var heatingCOP: Double
    package var coolingCOP: Double
    /// The plant at the start of the period, as recorded.
    package var initialBatteryKWh: Double
    package var initialHotTankKWh: Double
    package var initialColdTankKWh: Double
    /// What the grid meter recorded over the period.
    package var recorded: Grid
    /// Stored energy at the end of the period minus at its start, as recorded, kWh: to read the
    /// strategies' grid energy against (a run that ends with fuller tanks bought that energy).
    package var recordedBatteryGainKWh: Double
    package var recordedHotTankGainKWh: Double
    package var recordedColdTankGainKWh: Double
    package var strategies: [Outcome]
}
