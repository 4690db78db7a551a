import Site

extension VillageSimulation {
    /// Runs the heat pumps for one step, settles both tanks and hands each home its heat, cold, hot
    /// water and share of the plant's electricity. Returns the plant's electric power, W.
    func runHeatPlant(hour: Double, hours: Double, hotDemandW: Double, coldDemandW: Double) -> Double {
        let plant = site.heatPlant
        let hotLossW = hotTank.storedWh * plant.hotTank.standingLossPctPerHour / 100
        let coldLossW = coldTank.storedWh * plant.coldTank.standingLossPctPerHour / 100
        let assignments = localAssignments(hour: hour)

        var thermalIn = (hot: 0.0, cold: 0.0)
        var electric = (hot: 0.0, cold: 0.0)
        // Room left in each tank this step, as a power, so no pump overfills it.
        var headroomW = (
            hot: (hotTank.capacityWh - hotTank.storedWh) / hours + hotDemandW + hotLossW,
            cold: (coldTank.capacityWh - coldTank.storedWh) / hours + coldDemandW + coldLossW
        )
        for index in heatPumps.indices {
            let machine = plant.heatPumps[index]
            if let command = heatPumps[index].command, now - command.receivedAt >= command.holdSeconds {
                heatPumps[index].command = nil
            }
            var requestW = 0.0
            var side = assignments[index] ?? heatPumps[index].tank
            if let command = heatPumps[index].command {
                if command.enabled {
                    requestW = min(
                        machine.electricPowerMaxKW * 1000,
                        max(machine.electricPowerMinKW * 1000, command.powerW ?? machine.electricPowerMaxKW * 1000))
                    side = command.tank ?? side
                }
            } else if assignments[index] != nil {
                requestW = machine.electricPowerMaxKW * 1000
            }
            let cop = coefficientOfPerformance(machine, side: side)
            var thermalW = requestW * cop
            switch side {
            case .hot:
                thermalW = min(thermalW, max(0, headroomW.hot))
                headroomW.hot -= thermalW
            case .cold:
                thermalW = min(thermalW, max(0, headroomW.cold))
                headroomW.cold -= thermalW
            }
            let electricW: Double = cop > 0 ? thermalW / cop : 0
            heatPumps[index].tank = side
            heatPumps[index].cop = cop
            heatPumps[index].electricPowerW = electricW
            heatPumps[index].thermalPowerW = thermalW
            heatPumps[index].electricity.add(electricW * hours)
            switch side {
            case .hot:
                heatPumps[index].heatToHotTank.add(thermalW * hours)
                thermalIn.hot += thermalW
                electric.hot += electricW
            case .cold:
                heatPumps[index].coldToColdTank.add(thermalW * hours)
                thermalIn.cold += thermalW
                electric.cold += electricW
            }
        }

        let hotDelivered = settle(&hotTank, inW: thermalIn.hot, demandW: hotDemandW, lossW: hotLossW, hours: hours)
        let coldDelivered = settle(&coldTank, inW: thermalIn.cold, demandW: coldDemandW, lossW: coldLossW, hours: hours)
        let hotFraction = hotDemandW > 0 ? hotDelivered / hotDemandW : 1
        let coldFraction = coldDemandW > 0 ? coldDelivered / coldDemandW : 1
        let occupiedCount = Double(max(1, site.households.filter(\.occupied).count))
        for index in households.indices {
            let home = households[index]
            let hotW = (home.heatingPowerW + home.hotWaterPowerW) * hotFraction
            let coldW = home.coolingPowerW * coldFraction
            households[index].heating.add(home.heatingPowerW * hotFraction * hours)
            households[index].hotWater.add(home.hotWaterPowerW * hotFraction * hours)
            households[index].hotWaterVolume.add(
                home.hotWaterPowerW * hotFraction * hours / HouseholdDemandModel.hotWaterWhPerLitre)
            households[index].cooling.add(coldW * hours)
            households[index].unmetThermal.add(
                ((home.heatingPowerW + home.hotWaterPowerW) * (1 - hotFraction)
                    + home.coolingPowerW * (1 - coldFraction)) * hours)
            let evenShare = site.households[index].occupied ? 1 / occupiedCount : 0
            let hotShare = hotDelivered > 0 ? hotW / hotDelivered : evenShare
            let coldShare = coldDelivered > 0 ? coldW / coldDelivered : evenShare
            households[index].heatPlantShare.add((electric.hot * hotShare + electric.cold * coldShare) * hours)
        }
        return electric.hot + electric.cold
    }

