/// The dispatch LP for a request: variables, constraints and objective, and the way back from a
/// solution to a plan.
///
/// Variables per step (kWh over the step): grid import and export, battery charge and discharge
/// (AC side), battery energy at the step's end, heating and cooling heat-pump electric energy, hot
/// and cold tank energy at the step's end, PV curtailment; plus one peak-import variable (kW) when
/// a demand charge is set. Rows per step: power balance, battery energy, hot tank, cold tank, PCS
/// rating (charge + discharge), exports from local generation only; plus reserve, terminal-target and
/// peak rows, and one row per step where the grid-charging policy applies. The objective is in
/// won: import cost − export revenue + wear + demand charge − terminal value of stored energy
/// + the penalty on a tank ending below its start (`tankShortfallPenalties`), with the initial
/// stores' value as a constant so it equals `CostEvaluator`'s total for the same plan.
///
/// With `elastic`, every constraint family that can be infeasible gets a non-negative slack with
/// unit cost and the economic objective is dropped: the slacks left positive name the family
/// (and the first step) that made the original model infeasible.
public struct DispatchModel: Sendable {
    static let variablesPerStep = 10
    enum Variable: Int {
        case gridImport = 0
        case gridExport, charge, discharge, batteryEnergy, heating, cooling, hotTank, coldTank, curtailment
    }

    public let request: PlanRequest
    public let elastic: Bool
    public private(set) var program = LinearProgram()
    /// Slack columns of the elastic model, with the family and step they relax.
    private(set) var slacks: [(column: Int, family: ConstraintFamily, step: Int)] = []
    private(set) var peakColumn: Int?
    /// First of the per-step peak rows, when there is a demand charge.
    private(set) var peakRowStart: Int?
    /// First of the per-step grid-charging rows, when the policy restricts grid charging.
    private(set) var gridChargeRowStart: Int?
    /// The tank-floor shortfall columns and rows (two each, the model's last), under the automatic
    /// terminal condition.
    private(set) var tankFloor: (columnStart: Int, rowStart: Int, count: Int)?
    static let rowsPerStep = 6

    /// Builds the model; the request must have passed `validate()`.
    public init(request: PlanRequest, elastic: Bool = false) {
        self.request = request
        self.elastic = elastic
        build()
    }

    func column(_ variable: Variable, step: Int) -> Int { step * Self.variablesPerStep + variable.rawValue }

