import EnergyDispatch
import VillageCore

/// Seeded random dispatch problems for property tests: every parameter drawn within its valid
/// range, demands kept within what the heat pumps can make so the problem stays feasible.
enum RandomScenario {
    static func request(seed: UInt64, steps: Int? = nil) -> PlanRequest {
        var random = SeededGenerator(seed: seed)
        let count = steps ?? Int.random(in: 24...96, using: &random)
        var plant = PlantParameters()
        plant.gridImportLimitKW = Double.random(in: 300...600, using: &random)
        plant.gridExportLimitKW = Double.random(in: 50...400, using: &random)
        plant.battery.capacityKWh = Double.random(in: 50...600, using: &random)
        plant.battery.pcsPowerKW = Double.random(in: 20...250, using: &random)
        plant.battery.socMinFraction = Double.random(in: 0...0.3, using: &random)
        plant.battery.socMaxFraction = Double.random(in: 0.7...1, using: &random)
        plant.battery.chargeEfficiency = Double.random(in: 0.85...1, using: &random)
        plant.battery.dischargeEfficiency = Double.random(in: 0.85...1, using: &random)
        plant.battery.wearCostMilliWonPerKWh =
            Bool.random(using: &random) ? Double.random(in: 0...30_000, using: &random) : 0
        plant.heating.heatPumpMaxElectricKW = Double.random(in: 30...150, using: &random)
        plant.heating.tankCapacityKWh = Double.random(in: 100...2_000, using: &random)
        plant.heating.standingLossFractionPerHour = Double.random(in: 0...0.02, using: &random)
        plant.cooling.heatPumpMaxElectricKW = Double.random(in: 30...150, using: &random)
        plant.cooling.tankCapacityKWh = Double.random(in: 100...2_000, using: &random)
        plant.cooling.standingLossFractionPerHour = Double.random(in: 0...0.02, using: &random)
        if Bool.random(using: &random) {
            plant.demandChargeMilliWonPerKW = Double.random(in: 1_000_000...9_000_000, using: &random)
        }
        let hours = 0.25
        var pv: [Double] = []
        var load: [Double] = []
        var heat: [Double] = []
        var cooling: [Double] = []
        var temperature: [Double] = []
        var importPrice: [Int64?] = []
        var exportPrice: [Int64?] = []
        let levels = (0..<3).map { _ in Int64.random(in: 60_000...300_000, using: &random) }
        for step in 0..<count {
            let hour = (step / 4) % 24
            let outdoor = Double.random(in: -10...35, using: &random)
            temperature.append(outdoor)
            pv.append(hour >= 6 && hour < 19 ? Double.random(in: 0...400, using: &random) * hours * 1000 : 0)
            load.append(Double.random(in: 20...250, using: &random) * hours * 1000)
            let heatingCOP = plant.heating.cop.cop(atCelsius: outdoor)
            let coolingCOP = plant.cooling.cop.cop(atCelsius: outdoor)
            heat.append(
                Double.random(in: 0...0.8, using: &random) * plant.heating.heatPumpMaxElectricKW * heatingCOP * hours
                    * 1000)
            cooling.append(
                Double.random(in: 0...0.8, using: &random) * plant.cooling.heatPumpMaxElectricKW * coolingCOP * hours
                    * 1000)
            let level = hour < 8 ? levels[0] : hour >= 17 && hour < 22 ? levels[2] : levels[1]
            importPrice.append(level)
            exportPrice.append(Bool.random(using: &random) ? Int64.random(in: 0...level, using: &random) : nil)
        }
        let battery = plant.battery
        let state = PlantState(
            batteryEnergyKWh: Double.random(in: battery.minimumEnergyKWh...battery.maximumEnergyKWh, using: &random),
            hotTankKWh: Double.random(in: 0...plant.heating.tankCapacityKWh, using: &random),
            coldTankKWh: Double.random(in: 0...plant.cooling.tankCapacityKWh, using: &random)
        )
        return PlanRequest(
            startUnixSeconds: 1_722_783_600 + Int64.random(in: 0..<96, using: &random) * 900,
            pvForecastWh: pv, loadWh: load, heatDemandWh: heat, coolingDemandWh: cooling,
            outdoorTemperatureCelsius: temperature,
            importPriceMilliWonPerKWh: importPrice, exportPriceMilliWonPerKWh: exportPrice, plant: plant,
            initialState: state
        )
    }
}
