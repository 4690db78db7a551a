import Testing
import VillageCore

struct TimeGridTests {
    @Test func lengthsNestIntoEachOther() {
        #expect(TimeGrid.quarterHourSeconds * 4 == TimeGrid.hourSeconds)
        #expect(TimeGrid.hourSeconds * 24 == TimeGrid.daySeconds)
        #expect(TimeGrid.daySeconds / TimeGrid.quarterHourSeconds == 96)
    }
}