    private mutating func build() {
        let steps = request.stepCount
        let hours = request.stepHours
        let plant = request.plant
        let battery = plant.battery
        let economic = elastic ? 0.0 : 1.0
        let terminal = request.terminalValues()
        program.objective.reserveCapacity(steps * Self.variablesPerStep + 1)
        for step in 0..<steps {
            let importPrice = request.importPriceMilliWonPerKWh[step]
            let exportPrice = Double(request.exportPriceMilliWonPerKWh[step] ?? 0) / 1000
            let last = step == steps - 1
            let baseDeficitKWh = max(0, request.loadWh[step] - request.pvForecastWh[step]) / 1000
            let surplusKWh = max(0, request.pvForecastWh[step] - request.loadWh[step]) / 1000
            var importUpper = plant.gridImportLimitKW * hours
            // The cap binds what storage and heat pumps add; a load above it alone is still served.
            if let cap = plant.importCapKW { importUpper = min(importUpper, max(cap * hours, baseDeficitKWh)) }
            program.addColumn(
                lower: 0, upper: importPrice == nil ? 0 : importUpper,
                cost: economic * Double(importPrice ?? 0) / 1000)
            program.addColumn(lower: 0, upper: plant.gridExportLimitKW * hours, cost: -economic * exportPrice)
            let wear = economic * battery.wearCostMilliWonPerKWh / 1000
            let gridCharging = plant.gridCharging.allowsGridCharging(importPriceMilliWonPerKWh: importPrice)
            program.addColumn(
                lower: 0,
                upper: gridCharging ? battery.pcsPowerKW * hours : min(battery.pcsPowerKW * hours, surplusKWh),
                cost: wear)
            program.addColumn(lower: 0, upper: battery.pcsPowerKW * hours, cost: wear)
            program.addColumn(
                lower: battery.minimumEnergyKWh, upper: battery.maximumEnergyKWh,
                cost: last ? -economic * terminal.battery / 1000 : 0)
            program.addColumn(lower: 0, upper: plant.heating.heatPumpMaxElectricKW * hours, cost: 0)
            program.addColumn(lower: 0, upper: plant.cooling.heatPumpMaxElectricKW * hours, cost: 0)
            program.addColumn(
                lower: 0, upper: plant.heating.tankCapacityKWh, cost: last ? -economic * terminal.hot / 1000 : 0)
            program.addColumn(
                lower: 0, upper: plant.cooling.tankCapacityKWh, cost: last ? -economic * terminal.cold / 1000 : 0)
            program.addColumn(lower: 0, upper: request.pvForecastWh[step] / 1000, cost: 0)
        }
        program.objectiveConstant =
            economic
            * (terminal.battery * request.initialState.batteryEnergyKWh
                + terminal.hot * request.initialState.hotTankKWh + terminal.cold * request.initialState.coldTankKWh)
            / 1000
        let hotRetention = plant.heating.retention(stepSeconds: request.stepSeconds)
        let coldRetention = plant.cooling.retention(stepSeconds: request.stepSeconds)
        for step in 0..<steps {
            let net = (request.loadWh[step] - request.pvForecastWh[step]) / 1000
            addElasticRow(
                lower: net, upper: net, family: .powerBalance, step: step,
                [
                    (column(.gridImport, step: step), 1), (column(.gridExport, step: step), -1),
                    (column(.charge, step: step), -1), (column(.discharge, step: step), 1),
                    (column(.heating, step: step), -1), (column(.cooling, step: step), -1),
                    (column(.curtailment, step: step), -1),
                ])
            var energyTerms: [(column: Int, coefficient: Double)] = [
                (column(.batteryEnergy, step: step), 1), (column(.charge, step: step), -battery.chargeEfficiency),
                (column(.discharge, step: step), 1 / battery.dischargeEfficiency),
            ]
            var energyRight = 0.0
            if step == 0 {
                energyRight = request.initialState.batteryEnergyKWh
            } else {
                energyTerms.append((column(.batteryEnergy, step: step - 1), -1))
            }
            program.addRow(lower: energyRight, upper: energyRight, energyTerms)
            addTankRow(
                step: step, tank: .hotTank, pump: .heating, cop: request.heatingCOP(step: step),
                retention: hotRetention,
                initial: request.initialState.hotTankKWh, demandKWh: request.heatDemandWh[step] / 1000,
                family: .heatingSupply)
            addTankRow(
                step: step, tank: .coldTank, pump: .cooling, cop: request.coolingCOP(step: step),
                retention: coldRetention,
                initial: request.initialState.coldTankKWh, demandKWh: request.coolingDemandWh[step] / 1000,
                family: .coolingSupply)
            program.addRow(
                lower: -.infinity, upper: battery.pcsPowerKW * hours,
                [(column(.charge, step: step), 1), (column(.discharge, step: step), 1)])
            // Only what the village generates can be exported (PV used plus battery discharge): without
            // this row, whenever the export price exceeds the import price the LP would buy from the
            // grid only to sell it back, up to the connection's limits, which no meter allows.
            program.addRow(
                lower: -.infinity, upper: request.pvForecastWh[step] / 1000,
                [
                    (column(.gridExport, step: step), 1), (column(.discharge, step: step), -1),
                    (column(.curtailment, step: step), 1),
                ])
        }
        if let reserve = plant.reserve {
            let needed = reserve.socFraction * battery.capacityKWh
            for step in request.reserveSteps() {
                addElasticRow(
                    lower: needed, upper: .infinity, family: .socReserve, step: step,
                    [(column(.batteryEnergy, step: step), 1)])
            }
        }
        if case .targets(let batteryTarget, let hotTarget, let coldTarget) = plant.terminal {
            let last = steps - 1
            addElasticRow(
                lower: batteryTarget, upper: .infinity, family: .terminalTarget, step: last,
                [(column(.batteryEnergy, step: last), 1)])
            addElasticRow(
                lower: hotTarget, upper: .infinity, family: .terminalTarget, step: last,
                [(column(.hotTank, step: last), 1)])
            addElasticRow(
                lower: coldTarget, upper: .infinity, family: .terminalTarget, step: last,
                [(column(.coldTank, step: last), 1)])
        }
        if plant.gridCharging != .allowed {
            // Where grid charging is not allowed, the grid supplies only what the load beyond PV and
            // the heat pumps need: nothing of it goes into the battery.
            gridChargeRowStart = program.rowCount
            for step in 0..<steps {
                let allowed = plant.gridCharging.allowsGridCharging(
                    importPriceMilliWonPerKWh: request.importPriceMilliWonPerKWh[step])
                let baseDeficitKWh = max(0, request.loadWh[step] - request.pvForecastWh[step]) / 1000
                program.addRow(
                    lower: -.infinity, upper: allowed ? .infinity : baseDeficitKWh,
                    [
                        (column(.gridImport, step: step), 1), (column(.heating, step: step), -1),
                        (column(.cooling, step: step), -1),
                    ])
            }
        }
        if plant.demandChargeMilliWonPerKW > 0 {
            let peak = program.addColumn(
                lower: plant.peakImportSoFarKW, upper: .infinity,
                cost: economic * plant.demandChargeMilliWonPerKW / 1000)
            peakColumn = peak
            peakRowStart = program.rowCount
            for step in 0..<steps {
                program.addRow(lower: -.infinity, upper: 0, [(column(.gridImport, step: step), 1), (peak, -hours)])
            }
        }
        addTankFloors()
    }

