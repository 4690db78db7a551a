/// The reference village (Busan Eco Delta City smart village), built in code so that
/// `Firmware-Sim/sites/default.yaml` can be checked against it in tests and regenerated with
/// `village-sim --write-default-site`.
extension Site {
    /// Host the default site's devices listen on.
    public static let defaultHost = "127.0.0.1"
    /// Household `"xyz"` is served on port `20000 + xyz`, so a port tells you the unit at a glance.
    public static let defaultHouseholdPortBase = 20_000
    /// Plant devices (ESS, heat plant, grid meter, shared PV) are served from this port up.
    public static let defaultPlantPort = 20_900

    /// 56 units in 7 buildings of 8 (54 occupied, show units 707 and 708 on standby), 503 kWp of PV,
    /// a 400 kWh / 180 kW ESS, two heat pumps charging a hot and a cold tank.
    public static var `default`: Site {
        var households: [Household] = []
        var devices: [Device] = []
        let showUnits: Set<String> = ["707", "708"]
        var index = 0
        for building in 1...7 {
            for flat in 1...8 {
                let unit = "\(building)0\(flat)"
                let household =
                    showUnits.contains(unit)
                    ? showUnit(unit, index: index) : occupiedHousehold(unit, index: index)
                households.append(household)
                let port = defaultHouseholdPortBase + building * 100 + flat
                devices.append(
                    Device(
                        id: "meter-\(unit)", profile: DeviceProfileName.householdMeter, household: unit,
                        endpoint: ModbusEndpoint(host: defaultHost, port: port, unitId: 1)))
                devices.append(
                    Device(
                        id: "pv-\(unit)", profile: DeviceProfileName.pvInverter, household: unit,
                        endpoint: ModbusEndpoint(host: defaultHost, port: port, unitId: 2)))
                devices.append(
                    Device(
                        id: "mbus-\(unit)", profile: DeviceProfileName.mbusGateway, household: unit,
                        endpoint: ModbusEndpoint(host: defaultHost, port: port, unitId: 3)))
                index += 1
            }
        }

        let plant: [(String, String, Int, Int)] = [
            ("ess", DeviceProfileName.storage, 0, 1),
            ("hp-river", DeviceProfileName.heatPump, 1, 1),
            ("hp-ground", DeviceProfileName.heatPump, 1, 2),
            ("heat-tank", DeviceProfileName.heatPump, 1, 3),
            ("grid-meter", DeviceProfileName.gridMeter, 2, 1),
            ("pv-corridor-a", DeviceProfileName.pvInverter, 3, 1),
            ("pv-corridor-b", DeviceProfileName.pvInverter, 3, 2),
            ("pv-platform", DeviceProfileName.pvInverter, 3, 3),
            ("pv-community", DeviceProfileName.pvInverter, 3, 4),
        ]
        for (id, profile, portOffset, unitId) in plant {
            devices.append(
                Device(
                    id: id, profile: profile,
                    endpoint: ModbusEndpoint(
                        host: defaultHost, port: defaultPlantPort + portOffset, unitId: unitId)))
        }

        let roofKWp = households.reduce(0) { $0 + ($1.roofPV?.peakPowerKWp ?? 0) }
        let residentialSharedKWp = 55.0
        let publicKWp = 503 - roofKWp - residentialSharedKWp
        let sharedPV = [
            SharedPVArray(
                id: "corridor-a", building: .residential, inverter: "pv-corridor-a",
                generator: PVGenerator(peakPowerKWp: residentialSharedKWp / 2, tiltDeg: 10, azimuthDeg: 170)),
            SharedPVArray(
                id: "corridor-b", building: .residential, inverter: "pv-corridor-b",
                generator: PVGenerator(peakPowerKWp: residentialSharedKWp / 2, tiltDeg: 10, azimuthDeg: 190)),
            SharedPVArray(
                id: "platform-centre", building: .public, inverter: "pv-platform",
                generator: PVGenerator(
                    peakPowerKWp: (publicKWp * 0.6 * 10).rounded() / 10,
                    tiltDeg: 30, azimuthDeg: 180)),
            SharedPVArray(
                id: "community-centre", building: .public, inverter: "pv-community",
                generator: PVGenerator(
                    peakPowerKWp: publicKWp - (publicKWp * 0.6 * 10).rounded() / 10,
                    tiltDeg: 30, azimuthDeg: 200)),
        ]

        return Site(
            name: "Eco Delta Smart Village (reference)",
            latitudeDeg: 35.1,
            longitudeDeg: 128.9,
            timeZone: "Asia/Seoul",
            seed: 20_220_101,
            households: households,
            devices: devices,
            sharedPV: sharedPV,
            ess: EnergyStorageSystem(device: "ess"),
            heatPlant: HeatPlant(
                heatPumps: [
                    HeatPump(device: "hp-river", source: .river, electricPowerMaxKW: 60, electricPowerMinKW: 12),
                    HeatPump(device: "hp-ground", source: .ground, electricPowerMaxKW: 45, electricPowerMinKW: 9),
                ],
                hotTank: ThermalTank(capacityKWh: 2_400, supplyTemperatureC: 55, standingLossPctPerHour: 0.25),
                coldTank: ThermalTank(capacityKWh: 1_500, supplyTemperatureC: 7, standingLossPctPerHour: 0.25),
                tankSensor: "heat-tank"
            ),
            grid: GridConnection(meter: "grid-meter", importLimitKW: 400, exportLimitKW: 400),
            publicBuildings: PublicBuildings(averagePowerKW: 20)
        )
    }

