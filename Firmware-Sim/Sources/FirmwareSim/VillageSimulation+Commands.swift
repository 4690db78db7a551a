import Foundation
import Site

extension VillageSimulation {
    /// Sets the battery's AC power (positive discharge, negative charge). The setpoint holds for the
    /// revert timeout from now; a value beyond the PCS rating is refused, as the device would answer
    /// a write out of range with an exception.
    public func setStoragePower(watts: Double, chargeFromGrid: Bool = true) throws(SimulationError) {
        let limitW = site.ess.pcsPowerKW * 1000
        guard watts.isFinite, abs(watts) <= limitW + 1e-6 else {
            throw SimulationError(code: .outOfRange, message: "storage power \(watts) W is outside ±\(limitW) W")
        }
        let setpoint = StorageSetpoint(powerW: watts, receivedAt: now, chargeFromGrid: chargeFromGrid)
        storage.setpoint = setpoint
        storage.setpointsReceived += 1
        lastStorageSetpointInInterval = setpoint
    }

    /// Commands one heat pump. Power outside the machine's limits is refused.
    public func command(
        heatPump device: String, enabled: Bool, powerW: Double? = nil,
        tank: TankSide? = nil, holdSeconds: Int64 = HeatPumpCommand.holdSeconds
    ) throws(SimulationError) {
        guard let index = site.heatPlant.heatPumps.firstIndex(where: { $0.device == device }) else {
            throw SimulationError(code: .unknownDevice, message: "'\(device)' is not a heat pump of this site")
        }
        let machine = site.heatPlant.heatPumps[index]
        if let powerW {
            guard powerW.isFinite, powerW >= 0, powerW <= machine.electricPowerMaxKW * 1000 + 1e-6 else {
                throw SimulationError(
                    code: .outOfRange,
                    message: "heat pump power \(powerW) W is outside 0...\(machine.electricPowerMaxKW * 1000) W")
            }
        }
        let command = HeatPumpCommand(
            enabled: enabled, powerW: powerW, tank: tank, receivedAt: now, holdSeconds: holdSeconds)
        heatPumps[index].command = command
        heatPumps[index].commandsReceived += 1
        lastHeatPumpCommandsInInterval[index] = command
    }

    /// Hands a heat pump back to the plant's own controller.
    public func releaseHeatPump(_ device: String) {
        guard let index = site.heatPlant.heatPumps.firstIndex(where: { $0.device == device }) else { return }
        heatPumps[index].command = nil
    }

    /// Closes the interval that ends now: builds the ground truth from the counters and resets the
    /// per-interval bookkeeping.
    func closeInterval() throws {
        var homes: [IntervalTruth.Household] = []
        homes.reserveCapacity(households.count)
        for index in households.indices {
            let unit = households[index].unit
            homes.append(
                IntervalTruth.Household(
                    unit: unit,
                    meterDevice: householdDevices[index].meter,
                    inverterDevice: householdDevices[index].inverter,
                    gatewayDevice: householdDevices[index].gateway,
                    consumptionWh: households[index].consumption.takeInterval(),
                    meterImportWh: households[index].meterImport.takeInterval(),
                    meterExportWh: households[index].meterExport.takeInterval(),
                    roofPVWh: households[index].roofPV.takeInterval(),
                    heatingWh: households[index].heating.takeInterval(),
                    coolingWh: households[index].cooling.takeInterval(),
                    hotWaterWh: households[index].hotWater.takeInterval(),
                    hotWaterLitres: households[index].hotWaterVolume.takeInterval(),
                    waterLitres: households[index].waterVolume.takeInterval(),
                    unmetThermalWh: households[index].unmetThermal.takeInterval(),
                    heatPlantShareWh: households[index].heatPlantShare.takeInterval()
                ))
        }
        var arrays: [IntervalTruth.PVArray] = []
        for index in sharedArrays.indices {
            arrays.append(
                IntervalTruth.PVArray(
                    id: sharedArrays[index].id, inverterDevice: sharedArrays[index].inverterDevice,
                    residential: site.sharedPV[index].building == .residential,
                    energyWh: sharedArrays[index].energy.takeInterval()))
        }
        for index in roofArrays.indices {
            _ = roofArrays[index]?.energy.takeInterval()
        }
        var pumps: [IntervalTruth.HeatPump] = []
        for index in heatPumps.indices {
            let command = lastHeatPumpCommandsInInterval[index]
            pumps.append(
                IntervalTruth.HeatPump(
                    device: heatPumps[index].device,
                    electricityWh: heatPumps[index].electricity.takeInterval(),
                    heatToHotTankWh: heatPumps[index].heatToHotTank.takeInterval(),
                    coldToColdTankWh: heatPumps[index].coldToColdTank.takeInterval(),
                    commandsReceived: heatPumps[index].commandsReceived,
                    commandEnabled: command?.enabled, commandPowerW: command?.powerW))
            heatPumps[index].commandsReceived = 0
            lastHeatPumpCommandsInInterval[index] = heatPumps[index].command
        }
        let durationHours = Double(now - intervalStart) / 3600
        let importWh = grid.imported.takeInterval()
        let exportWh = grid.exported.takeInterval()
        let limitExceeded =
            Double(importWh) / durationHours > site.grid.importLimitKW * 1000
            || Double(exportWh) / durationHours > site.grid.exportLimitKW * 1000
        let truth = IntervalTruth(
            start: intervalStart,
            end: now,
            households: homes,
            pvArrays: arrays,
            storage: IntervalTruth.Storage(
                device: site.ess.device,
                chargedWh: storage.charged.takeInterval(),
                dischargedWh: storage.discharged.takeInterval(),
                socPctEnd: storage.socPct,
                storedWhEnd: Int64(storage.storedWh.rounded(.down)),
                setpointsReceived: storage.setpointsReceived,
                setpointW: lastStorageSetpointInInterval?.powerW),
            heatPumps: pumps,
            tankSensorDevice: site.heatPlant.tankSensor,
            hotTank: tankTruth(&hotTank),
            coldTank: tankTruth(&coldTank),
            grid: IntervalTruth.Grid(
                meterDevice: site.grid.meter, importWh: importWh, exportWh: exportWh,
                limitExceeded: limitExceeded),
            publicBuildingsWh: publicBuildings.takeInterval(),
            airTemperatureC: intervalSteps > 0
                ? intervalAirTemperatureSum / Double(intervalSteps) : ambient.airTemperatureC,
            electricResidualWh: residuals.electricWh,
            thermalResidualWh: residuals.thermalWh
        )
        storage.setpointsReceived = 0
        if let setpoint = storage.setpoint, now - setpoint.receivedAt < Int64(storageRevertTimeoutSeconds) {
            lastStorageSetpointInInterval = setpoint
        } else {
            lastStorageSetpointInInterval = nil
        }
        residuals = (0, 0)
        intervalAirTemperatureSum = 0
        intervalSteps = 0
        intervalStart = now
        utcOffsetSeconds = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(now))))
        try truthSink?.record(truth)
    }

    private func tankTruth(_ tank: inout TankState) -> IntervalTruth.Tank {
        IntervalTruth.Tank(
            storedWhEnd: Int64(tank.storedWh.rounded(.down)), chargePctEnd: tank.chargePct,
            chargedWh: tank.charged.takeInterval(), deliveredWh: tank.delivered.takeInterval(),
            standingLossWh: tank.standingLoss.takeInterval(), unmetWh: tank.unmet.takeInterval())
    }
}