    /// `tank(T) + shortfall ≥ tank(0)` per tank, and `tank(t) + shortfall ≥ target` at each step
    /// ending at the tank charge target's time, every shortfall priced by `tankShortfallPenalties`.
    /// Last in the model, so no other block moves.
    private mutating func addTankFloors() {
        let penalties = request.tankShortfallPenalties()
        guard penalties.hot > 0 || penalties.cold > 0, request.stepCount > 0 else { return }
        let economic = elastic ? 0.0 : 1.0
        let last = request.stepCount - 1
        var floors: [(tank: Variable, step: Int, level: Double, penalty: Double)] = [
            (.hotTank, last, request.initialState.hotTankKWh, penalties.hot),
            (.coldTank, last, request.initialState.coldTankKWh, penalties.cold),
        ]
        for target in request.tankTargetSteps() {
            floors.append((.hotTank, target.step, target.hotKWh, penalties.hot))
            floors.append((.coldTank, target.step, target.coldKWh, penalties.cold))
        }
        tankFloor = (program.columnCount, program.rowCount, floors.count)
        for floor in floors {
            let shortfall = program.addColumn(
                lower: 0, upper: max(0, floor.level), cost: economic * floor.penalty / 1000)
            program.addRow(
                lower: max(0, floor.level), upper: .infinity,
                [(column(floor.tank, step: floor.step), 1), (shortfall, 1)])
        }
    }

    /// tank(t) − retention·tank(t−1) − COP·pump(t) = −demand(t).
    private mutating func addTankRow(
        step: Int, tank: Variable, pump: Variable, cop: Double, retention: Double,
        initial: Double, demandKWh: Double, family: ConstraintFamily
    ) {
        var terms: [(column: Int, coefficient: Double)] = [
            (column(tank, step: step), 1), (column(pump, step: step), -cop),
        ]
        var right = -demandKWh
        if step == 0 { right += retention * initial } else { terms.append((column(tank, step: step - 1), -retention)) }
        // The slack stands for missing heat pump output, so it enters with the pump's sign.
        addElasticRow(lower: right, upper: right, family: family, step: step, slackCoefficient: -1, terms)
    }

    /// A row that, in the elastic model, gets a slack adding supply (or stored energy) at unit cost.
    private mutating func addElasticRow(
        lower: Double, upper: Double, family: ConstraintFamily, step: Int,
        slackCoefficient: Double = 1, _ terms: [(column: Int, coefficient: Double)]
    ) {
        var terms = terms
        if elastic {
            let slack = program.addColumn(lower: 0, upper: .infinity, cost: 1)
            slacks.append((slack, family, step))
            terms.append((slack, slackCoefficient))
        }
        program.addRow(lower: lower, upper: upper, terms)
    }

