/// Cross-field checks that decoding alone cannot make: identities are unique, endpoints do not
/// collide, and every reference points at something the file defines with the right profile.
extension Site {
    public func validate(file: String = "<string>") throws(SiteError) {
        func fail(_ code: SiteError.Code, _ field: String, _ message: String) -> SiteError {
            SiteError(code: code, file: file, field: field, message: message)
        }

        var units: [String: Int] = [:]
        for (index, household) in households.enumerated() {
            if let first = units[household.unit] {
                throw fail(
                    .duplicateIdentifier, "households[\(index)].unit",
                    "unit '\(household.unit)' is already defined at households[\(first)]")
            }
            units[household.unit] = index
        }

        var ids: [String: Int] = [:]
        var endpoints: [ModbusEndpoint: Int] = [:]
        for (index, device) in devices.enumerated() {
            if let first = ids[device.id] {
                throw fail(
                    .duplicateIdentifier, "devices[\(index)].id",
                    "device id '\(device.id)' is already used by devices[\(first)]")
            }
            ids[device.id] = index
            guard (1...65535).contains(device.endpoint.port) else {
                throw fail(
                    .invalidValue, "devices[\(index)].endpoint.port",
                    "port \(device.endpoint.port) is outside 1...65535")
            }
            guard (1...247).contains(device.endpoint.unitId) else {
                throw fail(
                    .invalidValue, "devices[\(index)].endpoint.unitId",
                    "unit id \(device.endpoint.unitId) is outside 1...247")
            }
            if let first = endpoints[device.endpoint] {
                throw fail(
                    .duplicateEndpoint, "devices[\(index)].endpoint",
                    "\(device.endpoint) is already served by '\(devices[first].id)'")
            }
            endpoints[device.endpoint] = index
            if let unit = device.household, units[unit] == nil {
                throw fail(
                    .undefinedReference, "devices[\(index)].household",
                    "household '\(unit)' is not defined in households")
            }
        }

        for (index, household) in households.enumerated() {
            for (position, partner) in household.trading.preferredPartners.enumerated() {
                let field = "households[\(index)].trading.preferredPartners[\(position)]"
                guard units[partner] != nil else {
                    throw fail(.undefinedReference, field, "household '\(partner)' is not defined in households")
                }
                guard partner != household.unit else {
                    throw fail(.invalidValue, field, "a household cannot prefer itself")
                }
            }
        }

        var claimed: [String: String] = [:]
        func requireDevice(_ id: String, profile: String, field: String) throws(SiteError) {
            guard let index = ids[id] else {
                throw fail(.undefinedReference, field, "device '\(id)' is not defined in devices")
            }
            let device = devices[index]
            guard device.profile == profile else {
                throw fail(
                    .invalidValue, field, "device '\(id)' has profile '\(device.profile)', expected '\(profile)'")
            }
            if let other = claimed[id] {
                throw fail(.duplicateIdentifier, field, "device '\(id)' is already used by \(other)")
            }
            claimed[id] = field
        }

        for (index, household) in households.enumerated() where household.roofPV != nil {
            let inverters = devices.filter {
                $0.household == household.unit && $0.profile == DeviceProfileName.pvInverter
            }
            guard inverters.count == 1, let inverter = inverters.first else {
                throw fail(
                    .undefinedReference, "households[\(index)].roofPV",
                    "household '\(household.unit)' has roof PV but \(inverters.count) '\(DeviceProfileName.pvInverter)' devices (need exactly 1)"
                )
            }
            claimed[inverter.id] = "households[\(index)].roofPV"
        }

        var arrayIds: Set<String> = []
        for (index, array) in sharedPV.enumerated() {
            guard arrayIds.insert(array.id).inserted else {
                throw fail(.duplicateIdentifier, "sharedPV[\(index)].id", "array id '\(array.id)' is used twice")
            }
            try requireDevice(
                array.inverter, profile: DeviceProfileName.pvInverter, field: "sharedPV[\(index)].inverter")
        }
        try requireDevice(ess.device, profile: DeviceProfileName.storage, field: "ess.device")
        for (index, pump) in heatPlant.heatPumps.enumerated() {
            try requireDevice(
                pump.device, profile: DeviceProfileName.heatPump, field: "heatPlant.heatPumps[\(index)].device")
        }
        try requireDevice(heatPlant.tankSensor, profile: DeviceProfileName.heatPump, field: "heatPlant.tankSensor")
        try requireDevice(grid.meter, profile: DeviceProfileName.gridMeter, field: "grid.meter")
        try validateDispatch(fail)
    }

    /// The `dispatch:` section against the plant it tunes: a reserve inside the SoC window, targets
    /// the stores can hold, an import cap within the connection, cooling pumps that exist.
    private func validateDispatch(_ fail: (SiteError.Code, String, String) -> SiteError) throws(SiteError) {
        if let reserve = dispatch.socReserve {
            guard reserve.socPct >= ess.socMinPct, reserve.socPct <= ess.socMaxPct else {
                throw fail(
                    .invalidValue, "dispatch.socReserve.socPct",
                    "\(reserve.socPct) % is outside the battery's SoC window ess.socMinPct \(ess.socMinPct) – ess.socMaxPct \(ess.socMaxPct)"
                )
            }
        }
        if case .targets(let battery, let hot, let cold) = dispatch.terminal {
            let batteryMax = ess.capacityKWh * ess.socMaxPct / 100
            guard battery <= batteryMax else {
                throw fail(
                    .invalidValue, "dispatch.terminal.batteryKWh",
                    "\(battery) kWh is above the battery's maximum \(batteryMax) kWh (ess.socMaxPct)")
            }
            guard hot <= heatPlant.hotTank.capacityKWh else {
                throw fail(
                    .invalidValue, "dispatch.terminal.hotTankKWh",
                    "\(hot) kWh is above heatPlant.hotTank.capacityKWh \(heatPlant.hotTank.capacityKWh)")
            }
            guard cold <= heatPlant.coldTank.capacityKWh else {
                throw fail(
                    .invalidValue, "dispatch.terminal.coldTankKWh",
                    "\(cold) kWh is above heatPlant.coldTank.capacityKWh \(heatPlant.coldTank.capacityKWh)")
            }
        }
        if let cap = dispatch.importCapKW, cap > grid.importLimitKW {
            throw fail(
                .invalidValue, "dispatch.importCapKW",
                "\(cap) kW is above the grid connection's grid.importLimitKW \(grid.importLimitKW) kW")
        }
        let pumps = Set(heatPlant.heatPumps.map(\.device))
        for (index, id) in (dispatch.coolingPumps ?? []).enumerated() where !pumps.contains(id) {
            throw fail(
                .undefinedReference, "dispatch.coolingPumps[\(index)]", "'\(id)' is not a device in heatPlant.heatPumps"
            )
        }
    }
}
