import Testing
import VillageStore

/// Raw readings: stored as given, once, in all-or-nothing batches, and pruned by age.
@Suite struct ReadingTests {
    @Test func readingsRoundTripWithTheirTypesAndQuality() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let written = [
            RawReading(deviceId: "ess", channel: .essCharge, timestamp: seoulMidnight, value: .integer(1_234_567)),
            RawReading(deviceId: "ess", channel: "ess.power", timestamp: seoulMidnight, value: .real(-42.5)),
            RawReading(
                deviceId: "ess", channel: .essCharge, timestamp: seoulMidnight + 10, value: .integer(1_234_570),
                quality: .rejected),
            RawReading(deviceId: "ess", channel: "ess.power", timestamp: seoulMidnight + 10, value: .real(3.0)),
        ]
        let summary = try await store.record(readings: written)
        #expect(summary.readingsInserted == 4)
        let charge = try await store.readings(
            deviceId: "ess", channel: .essCharge, from: seoulMidnight, to: seoulMidnight + 60)
        #expect(charge == [written[0], written[2]])
        // A real that happens to be whole stays a real.
        let power = try await store.readings(deviceId: "ess", channel: "ess.power", from: 0, to: .max)
        #expect(power == [written[1], written[3]])
        // The time range is half-open.
        #expect(
            try await store.readings(
                deviceId: "ess", channel: .essCharge, from: seoulMidnight + 1, to: seoulMidnight + 10
            ).isEmpty)
    }

    @Test func recordingTheSameReadingsAgainStoresThemOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let batch = (0..<100).map {
            RawReading(
                deviceId: "101-elec", channel: .energyImport, timestamp: seoulMidnight + Int64($0) * 10,
                value: .integer(Int64($0)))
        }
        #expect(try await store.record(readings: batch).readingsInserted == 100)
        #expect(try await store.record(readings: batch).readingsInserted == 0)
        #expect(try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max).count == 100)
    }

    /// A batch interrupted half-way (here by a reading of an unknown device at position 600, after
    /// 600 rows were inserted inside the transaction) leaves none of its rows, in any table.
    @Test func aBatchInterruptedHalfWayLeavesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        var readings = (0..<1000).map {
            RawReading(
                deviceId: "101-elec", channel: .energyImport, timestamp: seoulMidnight + Int64($0),
                value: .integer(Int64($0)))
        }
        readings[600].deviceId = "404-elec"
        let interval = IntervalEnergy(
            owner: .household("101"), channel: .energyImport, start: seoulMidnight, value: 9, quality: .measured)
        let event = DeviceEvent(deviceId: "101-elec", timestamp: seoulMidnight, kind: .online)
        let error = await #expect(throws: StoreError.self) {
            try await store.commit(MeteringBatch(readings: readings, intervals: [interval], events: [event]))
        }
        #expect(error?.code == .unknownDevice)
        #expect(error?.subject == "reading of 404-elec")
        #expect(try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max).isEmpty)
        #expect(try await store.intervals(owner: .household("101"), channel: .energyImport, from: 0, to: .max).isEmpty)
        #expect(try await store.events(from: 0, to: .max).isEmpty)
        // The store still works, and the series that was being created is not cached as if it existed.
        readings[600].deviceId = "101-elec"
        #expect(try await store.record(readings: readings).readingsInserted == 1000)
    }

    @Test func aMalformedChannelIsRefusedBeforeAnyWrite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let error = await #expect(throws: StoreError.self) {
            try await store.record(readings: [
                RawReading(deviceId: "101-elec", channel: "Energy Import", timestamp: 0, value: .integer(1))
            ])
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("Energy Import") == true)
    }

    @Test func pruneDeletesOnlyReadingsOlderThanTheCutoff() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let readings = (0..<50).flatMap { step in
            ["101-elec", "102-elec"].map {
                RawReading(
                    deviceId: $0, channel: .energyImport, timestamp: seoulMidnight + Int64(step) * 3600,
                    value: .integer(Int64(step)))
            }
        }
        try await store.record(readings: readings)
        try await store.upsert(intervals: [
            IntervalEnergy(
                owner: .household("101"), channel: .energyImport, start: seoulMidnight, value: 1, quality: .measured)
        ])
        let deleted = try await store.prune(olderThan: seoulMidnight + 20 * 3600)
        #expect(deleted == 40)
        let left = try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max)
        #expect(left.map(\.timestamp) == (20..<50).map { seoulMidnight + Int64($0) * 3600 })
        // Intervals are kept forever.
        #expect(
            try await store.intervals(owner: .household("101"), channel: .energyImport, from: 0, to: .max).count == 1)
        // Retention: 90 days by default.
        #expect(try await store.pruneExpiredReadings(now: seoulMidnight + 90 * 86_400 + 30 * 3600) == 20)
    }
}