    /// A starting basis for this model from the basis of `previous`, the model one step earlier:
    /// every per-step block takes the status of the block one step later in `previous`, the new
    /// last step repeats the old last one, and reserve and target rows start basic. Clp repairs
    /// the few inconsistencies this leaves; the point is to start next to the optimum.
    public func shiftedBasis(_ basis: [UInt8], from previous: DispatchModel, by shift: Int = 1) -> [UInt8]? {
        let oldSteps = previous.request.stepCount
        let newSteps = request.stepCount
        guard basis.count == previous.program.columnCount + previous.program.rowCount, oldSteps > 0,
            (previous.peakColumn == nil) == (peakColumn == nil),
            (previous.gridChargeRowStart == nil) == (gridChargeRowStart == nil),
            (previous.tankFloor == nil) == (tankFloor == nil)
        else { return nil }
        let basic: UInt8 = 1
        var result = [UInt8](repeating: basic, count: program.columnCount + program.rowCount)
        let columnBlock = Self.variablesPerStep
        for step in 0..<newSteps {
            let source = min(step + shift, oldSteps - 1)
            for offset in 0..<columnBlock { result[step * columnBlock + offset] = basis[source * columnBlock + offset] }
        }
        if let peak = peakColumn, let oldPeak = previous.peakColumn { result[peak] = basis[oldPeak] }
        let rows = program.columnCount
        let oldRows = previous.program.columnCount
        for step in 0..<newSteps {
            let source = min(step + shift, oldSteps - 1)
            for offset in 0..<Self.rowsPerStep {
                result[rows + step * Self.rowsPerStep + offset] = basis[oldRows + source * Self.rowsPerStep + offset]
            }
        }
        if let start = gridChargeRowStart, let oldStart = previous.gridChargeRowStart {
            for step in 0..<newSteps {
                result[rows + start + step] = basis[oldRows + oldStart + min(step + shift, oldSteps - 1)]
            }
        }
        if let start = peakRowStart, let oldStart = previous.peakRowStart {
            for step in 0..<newSteps {
                result[rows + start + step] = basis[oldRows + oldStart + min(step + shift, oldSteps - 1)]
            }
        }
        if let floor = tankFloor, let oldFloor = previous.tankFloor, floor.count == oldFloor.count {
            for offset in 0..<floor.count {
                result[floor.columnStart + offset] = basis[oldFloor.columnStart + offset]
                result[rows + floor.rowStart + offset] = basis[oldRows + oldFloor.rowStart + offset]
            }
        }
        return result
    }

    /// The plan a solution of this model describes.
    public func plan(from solution: LinearProgramSolution) -> DispatchPlan {
        let values = solution.values
        func wh(_ variable: Variable, _ step: Int) -> Double { values[column(variable, step: step)] * 1000 }
        var steps: [PlanStep] = []
        steps.reserveCapacity(request.stepCount)
        for step in 0..<request.stepCount {
            var planStep = PlanStep()
            planStep.gridImportWh = wh(.gridImport, step)
            planStep.gridExportWh = wh(.gridExport, step)
            planStep.batteryChargeWh = wh(.charge, step)
            planStep.batteryDischargeWh = wh(.discharge, step)
            planStep.batteryEnergyWh = wh(.batteryEnergy, step)
            planStep.heatPumpHeatingWh = wh(.heating, step)
            planStep.heatPumpCoolingWh = wh(.cooling, step)
            planStep.hotTankWh = wh(.hotTank, step)
            planStep.coldTankWh = wh(.coldTank, step)
            planStep.curtailmentWh = wh(.curtailment, step)
            steps.append(planStep)
        }
        return DispatchPlan(
            strategy: .optimal, startUnixSeconds: request.startUnixSeconds, stepSeconds: request.stepSeconds,
            steps: steps, objectiveWon: solution.objectiveValue)
    }

    /// For an elastic model's solution: the family with the most slack, and the first step where it has any.
    func infeasibility(in solution: LinearProgramSolution) -> (family: ConstraintFamily, step: Int, amountKWh: Double)?
    {
        var totals: [ConstraintFamily: Double] = [:]
        var first: [ConstraintFamily: Int] = [:]
        for slack in slacks {
            let amount = solution.values[slack.column]
            guard amount > 1e-7 else { continue }
            totals[slack.family, default: 0] += amount
            first[slack.family] = min(first[slack.family] ?? slack.step, slack.step)
        }
        guard let worst = totals.max(by: { $0.value < $1.value }), let step = first[worst.key] else { return nil }
        return (worst.key, step, worst.value)
    }
}