    /// Adds heat (or cold) to a tank, takes out demand and standing losses, and returns the thermal
    /// power actually delivered (less than demanded only when the tank runs empty).
    private func settle(_ tank: inout TankState, inW: Double, demandW: Double, lossW: Double, hours: Double) -> Double {
        tank.charged.add(inW * hours)
        tank.standingLoss.add(lossW * hours)
        var stored = tank.storedWh + (inW - lossW - demandW) * hours
        var delivered = demandW
        if stored < 0 {
            delivered = max(0, demandW + stored / hours)
            tank.unmet.add(-stored)
            stored = 0
        }
        let before = tank.storedWh
        tank.storedWh = min(stored, tank.capacityWh)
        tank.delivered.add(delivered * hours)
        residuals.thermalWh += (tank.storedWh - before) - (inW - lossW - delivered) * hours
        return delivered
    }

    func coefficientOfPerformance(_ machine: HeatPump, side: TankSide) -> Double {
        let sourceC = machine.source == .river ? ambient.riverTemperatureC : ambient.groundTemperatureC
        switch side {
        case .hot:
            return HeatPumpModel.heatingCOP(
                sourceC: sourceC, supplyC: site.heatPlant.hotTank.supplyTemperatureC,
                carnotEfficiency: machine.carnotEfficiency)
        case .cold:
            return HeatPumpModel.coolingCOP(
                sinkC: sourceC, supplyC: site.heatPlant.coldTank.supplyTemperatureC,
                carnotEfficiency: machine.carnotEfficiency)
        }
    }

    /// The plant's own controller, used for every pump without a live command: charge both tanks to
    /// nearly full in the cheap night hours; by day only top up a tank that has fallen below the
    /// reserve. The cold side counts only in cooling season. Returns the tank per pump, `nil` = off.
    private func localAssignments(hour: Double) -> [TankSide?] {
        let plant = site.heatPlant
        let night = Self.isWithin(hour: hour, start: plant.nightChargeStartHour, end: plant.nightChargeEndHour)
        let reserve = plant.reserveChargePct / 100
        let target = night ? 0.97 : reserve + 0.10
        let start = night ? target - 0.07 : reserve
        let hotFraction = hotTank.storedWh / max(1, hotTank.capacityWh)
        let coldFraction = coldTank.storedWh / max(1, coldTank.capacityWh)
        let coolingSeason = recentCoolingDemandW > 1_000
        let wasCharging = (
            hot: heatPumps.contains { $0.running && $0.tank == .hot },
            cold: heatPumps.contains { $0.running && $0.tank == .cold }
        )
        let hotNeeds = hotFraction < (wasCharging.hot ? target : start)
        let coldNeeds = coolingSeason && coldFraction < (wasCharging.cold ? target : start)
        var result: [TankSide?] = Array(repeating: nil, count: heatPumps.count)
        guard hotNeeds || coldNeeds else { return result }
        let first: TankSide
        if hotNeeds && coldNeeds {
            first = (target - hotFraction) >= (target - coldFraction) ? .hot : .cold
        } else {
            first = hotNeeds ? .hot : .cold
        }
        let second: TankSide = hotNeeds && coldNeeds ? (first == .hot ? .cold : .hot) : first
        for index in result.indices {
            result[index] = index == 0 ? first : second
        }
        return result
    }

    static func isWithin(hour: Double, start: Int, end: Int) -> Bool {
        let h = Int(hour)
        return start <= end ? (h >= start && h < end) : (h >= start || h < end)
    }
}