    /// Households differ in size, floor area, habits and roof: a fixed pattern over the index
    /// rather than random draws, so the file reads the same for everyone.
    private static func occupiedHousehold(_ unit: String, index: Int) -> Household {
        let occupantsPattern = [3, 4, 2, 1, 4, 3, 5, 2, 3]
        let occupants = occupantsPattern[index % occupantsPattern.count]
        let areas: [Double] = [59, 74, 84, 99, 84, 74]
        let area = areas[index % areas.count]
        let homeAllDay = index % 5 == 2  // retirees, parents of infants, home workers
        let habits = HouseholdHabits(
            annualApplianceEnergyKWh: Double(2_000 + 650 * occupants + (index % 7) * 120),
            morningPeakHour: 6.5 + Double(index % 4) * 0.5,
            eveningPeakHour: 18.5 + Double(index % 5) * 0.5,
            daytimeOccupancy: homeAllDay ? 0.75 : 0.15 + Double(index % 3) * 0.05,
            weekendLateStartHours: Double(index % 3) * 0.75,
            heatingSetpointC: 20 + Double(index % 4) * 0.5,
            coolingSetpointC: 25 + Double(index % 3) * 0.5,
            hotWaterKWhPerPersonDay: 1.4 + Double(index % 4) * 0.1
        )
        return Household(
            unit: unit, occupied: true, occupants: occupants, floorAreaM2: area, habits: habits,
            roofPV: PVGenerator(
                peakPowerKWp: roofPeakPower(area: area), tiltDeg: 25,
                azimuthDeg: 170 + Double(index % 3) * 10))
    }

    private static func showUnit(_ unit: String, index: Int) -> Household {
        Household(
            unit: unit, occupied: false, occupants: 0, floorAreaM2: 84,
            habits: HouseholdHabits(annualApplianceEnergyKWh: 350),
            roofPV: PVGenerator(peakPowerKWp: roofPeakPower(area: 84), tiltDeg: 25, azimuthDeg: 180))
    }

    /// Roof area follows floor area in these terraced houses.
    private static func roofPeakPower(area: Double) -> Double {
        (area / 84 * 4.0 * 10).rounded() / 10
    }
}
