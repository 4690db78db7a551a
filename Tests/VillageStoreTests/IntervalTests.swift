import Testing
import VillageStore

/// Interval upserts are idempotent, never downgrade quality, and reject what is not an interval.
@Suite struct IntervalTests {
    private func day(owner: IntervalOwner = .household("101")) -> [IntervalEnergy] {
        (0..<96).map { index in
            let quality: IntervalQuality =
                switch index % 7 {
                case 3: .estimated(gapSeconds: 1200)
                case 5: .missing(gapSeconds: 7200)
                default: .measured
                }
            return IntervalEnergy(
                owner: owner, channel: .energyImport, start: seoulMidnight + Int64(index) * 900,
                value: Int64(index * 37 % 500),
                quality: quality)
        }
    }

    @Test func upsertedIntervalsReadBackInOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let written = day()
        #expect(try await store.upsert(intervals: written.shuffled()).intervalsChanged == 96)
        let read = try await store.intervals(
            owner: .household("101"), channel: .energyImport, from: seoulMidnight, to: seoulMidnight + 86_400)
        #expect(read == written)
        let hour = try await store.intervals(
            owner: .household("101"), channel: .energyImport, from: seoulMidnight + 3600, to: seoulMidnight + 7200)
        #expect(hour == Array(written[4..<8]))
        #expect(try await store.intervals(owner: .household("102"), channel: .energyImport, from: 0, to: .max).isEmpty)
    }

    @Test func reUpsertingTheSameIntervalsChangesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let written = day() + day(owner: .plant("ess"))
        try await store.upsert(intervals: written)
        let before = try await store.intervals(owner: .household("101"), channel: .energyImport, from: 0, to: .max)
        for _ in 0..<3 {
            #expect(try await store.upsert(intervals: written).intervalsChanged == 0)
        }
        #expect(
            try await store.intervals(owner: .household("101"), channel: .energyImport, from: 0, to: .max) == before)
        #expect(try await store.intervals(owner: .plant("ess"), channel: .energyImport, from: 0, to: .max).count == 96)
    }

    @Test func anIntervalIsUpgradedButNeverDowngraded() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let owner = IntervalOwner.household("102")
        func interval(_ value: Int64, _ quality: IntervalQuality) -> IntervalEnergy {
            IntervalEnergy(owner: owner, channel: .energyImport, start: seoulMidnight, value: value, quality: quality)
        }
        func stored() async throws -> IntervalEnergy? {
            try await store.intervals(owner: owner, channel: .energyImport, from: 0, to: .max).first
        }
        try await store.upsert(intervals: [interval(100, .estimated(gapSeconds: 1800))])
        #expect(try await store.upsert(intervals: [interval(120, .measured)]).intervalsChanged == 1)
        #expect(try await stored() == interval(120, .measured))
        #expect(try await store.upsert(intervals: [interval(0, .missing(gapSeconds: 600))]).intervalsChanged == 0)
        #expect(try await store.upsert(intervals: [interval(90, .estimated(gapSeconds: 60))]).intervalsChanged == 0)
        #expect(try await stored() == interval(120, .measured))
    }

    @Test func badIntervalsAreRefusedAndNothingIsWritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let good = day()
        let unaligned = IntervalEnergy(
            owner: .household("101"), channel: .energyImport, start: seoulMidnight + 60, value: 1, quality: .measured)
        let unaligedError = await #expect(throws: StoreError.self) {
            try await store.upsert(intervals: good + [unaligned])
        }
        #expect(unaligedError?.code == .invalidValue)
        let stranger = IntervalEnergy(
            owner: .household("999"), channel: .energyImport, start: seoulMidnight, value: 1, quality: .measured)
        let strangerError = await #expect(throws: StoreError.self) {
            try await store.upsert(intervals: good + [stranger])
        }
        #expect(strangerError?.code == .unknownOwner)
        #expect(strangerError?.subject == "interval owner household:999")
        // A household meter is not plant.
        let notPlant = IntervalEnergy(
            owner: .plant("101-elec"), channel: .energyImport, start: seoulMidnight, value: 1, quality: .measured)
        await #expect(throws: StoreError.self) { try await store.upsert(intervals: good + [notPlant]) }
        #expect(try await store.intervals(owner: .household("101"), channel: .energyImport, from: 0, to: .max).isEmpty)
    }
}
