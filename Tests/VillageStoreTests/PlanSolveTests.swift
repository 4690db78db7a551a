import Testing
import VillageStore

/// The solve time the dispatch controller records with each plan, read back for `/metrics`.
@Suite struct PlanSolveTests {
    @Test func theLatestPlansSolveTimeIsTheOneReadBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        #expect(try await store.lastPlanSolveSeconds() == nil)

        try await store.recordPlanSolve(plannedAt: seoulMidnight + 900, strategy: "optimal", solveSeconds: 0.031)
        try await store.recordPlanSolve(plannedAt: seoulMidnight, strategy: "optimal", solveSeconds: 0.5)
        #expect(try await store.lastPlanSolveSeconds() == 0.031)

        // A plan made again at the same time replaces the earlier figure.
        try await store.recordPlanSolve(plannedAt: seoulMidnight + 900, strategy: "tou-rules", solveSeconds: 0.002)
        #expect(try await store.lastPlanSolveSeconds() == 0.002)
    }

    @Test(arguments: [-0.1, Double.nan, Double.infinity])
    func aSolveTimeThatIsNoDurationIsRefusedAndNothingIsStored(seconds: Double) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let error = await #expect(throws: StoreError.self) {
            try await store.recordPlanSolve(plannedAt: seoulMidnight, strategy: "optimal", solveSeconds: seconds)
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.description.contains("solve time") == true, "\(String(describing: error))")
        #expect(try await store.lastPlanSolveSeconds() == nil)
    }

    @Test func aPlanWithoutAStrategyIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        await #expect(throws: StoreError.self) {
            try await store.recordPlanSolve(plannedAt: seoulMidnight, strategy: "", solveSeconds: 0.01)
        }
        #expect(try await store.lastPlanSolveSeconds() == nil)
    }
}
