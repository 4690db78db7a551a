import Foundation

/// Writes the ground truth as JSON Lines, one object per device and interval, so a checker can
/// `grep` a device id or load the file into any data tool. Field names follow the truth structs;
/// energies are whole Wh, times UTC Unix seconds.
package final class JSONLinesTruthWriter: GroundTruthSink {
    private let handle: FileHandle
    private let encoder: JSONEncoder
    private var buffer = Data()
    package let path: String

    /// One line of the file.
    package struct Record: Codable, Sendable, Equatable {
        package var start: Int64
        package var end: Int64
        package var device: String
        package var kind: String
        package var household: String?
        package var energyWh: Int64?
        package var importWh: Int64?
        package var exportWh: Int64?
        package var heatingWh: Int64?
        package var coolingWh: Int64?
        package var hotWaterWh: Int64?
        package var hotWaterLitres: Int64?
        package var waterLitres: Int64?
        package var unmetThermalWh: Int64?
        package var heatPlantShareWh: Int64?
        package var chargedWh: Int64?
        package var dischargedWh: Int64?
        package var socPct: Double?
        package var storedWh: Int64?
        package var hotTankWh: Int64?
        package var coldTankWh: Int64?
        package var hotTankLossWh: Int64?
        package var coldTankLossWh: Int64?
        package var heatWh: Int64?
        package var coldWh: Int64?
        package var setpointsReceived: Int?
        package var setpointW: Double?
        package var commandEnabled: Bool?
        package var limitExceeded: Bool?
    }

    /// Creates (or truncates) the file at `path`.
    package init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        self.path = path
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
    }

    deinit {
        try? flush()
        try? handle.close()
    }

    package func record(_ interval: IntervalTruth) throws {
        for record in Self.records(of: interval) {
            buffer.append(try encoder.encode(record))
            buffer.append(0x0A)
        }
        if buffer.count > 1 << 20 { try flush() }
    }

    /// Writes buffered lines to disk.
    package func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The lines one interval becomes: per household its electricity meter, roof inverter and
    /// M-Bus gateway; then shared inverters, the ESS, each heat pump, the tank sensor, the grid meter.
    package static func records(of t: IntervalTruth) -> [Record] {
        func blank(_ device: String, _ kind: String) -> Record {
            Record(start: t.start, end: t.end, device: device, kind: kind)
        }
        var lines: [Record] = []
        for home in t.households {
            var meter = blank(home.meterDevice ?? home.unit, "household-meter")
            meter.household = home.unit
            meter.importWh = home.meterImportWh
            meter.exportWh = home.meterExportWh
            meter.heatPlantShareWh = home.heatPlantShareWh
            lines.append(meter)
            if let inverter = home.inverterDevice {
                var pv = blank(inverter, "pv-inverter")
                pv.household = home.unit
                pv.energyWh = home.roofPVWh
                lines.append(pv)
            }
            guard let gatewayDevice = home.gatewayDevice else { continue }
            var gateway = blank(gatewayDevice, "mbus-gateway")
            gateway.household = home.unit
            gateway.heatingWh = home.heatingWh
            gateway.coolingWh = home.coolingWh
            gateway.hotWaterWh = home.hotWaterWh
            gateway.hotWaterLitres = home.hotWaterLitres
            gateway.waterLitres = home.waterLitres
            gateway.unmetThermalWh = home.unmetThermalWh
            lines.append(gateway)
        }
        for array in t.pvArrays {
            var pv = blank(array.inverterDevice, "pv-inverter")
            pv.energyWh = array.energyWh
            lines.append(pv)
        }
        var ess = blank(t.storage.device, "storage")
        ess.chargedWh = t.storage.chargedWh
        ess.dischargedWh = t.storage.dischargedWh
        ess.socPct = (t.storage.socPctEnd * 100).rounded() / 100
        ess.storedWh = t.storage.storedWhEnd
        ess.setpointsReceived = t.storage.setpointsReceived
        ess.setpointW = t.storage.setpointW
        lines.append(ess)
        for pump in t.heatPumps {
            var record = blank(pump.device, "heat-pump")
            record.energyWh = pump.electricityWh
            record.heatWh = pump.heatToHotTankWh
            record.coldWh = pump.coldToColdTankWh
            record.setpointsReceived = pump.commandsReceived
            record.setpointW = pump.commandPowerW
            record.commandEnabled = pump.commandEnabled
            lines.append(record)
        }
        var tank = blank(t.tankSensorDevice, "tank-sensor")
        tank.hotTankWh = t.hotTank.storedWhEnd
        tank.coldTankWh = t.coldTank.storedWhEnd
        tank.hotTankLossWh = t.hotTank.standingLossWh
        tank.coldTankLossWh = t.coldTank.standingLossWh
        tank.unmetThermalWh = t.hotTank.unmetWh + t.coldTank.unmetWh
        lines.append(tank)
        var grid = blank(t.grid.meterDevice, "grid-meter")
        grid.importWh = t.grid.importWh
        grid.exportWh = t.grid.exportWh
        grid.limitExceeded = t.grid.limitExceeded
        lines.append(grid)
        return lines
    }
}
