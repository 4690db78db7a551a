import Market
import TestKit

extension VillageFixture {
    /// The settlement input of interval `index` of a reproducible 56-household village: the same
    /// on every call, so a process that retries after a crash settles exactly the same thing.
    public static func settlementInput(
        interval index: Int, households: Int = 56,
        firstIntervalStart: Int64 = 1_767_193_200
    ) throws -> IntervalSettlementInput {
        var rng = SeededGenerator(seed: UInt64(index) &+ 0x4B11)
        let start = firstIntervalStart + Int64(index) * 900
        let village = VillageFixture.random(households: households, using: &rng, intervalStart: start)
        let clearing = try MarketClearing.clear(village.book(), mechanism: .default, prices: village.prices)
        return IntervalSettlementInput(
            intervalStart: start, clearing: clearing, prices: village.prices,
            meterReadings: village.readings)
    }
}
