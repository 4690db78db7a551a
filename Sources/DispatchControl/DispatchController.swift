import DeviceProfiles
import EnergyDispatch
import Logging
import Modbus
import Site
import Tariffs
import VillageStore

/// Executes dispatch plans on the devices: each interval it reads the battery and tanks, plans the
/// horizon from the forecasts, passes the first step through `SafetyClamp` and writes the setpoints
/// over Modbus (SunSpec 124 to the battery, the `heat-pump` controls to the heat pumps), reads them
/// back and logs them in the store. Whatever fails, the devices are left in the safe state (idle
/// battery, heat pumps on their own thermostat) and the failure is reported.
package actor DispatchController {
    /// The site; its `dispatch` settings follow a manager's override (`adoptSettingsOverride()`).
    package internal(set) var site: Site
    package internal(set) var configuration: DispatchControllerConfiguration
    private let forecasts: any ForecastSource
    let store: VillageStore?
    let logger: Logger
    private let storageProfile: DeviceProfile
    private let heatPumpProfile: DeviceProfile
    private let connections: [String: DeviceConnection]
    private let allocation: HeatPumpAllocation
    private var storageMap: SunSpecMap?
    private var storageRateExponent = -1
    private var lastCOP: (heating: Double, cooling: Double)
    /// The last solve's model and basis, to start the next interval's LP from.
    private var warmStart: OptimalStrategy.WarmStart?
    package private(set) var tracker = ForecastTracker()
    /// Whether the last step left the heat pumps to their thermostats (logged when it changes).
    private var pumpsLeftOnThermostat = false
    /// The local day whose retention of stored forecasts has been applied.
    private var forecastRetentionDay: Int64?

    package init(
        site: Site, profiles: ProfileLibrary, configuration: DispatchControllerConfiguration,
        forecasts: any ForecastSource,
        store: VillageStore? = nil, logger: Logger = Logger(label: "village.dispatch")
    ) throws(DispatchControlError) {
        self.site = site
        self.configuration = configuration
        self.forecasts = forecasts
        self.store = store
        self.logger = logger
        do {
            guard let ess = site.device(site.ess.device) else {
                throw DispatchControlError(
                    .configuration, subject: "ess.device", "device \(site.ess.device) is not in the site")
            }
            storageProfile = try profiles.profile(ess.profile)
            let pumpDevices = site.heatPlant.heatPumps.map(\.device) + [site.heatPlant.tankSensor]
            var profile: DeviceProfile?
            var byEndpoint: [String: (ModbusEndpoint, [(id: String, unitId: Int, profile: DeviceProfile)])] = [:]
            byEndpoint["\(ess.endpoint.host):\(ess.endpoint.port)"] = (
                ess.endpoint, [(ess.id, ess.endpoint.unitId, storageProfile)]
            )
            for id in pumpDevices {
                guard let device = site.device(id) else {
                    throw DispatchControlError(.configuration, subject: "heatPlant", "device \(id) is not in the site")
                }
                let pumpProfile = try profiles.profile(device.profile)
                profile = pumpProfile
                let key = "\(device.endpoint.host):\(device.endpoint.port)"
                var entry = byEndpoint[key] ?? (device.endpoint, [])
                entry.1.append((id, device.endpoint.unitId, pumpProfile))
                byEndpoint[key] = entry
            }
            guard let profile else {
                throw DispatchControlError(.configuration, subject: "heatPlant", "no heat-pump device")
            }
            heatPumpProfile = profile
            var connections: [String: DeviceConnection] = [:]
            for (endpoint, devices) in byEndpoint.values {
                let connection = try DeviceConnection(
                    host: endpoint.host, port: endpoint.port, defaultUnitId: endpoint.unitId,
                    devices: devices.map { .init(id: $0.id, unitId: $0.unitId, profile: $0.profile) },
                    responseTimeout: configuration.responseTimeout, label: "dispatch")
                for device in devices { connections[device.id] = connection }
            }
            self.connections = connections
        } catch let error as DispatchControlError {
            throw error
        } catch {
            throw DispatchControlError(.configuration, subject: "devices", "\(error)")
        }
        allocation = HeatPumpAllocation(pumps: site.heatPlant.heatPumps, coolingPumps: configuration.coolingPumps)
        lastCOP = (configuration.defaultHeatingCOP, configuration.defaultCoolingCOP)
    }

    // MARK: One control step

    /// One interval at `timestamp` (UTC s, a step boundary): read, forecast, plan, clamp, write,
    /// verify, log. Never throws: failures are written as the safe state and reported.
    @discardableResult
    package func step(at timestamp: Int64) async -> DispatchStepReport {
        let measured = await readPlant()
        var decision = await decide(at: timestamp, measured: measured)
        await write(
            &decision.report, coolingExpected: decision.coolingExpected, pumpsOnThermostat: decision.pumpsOnThermostat)
        if let store, !decision.report.commands.isEmpty {
            do { try await store.record(commands: decision.report.commands) } catch {
                decision.report.failure =
                    (decision.report.failure.map { $0 + "; " } ?? "") + "commands not logged: \(error)"
            }
        }
        return decision.report
    }

    /// What one interval decides before anything is written: the report with its clamped setpoints,
    /// and how the heat pumps are to be commanded.
    package struct Decision: Sendable {
        package var report: DispatchStepReport
        package var coolingExpected: Bool
        /// The heat pumps stay on their own thermostats (the step failed, or the heat history is short).
        package var pumpsOnThermostat: Bool
    }

    /// Forecast, plan and clamp for the plant in `measured`, logging the plan; touches no device.
    /// `step(at:)` writes the result over Modbus; an in-process simulation applies it directly.
    package func decide(at timestamp: Int64, measured: MeasuredPlant) async -> Decision {
        observe(measured)
        var report = DispatchStepReport(
            at: timestamp, measured: measured, strategy: configuration.strategy, setpoints: .safe,
            storage: .idle(revertSeconds: configuration.revertTimeoutSeconds), heatPumps: [], commands: [],
            verified: false)
        var coolingExpected = false
        var pumpsOnThermostat = false
        var plannedWith: (forecast: SiteForecast, utcOffsetSeconds: Int64)?
        do {
            guard measured.batteryEnergyKWh.isFinite, measured.hotTankKWh.isFinite, measured.coldTankKWh.isFinite else {
                throw DispatchControlError(
                    .deviceRead, subject: "plant state", "battery or tank energy could not be read")
            }
            let forecast = try await forecasts.forecast(
                from: timestamp, steps: configuration.horizonSteps, stepSeconds: configuration.stepSeconds)
            tracker.record(forecast)
            pumpsOnThermostat = forecast.thermalHistoryIsShort
            if pumpsOnThermostat != pumpsLeftOnThermostat {
                pumpsLeftOnThermostat = pumpsOnThermostat
                logger.notice(
                    pumpsOnThermostat
                        ? "less than a day of heat history: the heat pumps stay on their own thermostats"
                        : "a day of heat history: the heat pumps follow the plan",
                    metadata: ["dispatch.at": "\(timestamp)"])
            }
            coolingExpected =
                forecast.coolingDemandWh.contains { $0 > 1 } || measured.runningSide.values.contains("cold")
            var request = try planRequest(
                at: timestamp, forecast: forecast, measured: measured, coolingExpected: coolingExpected)
            // The month's peak so far is already paid for: the plan pays only for a new one.
            request.plant.peakImportSoFarKW = try await forecasts.peakImportKW(
                from: billingMonthStart(of: timestamp, utcOffsetSeconds: request.utcOffsetSeconds), to: timestamp)
            let solveStarted = ContinuousClock.now
            let plan = try makePlan(request, continuing: true)
            let solveTime = ContinuousClock.now - solveStarted
            guard let first = plan.steps.first else {
                throw DispatchControlError(.planning, subject: "plan", "the plan has no steps")
            }
            report.planStep = first
            report.gridChargingAllowed = request.plant.gridCharging.allowsGridCharging(
                importPriceMilliWonPerKWh: request.importPriceMilliWonPerKWh.first ?? nil)
            let cost = CostEvaluator.cost(of: plan, on: request)
            report.planCostWon = cost.importCostWon - cost.exportRevenueWon
            let clamp = SafetyClamp(plant: request.plant, stepSeconds: configuration.stepSeconds)
            // The clamp sees the tanks as the plan does (above the reserve), so "full" means full.
            let state = PlantState(
                batteryEnergyKWh: measured.batteryEnergyKWh, hotTankKWh: request.initialState.hotTankKWh,
                coldTankKWh: request.initialState.coldTankKWh)
            report.setpoints = clamp.setpoints(for: first, measured: state)
            if let store {
                try await store.record(planSteps: records(of: plan, request: request, at: timestamp))
                try await store.recordPlanSolve(
                    plannedAt: timestamp, strategy: configuration.strategy.rawValue,
                    solveSeconds: Double(solveTime.components.seconds) + Double(solveTime.components.attoseconds)
                        * 1e-18)
                plannedWith = (forecast, request.utcOffsetSeconds)
            }
        } catch {
            report.failure = "\(error)"
            report.setpoints = .safe
            warmStart = nil
            report.unmeetableForecast = Self.unmeetableForecast(error)
            if let constraint = report.unmeetableForecast {
                // Handled by design: the heat pumps' own thermostats and the grid serve what they
                // can; the manager reads it as a warning about the forecast or the plant's size.
                logger.warning(
                    "no plan can meet the forecast; falling back to the safe state (battery idle, heat pumps on their thermostats)",
                    metadata: [
                        "dispatch.at": "\(timestamp)", "dispatch.constraint": "\(constraint.rawValue)",
                        "dispatch.shortfall": "\(error)",
                    ])
            } else {
                logger.error(
                    "dispatch step failed; writing the safe state",
                    metadata: ["dispatch.at": "\(timestamp)", "error": "\(error)"])
            }
        }
        if let plannedWith {
            await recordForecast(plannedWith.forecast, plannedAt: timestamp)
            // A day's errors an hour after it ends: by then the collector has closed its last interval.
            await recordForecastErrors(
                completedBy: timestamp - 3600, utcOffsetSeconds: plannedWith.utcOffsetSeconds)
            await pruneExpiredForecasts(at: timestamp, utcOffsetSeconds: plannedWith.utcOffsetSeconds)
        }
        return Decision(report: report, coolingExpected: coolingExpected, pumpsOnThermostat: pumpsOnThermostat)
    }

    /// Stores the forecast a plan was built on. A failure is logged, not raised: the plan stands
    /// without it, and only that plan's steps are missing from the day's errors.
    private func recordForecast(_ forecast: SiteForecast, plannedAt: Int64) async {
        guard let store else { return }
        do {
            try await ForecastErrorBook(store: store, site: site).record(forecast, plannedAt: plannedAt)
        } catch {
            logger.warning(
                "forecast of the plan not stored", metadata: ["dispatch.at": "\(plannedAt)", "error": "\(error)"])
        }
    }

    /// Computes and stores the forecast errors of every day over by `completedBy` that has none yet
    /// (a run's end calls it after its last poll). Failures are logged: dispatch goes on without them.
    package func recordForecastErrors(completedBy: Int64, utcOffsetSeconds: Int64 = 9 * 3600) async {
        guard let store else { return }
        do {
            try await ForecastErrorBook(store: store, site: site).recordCompletedDays(
                completedBy: completedBy, utcOffsetSeconds: utcOffsetSeconds)
        } catch {
            logger.warning(
                "forecast errors not stored", metadata: ["dispatch.at": "\(completedBy)", "error": "\(error)"])
        }
    }

    /// Applies the store's retention to the stored forecasts and to the plans' superseded steps,
    /// once per local day (the first time at the first plan). A failure is logged and tried again at
    /// the next plan; dispatch goes on.
    private func pruneExpiredForecasts(at timestamp: Int64, utcOffsetSeconds: Int64) async {
        guard let store else { return }
        let day = ForecastErrorBook.dayStart(of: timestamp, utcOffsetSeconds: utcOffsetSeconds)
        guard forecastRetentionDay != day else { return }
        do {
            let deleted = try await ForecastErrorBook(store: store, site: site).pruneExpiredForecasts(
                now: timestamp, utcOffsetSeconds: utcOffsetSeconds)
            let superseded = try await store.pruneSupersededPlanSteps(
                before: timestamp - store.configuration.rawRetentionSeconds)
            forecastRetentionDay = day
            if deleted > 0 || superseded > 0 {
                logger.info(
                    "stored forecasts and superseded plan steps past their retention deleted",
                    metadata: [
                        "dispatch.at": "\(timestamp)", "dispatch.forecastSteps": "\(deleted)",
                        "dispatch.planSteps": "\(superseded)",
                    ])
            }
        } catch {
            logger.warning(
                "stored forecasts not pruned", metadata: ["dispatch.at": "\(timestamp)", "error": "\(error)"])
        }
    }

    /// The constraint a plan failed on when the cause is the forecast itself: more load, heat or
    /// cooling than the grid, battery, heat pumps and tanks can supply over the horizon. Nil for any
    /// other failure (a device, the store, the solver, or a site-file target that cannot be met).
    static func unmeetableForecast(_ error: any Error) -> ConstraintFamily? {
        guard let error = error as? DispatchError, error.code == .infeasible, let constraint = error.constraint,
            [.powerBalance, .heatingSupply, .coolingSupply].contains(constraint)
        else { return nil }
        return constraint
    }

    /// One setpoint per heat pump for a decision: the plan's heating and cooling split over the
    /// pumps, or every pump on its own thermostat when the step failed or the plan is not trusted.
    package func heatPumpSetpoints(for decision: Decision) -> [HeatPumpSetpoint] {
        let revert = configuration.revertTimeoutSeconds
        if decision.report.failure != nil || decision.pumpsOnThermostat {
            return site.heatPlant.heatPumps.map {
                HeatPumpSetpoint(device: $0.device, mode: .automatic, powerKW: 0, targetTank: 0, revertSeconds: revert)
            }
        }
        return allocation.setpoints(
            heatingW: decision.report.setpoints.heatingPowerW, coolingW: decision.report.setpoints.coolingPowerW,
            coolingExpected: decision.coolingExpected, revertSeconds: revert)
    }

    /// Writes the safe state: battery idle, heat pumps back on their own thermostat. Call on shutdown.
    @discardableResult
    package func writeSafeState(at timestamp: Int64) async -> [DispatchCommandRecord] {
        var report = DispatchStepReport(
            at: timestamp, measured: MeasuredPlant(), strategy: configuration.strategy, setpoints: .safe,
            storage: .idle(revertSeconds: configuration.revertTimeoutSeconds), heatPumps: [], commands: [],
            verified: false,
            failure: "shutdown")
        await write(&report, coolingExpected: false)
        if let store { try? await store.record(commands: report.commands) }
        return report.commands
    }

    /// Closes the connections.
    package func close() async {
        var closed = Set<ObjectIdentifier>()
        for connection in connections.values where closed.insert(ObjectIdentifier(connection)).inserted {
            await connection.close()
        }
    }

    // MARK: Reading

    /// The battery, tanks and heat pumps as they are now; what cannot be read is NaN.
    package func readPlant() async -> MeasuredPlant {
        var plant = MeasuredPlant()
        if let connection = connections[site.ess.device] {
            do {
                let reading = try await connection.read(site.ess.device)
                storageMap = reading.sunSpec
                if let exponent = reading.value(named: "InOutWRte_SF") { storageRateExponent = Int(exponent) }
                if let soc = reading.value(semantic: "battery.soc") {
                    plant.socPct = soc
                    plant.batteryEnergyKWh = soc / 100 * site.ess.capacityKWh
                }
                plant.storageMaxW = reading.value(semantic: "storage.power.max") ?? .nan
            } catch {
                logger.warning("battery not read", metadata: ["device.id": "\(site.ess.device)", "error": "\(error)"])
            }
        }
        for id in site.heatPlant.heatPumps.map(\.device) + [site.heatPlant.tankSensor] {
            guard let connection = connections[id] else { continue }
            do {
                let reading = try await connection.read(id)
                if let hot = reading.value(semantic: "tank.hot.energy"),
                    let cold = reading.value(semantic: "tank.cold.energy")
                {
                    plant.hotTankKWh = hot / 1000
                    plant.coldTankKWh = cold / 1000
                }
                if let outdoor = reading.value(semantic: "temperature.outdoor") { plant.outdoorTemperatureC = outdoor }
                if reading.value(semantic: "heatpump.state") == 1 || reading.value(semantic: "heatpump.state") == 2,
                    let cop = reading.value(semantic: "heatpump.cop"), cop > 0.5
                {
                    plant.runningCOP[id] = cop
                    plant.runningSide[id] = reading.value(semantic: "heatpump.state") == 2 ? "cold" : "hot"
                }
            } catch {
                logger.warning("heat pump not read", metadata: ["device.id": "\(id)", "error": "\(error)"])
            }
        }
        return plant
    }

    /// Learns the heat pumps' COPs from a reading: the plan assumes what the pumps last reported.
    private func observe(_ plant: MeasuredPlant) {
        for (id, cop) in plant.runningCOP {
            if plant.runningSide[id] == "cold" { lastCOP.cooling = cop } else { lastCOP.heating = cop }
        }
    }

    // MARK: Planning

    /// A plan from `timestamp` for the plant in `measured`, with forecasts from the source; touches no
    /// device. What `village dispatch plan` prints and `step(at:)` executes.
    package func plan(at timestamp: Int64, measured: MeasuredPlant) async throws -> (
        request: PlanRequest, plan: DispatchPlan
    ) {
        let forecast = try await forecasts.forecast(
            from: timestamp, steps: configuration.horizonSteps, stepSeconds: configuration.stepSeconds)
        let coolingExpected = forecast.coolingDemandWh.contains { $0 > 1 }
        var request = try planRequest(
            at: timestamp, forecast: forecast, measured: measured, coolingExpected: coolingExpected)
        request.plant.peakImportSoFarKW = try await forecasts.peakImportKW(
            from: billingMonthStart(of: timestamp, utcOffsetSeconds: request.utcOffsetSeconds), to: timestamp)
        return (request, try makePlan(request))
    }

    /// The strategy's plan; a failure caused by a site-file setting names its key. `continuing`: the
    /// request is the next interval's, so the LP starts from the last solve's basis, shifted a step
    /// (the same optimum, found in a fraction of the pivots).
    private func makePlan(_ request: PlanRequest, continuing: Bool = false) throws(DispatchError) -> DispatchPlan {
        do {
            guard configuration.strategy == .optimal else {
                return try configuration.strategy.makeStrategy(solver: configuration.solver).plan(request)
            }
            let optimal = OptimalStrategy(solver: configuration.solver.makeSolver())
            guard continuing else { return try optimal.plan(request) }
            let (plan, next) = try optimal.plan(request, warmStart: warmStart)
            warmStart = next
            return plan
        } catch {
            throw error.naming(site.dispatch)
        }
    }

    /// The plant as the LP sees it, from the site file (ratings and its `dispatch:` tunables) and the
    /// measured COPs.
    package func plantParameters(coolingExpected: Bool) -> PlantParameters {
        var plant = PlantParameters()
        plant.gridImportLimitKW = site.grid.importLimitKW
        plant.gridExportLimitKW = site.grid.exportLimitKW
        plant.battery.capacityKWh = site.ess.capacityKWh
        plant.battery.pcsPowerKW = site.ess.pcsPowerKW
        plant.battery.socMinFraction = site.ess.socMinPct / 100
        plant.battery.socMaxFraction = site.ess.socMaxPct / 100
        plant.battery.chargeEfficiency = site.ess.chargeEfficiency
        plant.battery.dischargeEfficiency = site.ess.dischargeEfficiency
        let limits = allocation.limitsKW(coolingExpected: coolingExpected)
        let hot = site.heatPlant.hotTank
        let cold = site.heatPlant.coldTank
        let reserve = tankReserveFraction
        plant.heating = ThermalStorageParameters(
            heatPumpMaxElectricKW: limits.hot,
            cop: COPCurve(copAtZeroCelsius: lastCOP.heating, slopePerCelsius: 0, minimum: 1, maximum: 10),
            tankCapacityKWh: hot.capacityKWh * (1 - reserve),
            standingLossFractionPerHour: hot.standingLossPctPerHour / 100)
        plant.cooling = ThermalStorageParameters(
            heatPumpMaxElectricKW: limits.cold,
            cop: COPCurve(copAtZeroCelsius: lastCOP.cooling, slopePerCelsius: 0, minimum: 1, maximum: 10),
            tankCapacityKWh: cold.capacityKWh * (1 - reserve),
            standingLossFractionPerHour: cold.standingLossPctPerHour / 100)
        plant.apply(site.dispatch, tankReserveKWh: (hot.capacityKWh * reserve, cold.capacityKWh * reserve))
        // As the reference plant is run: tanks charged in the light-load night, nearly full when it
        // ends (the cold one only when cooling is expected). Without a target a plan defers the
        // refill night after night, since every light-load hour costs the same.
        // The site's `dispatch.nightChargeTargetPct` (default 95 %) of each tank above its reserve.
        let target = site.dispatch.nightChargeTargetPct / 100
        plant.tankChargeTarget =
            target > 0
            ? TankChargeTarget(
                minuteOfDay: site.heatPlant.nightChargeEndHour * 60, hotFraction: target,
                coldFraction: coolingExpected ? target : 0)
            : nil
        return plant
    }

    /// Share of each tank kept in reserve against forecast errors (the site's `reserveChargePct`):
    /// the plan sees only the tank above it, so it never plans the tank empty.
    private var tankReserveFraction: Double { min(0.5, max(0, site.heatPlant.reserveChargePct / 100)) }

    private func planRequest(
        at timestamp: Int64, forecast: SiteForecast, measured: MeasuredPlant, coolingExpected: Bool
    ) throws -> PlanRequest {
        let plant = plantParameters(coolingExpected: coolingExpected)
        let steps = forecast.pvWh.count
        let hotReserve = site.heatPlant.hotTank.capacityKWh * tankReserveFraction
        let coldReserve = site.heatPlant.coldTank.capacityKWh * tankReserveFraction
        let state = PlantState(
            batteryEnergyKWh: min(max(measured.batteryEnergyKWh, 0), plant.battery.capacityKWh),
            hotTankKWh: min(max(measured.hotTankKWh - hotReserve, 0), plant.heating.tankCapacityKWh),
            coldTankKWh: min(max(measured.coldTankKWh - coldReserve, 0), plant.cooling.tankCapacityKWh))
        var request = PlanRequest(
            startUnixSeconds: timestamp, stepSeconds: configuration.stepSeconds,
            pvForecastWh: forecast.pvWh.map { max(0, $0) },
            loadWh: forecast.loadWh.map { max(0, $0) }, heatDemandWh: forecast.heatDemandWh.map { max(0, $0) },
            coolingDemandWh: coolingExpected
                ? forecast.coolingDemandWh.map { max(0, $0) } : Array(repeating: 0, count: steps),
            outdoorTemperatureCelsius: outdoorTemperatures(forecast: forecast, measured: measured, steps: steps),
            importPriceMilliWonPerKWh: [], exportPriceMilliWonPerKWh: [], plant: plant, initialState: state)
        request.forecastNotes = forecast.notes.isEmpty ? nil : forecast.notes
        _ = try request.price(with: configuration.tariff, exportTariff: configuration.exportTariff)
        return request
    }

    /// The temperature each step's COP is read at: the forecast, with the first step at what the
    /// heat pumps measure now; without a forecast, the measured value for every step (10 °C if none).
    private func outdoorTemperatures(forecast: SiteForecast, measured: MeasuredPlant, steps: Int) -> [Double] {
        let now = measured.outdoorTemperatureC.isFinite ? measured.outdoorTemperatureC : nil
        guard var series = forecast.outdoorTemperatureC, series.count == steps, steps > 0 else {
            return Array(repeating: now ?? 10, count: steps)
        }
        if let now { series[0] = now }
        return series
    }

    private func records(of plan: DispatchPlan, request: PlanRequest, at timestamp: Int64) -> [DispatchPlanStepRecord] {
        plan.steps.enumerated().map { index, step in
            let importPrice = Double(request.importPriceMilliWonPerKWh[index] ?? 0)
            let exportPrice = Double(request.exportPriceMilliWonPerKWh[index] ?? 0)
            let cost = step.gridImportWh / 1000 * importPrice - step.gridExportWh / 1000 * exportPrice
            return DispatchPlanStepRecord(
                plannedAt: timestamp, strategy: plan.strategy.rawValue,
                stepStart: plan.startUnixSeconds + Int64(index) * plan.stepSeconds,
                batteryChargeWh: Self.wh(step.batteryChargeWh), batteryDischargeWh: Self.wh(step.batteryDischargeWh),
                batteryEnergyWh: Self.wh(step.batteryEnergyWh), heatingWh: Self.wh(step.heatPumpHeatingWh),
                coolingWh: Self.wh(step.heatPumpCoolingWh), gridImportWh: Self.wh(step.gridImportWh),
                gridExportWh: Self.wh(step.gridExportWh),
                expectedCostMilliWon: Int64(cost.isFinite ? cost.rounded() : 0))
        }
    }

    private static func wh(_ value: Double) -> Int64 { value.isFinite ? Int64(value.rounded()) : 0 }

    // MARK: Writing

    /// Writes the report's setpoints; the heat pumps get their safe (automatic) mode when the step
    /// failed or `pumpsOnThermostat` says their plan cannot be trusted.
    private func write(_ report: inout DispatchStepReport, coolingExpected: Bool, pumpsOnThermostat: Bool = false) async
    {
        let revert = configuration.revertTimeoutSeconds
        let safe = report.failure != nil
        let maxW =
            report.measured.storageMaxW.isFinite && report.measured.storageMaxW > 0
            ? min(report.measured.storageMaxW, site.ess.pcsPowerKW * 1000) : site.ess.pcsPowerKW * 1000
        let wantedW =
            Double(report.planStep.map { Self.finite($0.batteryDischargeWh - $0.batteryChargeWh) } ?? 0)
            / (Double(configuration.stepSeconds) / 3600)
        var storage = StorageCommand(
            powerW: Double(report.setpoints.batteryPowerW), maxW: maxW,
            resolutionPct: pow10(storageRateExponent), revertSeconds: revert)
        storage.chargeFromGrid = report.gridChargingAllowed
        report.storage = storage
        var wantedStorage = StorageCommand(
            powerW: wantedW, maxW: maxW, resolutionPct: pow10(storageRateExponent), revertSeconds: revert)
        wantedStorage.chargeFromGrid = storage.chargeFromGrid
        var verified = true
        do {
            try await writeStorage(storage, wanted: safe ? nil : wantedStorage, at: report.at, into: &report.commands)
            verified = try await verifyStorage(storage) && verified
        } catch {
            verified = false
            report.failure = (report.failure.map { $0 + "; " } ?? "") + "battery: \(error)"
        }
        let pumps = heatPumpSetpoints(
            for: Decision(report: report, coolingExpected: coolingExpected, pumpsOnThermostat: pumpsOnThermostat))
        report.heatPumps = pumps
        let plannedKW: [String: Double] = {
            guard let step = report.planStep, !safe, !pumpsOnThermostat else { return [:] }
            let hours = Double(configuration.stepSeconds) / 3600
            let plannedHeat = allocation.setpoints(
                heatingW: Int64(Self.finite(step.heatPumpHeatingWh) / hours),
                coolingW: Int64(Self.finite(step.heatPumpCoolingWh) / hours),
                coolingExpected: coolingExpected, revertSeconds: revert)
            return Dictionary(plannedHeat.map { ($0.device, $0.powerKW) }, uniquingKeysWith: { a, _ in a })
        }()
        for pump in pumps {
            do {
                try await writeHeatPump(pump, wantedKW: plannedKW[pump.device], at: report.at, into: &report.commands)
                verified = try await verifyHeatPump(pump) && verified
            } catch {
                verified = false
                report.failure = (report.failure.map { $0 + "; " } ?? "") + "\(pump.device): \(error)"
            }
        }
        report.verified = verified
    }

    private func writeStorage(
        _ command: StorageCommand, wanted: StorageCommand?, at: Int64, into log: inout [DispatchCommandRecord]
    ) async throws {
        guard let connection = connections[site.ess.device] else { return }
        if storageMap == nil { storageMap = try await connection.read(site.ess.device).sunSpec }
        let decoder = ProfileDecoder(profile: storageProfile, sunSpec: storageMap)
        let values: [(String, Double, Double?)] = [
            ("InOutWRte_RvrtTms", Double(command.revertSeconds), nil),
            ("OutWRte", command.dischargeRatePct, wanted.map(\.dischargeRatePct)),
            ("InWRte", command.chargeRatePct, wanted.map(\.chargeRatePct)),
            ("ChaGriSet", command.chargeFromGrid ? 1 : 0, nil),
            ("StorCtl_Mod", Double(command.mode), wanted.map { Double($0.mode) }),
        ]
        let runs = try ControlEncoding.runs(
            values.map { ($0.0, $0.1) }, profile: storageProfile, decoder: decoder,
            exponent: { $0 == "OutWRte" || $0 == "InWRte" ? self.storageRateExponent : 0 })
        try await connection.write(site.ess.device, runs: runs)
        for (name, value, planned) in values {
            log.append(
                DispatchCommandRecord(
                    at: at, deviceId: site.ess.device, setpoint: name, value: value,
                    clampedFrom: planned.flatMap { abs($0 - value) > 1e-9 ? $0 : nil }))
        }
    }

    private func verifyStorage(_ command: StorageCommand) async throws -> Bool {
        guard let connection = connections[site.ess.device] else { return false }
        let reading = try await connection.read(site.ess.device)
        let tolerance = pow10(storageRateExponent) / 2
        return reading.value(named: "StorCtl_Mod") == Double(command.mode)
            && reading.value(named: "ChaGriSet") == (command.chargeFromGrid ? 1 : 0)
            && abs((reading.value(named: "InWRte") ?? .nan) - command.chargeRatePct) <= tolerance
            && abs((reading.value(named: "OutWRte") ?? .nan) - command.dischargeRatePct) <= tolerance
    }

    private func writeHeatPump(
        _ setpoint: HeatPumpSetpoint, wantedKW: Double?, at: Int64, into log: inout [DispatchCommandRecord]
    ) async throws {
        guard let connection = connections[setpoint.device] else { return }
        let decoder = ProfileDecoder(profile: heatPumpProfile, sunSpec: nil)
        let values: [(String, Double)] = [
            ("mode", Double(setpoint.mode.rawValue)), ("power_setpoint", setpoint.powerKW),
            ("target_tank", Double(setpoint.targetTank)), ("revert_timeout", Double(setpoint.revertSeconds)),
        ]
        let runs = try ControlEncoding.runs(values, profile: heatPumpProfile, decoder: decoder, exponent: { _ in 0 })
        try await connection.write(setpoint.device, runs: runs)
        for (name, value) in values {
            let planned = name == "power_setpoint" ? wantedKW.flatMap { abs($0 - value) > 1e-9 ? $0 : nil } : nil
            log.append(
                DispatchCommandRecord(
                    at: at, deviceId: setpoint.device, setpoint: name, value: value, clampedFrom: planned))
        }
    }

    private func verifyHeatPump(_ setpoint: HeatPumpSetpoint) async throws -> Bool {
        guard let connection = connections[setpoint.device] else { return false }
        let reading = try await connection.read(setpoint.device)
        if setpoint.mode == .automatic { return reading.value(named: "mode") == 2 }
        return reading.value(named: "mode") == Double(setpoint.mode.rawValue)
            && abs((reading.value(named: "power_setpoint") ?? .nan) - setpoint.powerKW) < 0.051
    }

    private static func finite(_ value: Double) -> Double { value.isFinite ? value : 0 }
}

func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    if exponent >= 0 { for _ in 0..<exponent { result *= 10 } } else { for _ in 0..<(-exponent) { result /= 10 } }
    return result
}
