import ArgumentParser
import Testing

@testable import VillageCommands

/// The progress bar of `village dispatch simulate`: the line it draws and the flag that asks for it.
@Suite struct SimulationProgressBarTests {
    @Test func aQuarterOfAYearShowsAQuarterBarAndThreeTimesTheElapsedTimeLeft() {
        let line = SimulationProgressBar.line(strategy: "optimal", day: 91, days: 364, elapsedSeconds: 40)
        #expect(line == "optimal [#####...............]  25% day 91 of 364, 0:40 elapsed, ETA 2:00")
    }

    @Test func beforeTheFirstDayAndAtTheEndThereIsNoEstimate() {
        #expect(
            SimulationProgressBar.line(strategy: "none", day: 0, days: 7, elapsedSeconds: 0.4)
                == "none [....................]   0% day 0 of 7, 0:00 elapsed")
        #expect(
            SimulationProgressBar.line(strategy: "none", day: 7, days: 7, elapsedSeconds: 5.6)
                == "none [####################] 100% day 7 of 7, 0:06 elapsed")
    }

    @Test func aDayPastTheEndIsShownAsTheEnd() {
        let line = SimulationProgressBar.line(strategy: "tou-rules", day: 9, days: 7, elapsedSeconds: 3)
        #expect(line.hasPrefix("tou-rules [####################] 100% day 7 of 7"), "\(line)")
    }

    @Test(arguments: [(59.6, "1:00"), (754, "12:34"), (3_723, "1:02:03"), (-1, "0:00")])
    func clockReadsMinutesAndHours(seconds: Double, expected: String) {
        #expect(SimulationProgressBar.clock(seconds) == expected)
    }

    @Test func progressIsAFlagOfSimulate() throws {
        let parsed = try Village.parseAsRoot(
            ["dispatch", "simulate", "--season", "summer", "--strategy", "optimal", "--progress"])
        let command = try #require(parsed as? DispatchSimulateCommand)
        #expect(command.progress)
        let quiet = try #require(
            try Village.parseAsRoot(["dispatch", "simulate", "--season", "summer", "--strategy", "optimal"])
                as? DispatchSimulateCommand)
        #expect(!quiet.progress)
    }
}
