// store-kill-writer: writes numbered batches into a VillageStore until it is killed.
//
//     store-kill-writer PATH
//
// Batch k holds 2,000 readings, one interval and one event, committed together; after each commit
// it prints k. The VillageStore tests SIGKILL it at a random moment (almost always inside a
// transaction) and check that every printed batch is present and every batch is whole or absent.

import Foundation
import VillageCore
import VillageStore

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: store-kill-writer PATH\n".utf8))
    exit(2)
}
let path = CommandLine.arguments[1]
let rowsPerBatch = 2_000
let start: Int64 = 1_795_964_400
let device = DeviceRecord(id: "101-elec", householdId: "101", kind: "electricity-meter", profile: "generic")

do {
    let store = try VillageStore(path: path)
    try await store.register(
        site: SiteRecord(id: "kill", name: "kill test"), households: [HouseholdRecord(unitId: "101")], devices: [device]
    )
    var batchNumber: Int64 = 0
    while true {
        let first = start + batchNumber * Int64(rowsPerBatch)
        let readings = (0..<rowsPerBatch).map { index in
            RawReading(
                deviceId: device.id, channel: .energyImport, timestamp: first + Int64(index),
                value: .integer(Int64(index)))
        }
        let interval = IntervalEnergy(
            owner: .household("101"), channel: .energyImport, start: start + batchNumber * TimeGrid.quarterHourSeconds,
            value: batchNumber, quality: .measured)
        let event = DeviceEvent(deviceId: device.id, timestamp: first, kind: .online, detail: "batch \(batchNumber)")
        try await store.commit(MeteringBatch(readings: readings, intervals: [interval], events: [event]))
        // Unbuffered, so that the test sees each commit as soon as it happened.
        FileHandle.standardOutput.write(Data("\(batchNumber)\n".utf8))
        batchNumber += 1
    }
} catch {
    FileHandle.standardError.write(Data("store-kill-writer: \(error)\n".utf8))
    exit(1)
}
