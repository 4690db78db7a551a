import Foundation

/// Writes a site in the documented, hand-editable layout: one line per device, habits and PV as
/// flow mappings, numbers in plain notation. `Site(yaml:)` reads it back to an equal value.
extension Site {
    public func yamlText() -> String {
        var lines: [String] = [
            "# Site file: see Firmware-Sim/docs/site-file.md. Powers in kW, energies in kWh, angles in degrees.",
            "name: \(q(name))",
            "latitudeDeg: \(n(latitudeDeg))",
            "longitudeDeg: \(n(longitudeDeg))",
            "timeZone: \(q(timeZone))",
            "seed: \(seed)",
            "",
            "households:",
        ]
        for household in households {
            let h = household.habits
            lines.append("  - unit: \(q(household.unit))")
            lines.append("    occupied: \(household.occupied)")
            lines.append("    occupants: \(household.occupants)")
            lines.append("    floorAreaM2: \(n(household.floorAreaM2))")
            lines.append(
                "    habits: {annualApplianceEnergyKWh: \(n(h.annualApplianceEnergyKWh)), morningPeakHour: \(n(h.morningPeakHour)), eveningPeakHour: \(n(h.eveningPeakHour)), daytimeOccupancy: \(n(h.daytimeOccupancy)), weekendLateStartHours: \(n(h.weekendLateStartHours)), heatingSetpointC: \(n(h.heatingSetpointC)), coolingSetpointC: \(n(h.coolingSetpointC)), hotWaterKWhPerPersonDay: \(n(h.hotWaterKWhPerPersonDay))}"
            )
            if let pv = household.roofPV {
                lines.append("    roofPV: {\(generator(pv))}")
            }
            if household.trading != HouseholdTrading() {
                lines.append("    trading: {\(trading(household.trading))}")
            }
        }
        lines.append("")
        lines.append("devices:")
        for device in devices {
            let e = device.endpoint
            let household = device.household.map { ", household: \(q($0))" } ?? ""
            lines.append(
                "  - {id: \(q(device.id)), profile: \(q(device.profile))\(household), endpoint: {host: \(q(e.host)), port: \(e.port), unitId: \(e.unitId)}}"
            )
        }
        lines.append("")
        lines.append("sharedPV:")
        for array in sharedPV {
            lines.append(
                "  - {id: \(q(array.id)), building: \(array.building.rawValue), inverter: \(q(array.inverter)), \(generator(array.generator))}"
            )
        }
        lines.append("")
        lines.append("ess:")
        lines.append("  device: \(q(ess.device))")
        lines.append("  capacityKWh: \(n(ess.capacityKWh))")
        lines.append("  pcsPowerKW: \(n(ess.pcsPowerKW))")
        lines.append("  socMinPct: \(n(ess.socMinPct))")
        lines.append("  socMaxPct: \(n(ess.socMaxPct))")
        lines.append("  initialSocPct: \(n(ess.initialSocPct))")
        lines.append("  chargeEfficiency: \(n(ess.chargeEfficiency))")
        lines.append("  dischargeEfficiency: \(n(ess.dischargeEfficiency))")
        lines.append("  revertTimeoutSeconds: \(ess.revertTimeoutSeconds)")
        lines.append("  selfDischargePctPerDay: \(n(ess.selfDischargePctPerDay))")
        lines.append("")
        lines.append("heatPlant:")
        lines.append("  heatPumps:")
        for pump in heatPlant.heatPumps {
            lines.append(
                "    - {device: \(q(pump.device)), source: \(pump.source.rawValue), electricPowerMaxKW: \(n(pump.electricPowerMaxKW)), electricPowerMinKW: \(n(pump.electricPowerMinKW)), carnotEfficiency: \(n(pump.carnotEfficiency))}"
            )
        }
        lines.append("  hotTank: {\(tank(heatPlant.hotTank))}")
        lines.append("  coldTank: {\(tank(heatPlant.coldTank))}")
        lines.append("  tankSensor: \(q(heatPlant.tankSensor))")
        lines.append("  nightChargeStartHour: \(heatPlant.nightChargeStartHour)")
        lines.append("  nightChargeEndHour: \(heatPlant.nightChargeEndHour)")
        lines.append("  reserveChargePct: \(n(heatPlant.reserveChargePct))")
        lines.append("")
        lines.append(
            "grid: {meter: \(q(grid.meter)), importLimitKW: \(n(grid.importLimitKW)), exportLimitKW: \(n(grid.exportLimitKW))}"
        )
        lines.append("publicBuildings: {averagePowerKW: \(n(publicBuildings.averagePowerKW))}")
        var marketFields = ["mechanism: \(q(market.mechanism))", "storageTrades: \(market.storageTrades)"]
        if let price = market.storageMinSellPriceWonPerKWh {
            marketFields.append("storageMinSellPriceWonPerKWh: \(n(price))")
        }
        if let price = market.storageMaxBuyPriceWonPerKWh {
            marketFields.append("storageMaxBuyPriceWonPerKWh: \(n(price))")
        }
        if market.maxTradedEstimateGapMinutes != SiteMarket().maxTradedEstimateGapMinutes {
            marketFields.append("maxTradedEstimateGapMinutes: \(market.maxTradedEstimateGapMinutes)")
        }
        lines.append("market: {\(marketFields.joined(separator: ", "))}")
        if let key = ledger.publicKey { lines.append("ledger: {publicKey: \(q(key))}") }
        if let normal = outdoorTemperatureNormal {
            lines.append("outdoorTemperatureNormal:")
            if let source = normal.source { lines.append("  source: \(q(source))") }
            lines.append("  months:  # January first; 24 hourly °C from local 00:00")
            for hours in normal.months { lines.append("    - [" + hours.map(n).joined(separator: ", ") + "]") }
        }
        lines.append("")
        lines += dispatchLines()
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `dispatch:` section; with every value at its default, the same section commented out, so
    /// the file shows what can be tuned without changing anything.
    private func dispatchLines() -> [String] {
        let d = dispatch
        let isDefault = d == DispatchSettings()
        var lines = [
            isDefault
                ? "# Dispatch scheduler tunables (Firmware-Sim/docs/site-file.md, section dispatch). The values below are the defaults; to change one, uncomment `dispatch:` and its line."
                : "# Dispatch scheduler tunables (Firmware-Sim/docs/site-file.md, section dispatch).",
            "dispatch:",
            "  strategy: \(q(d.strategy))",
            "  solver: \(q(d.solver))",
            "  horizonHours: \(d.horizonHours)",
            "  wearCostWonPerKWh: \(n(d.wearCostWonPerKWh))",
            "  demandChargeWonPerKW: \(n(d.demandChargeWonPerKW))",
        ]
        switch d.gridCharging {
        case .never: lines.append("  gridCharging: never")
        case .allowed: lines.append("  gridCharging: allowed")
        case .cheaperThan(let won): lines.append("  gridCharging: {mode: cheaperThan, wonPerKWh: \(n(won))}")
        }
        if let cap = d.importCapKW {
            lines.append("  importCapKW: \(n(cap))")
        } else if isDefault {
            lines.append("  importCapKW: 150   # example; default: the grid connection's limit only")
        }
        if let reserve = d.socReserve {
            lines.append("  socReserve: {socPct: \(n(reserve.socPct)), byLocalTime: \(q(reserve.byLocalTime))}")
        } else if isDefault {
            lines.append("  socReserve: {socPct: 50, byLocalTime: \"18:00\"}   # example; default: no reserve")
        }
        switch d.terminal {
        case .automatic:
            lines.append("  terminal: {mode: automatic}")
        case .values(let battery, let hot, let cold):
            lines.append(
                "  terminal: {mode: values, batteryWonPerKWh: \(n(battery)), hotTankWonPerKWh: \(n(hot)), coldTankWonPerKWh: \(n(cold))}"
            )
        case .targets(let battery, let hot, let cold):
            lines.append(
                "  terminal: {mode: targets, batteryKWh: \(n(battery)), hotTankKWh: \(n(hot)), coldTankKWh: \(n(cold))}"
            )
        }
        lines.append("  nightChargeTargetPct: \(n(d.nightChargeTargetPct))")
        lines.append("  tankShortfallPenaltyFactor: \(n(d.tankShortfallPenaltyFactor))")
        lines.append("  revertTimeoutSeconds: \(d.revertTimeoutSeconds)")
        lines.append("  responseTimeoutMs: \(d.responseTimeoutMs)")
        lines.append("  defaultHeatingCOP: \(n(d.defaultHeatingCOP))")
        lines.append("  defaultCoolingCOP: \(n(d.defaultCoolingCOP))")
        if let pumps = d.coolingPumps {
            lines.append("  coolingPumps: [\(pumps.map(q).joined(separator: ", "))]")
        } else if isDefault, heatPlant.heatPumps.count > 1 {
            let after = heatPlant.heatPumps.dropFirst().map { q($0.device) }.joined(separator: ", ")
            lines.append("  coolingPumps: [\(after)]   # the default: every heat pump after the first")
        }
        return isDefault ? lines.enumerated().map { $0.offset == 0 ? $0.element : "# " + $0.element } : lines
    }

    private func generator(_ pv: PVGenerator) -> String {
        "peakPowerKWp: \(n(pv.peakPowerKWp)), tiltDeg: \(n(pv.tiltDeg)), azimuthDeg: \(n(pv.azimuthDeg)), inverterACPowerKW: \(n(pv.inverterACPowerKW))"
    }

    private func trading(_ trading: HouseholdTrading) -> String {
        var fields = ["enabled: \(trading.enabled)"]
        if let price = trading.minSellPriceWonPerKWh { fields.append("minSellPriceWonPerKWh: \(n(price))") }
        if let price = trading.maxBuyPriceWonPerKWh { fields.append("maxBuyPriceWonPerKWh: \(n(price))") }
        if !trading.preferredPartners.isEmpty {
            fields.append("preferredPartners: [\(trading.preferredPartners.map(q).joined(separator: ", "))]")
        }
        return fields.joined(separator: ", ")
    }

    private func tank(_ tank: ThermalTank) -> String {
        "capacityKWh: \(n(tank.capacityKWh)), supplyTemperatureC: \(n(tank.supplyTemperatureC)), standingLossPctPerHour: \(n(tank.standingLossPctPerHour)), initialChargePct: \(n(tank.initialChargePct))"
    }
}

/// A double-quoted YAML string.
private func q(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// The shortest text that reads back as the same `Double`, without an exponent for everyday values.
private func n(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}
