import Testing
import VillageCore

struct FloorDivisionTests {
    @Test(arguments: [
        (Int64(0), Int64(900), Int64(0), Int64(0)),
        (1, 900, 0, 1),
        (899, 900, 0, 899),
        (900, 900, 1, 0),
        (-1, 900, -1, 899),
        (-899, 900, -1, 1),
        (-900, 900, -1, 0),
        (-901, 900, -2, 899),
        (-86_401, 86_400, -2, 86_399),
        (7, -2, -4, -1),
        (-7, -2, 3, -1),
    ])
    func roundsTowardMinusInfinity(value: Int64, divisor: Int64, quotient: Int64, remainder: Int64) {
        #expect(floorDivide(value, divisor) == quotient)
        #expect(floorModulo(value, divisor) == remainder)
    }

    @Test func matchesTheRealQuotientOverARange() {
        for divisor: Int64 in [1, 7, 900, 86_400] {
            for value in stride(from: Int64(-200_000), through: 200_000, by: 37) {
                let quotient = floorDivide(value, divisor)
                #expect(quotient * divisor <= value && value < (quotient + 1) * divisor, "\(value) / \(divisor)")
                #expect(floorModulo(value, divisor) == value - quotient * divisor)
            }
        }
    }

    @Test func worksForOtherIntegerTypes() {
        #expect(floorDivide(Int128(-1) << 80, Int128(3)) == -((Int128(1) << 80) + 2) / 3)
        #expect(floorDivide(-7 as Int, 2) == -4)
        #expect(floorDivide(7 as UInt8, 2) == 3)
    }
}
