import Foundation
import Testing
import VillageStore

/// `GET /metrics` reads the latest plan's solve time from the database at each scrape.
@Suite struct PlanSolveMetricTests {
    @Test func theGaugeFollowsTheLatestPlanRecordedInTheDatabase() async throws {
        let server = try await ServerFixture.start()
        let manager = try await server.login("manager")

        try await server.store.recordPlanSolve(plannedAt: ServerFixture.day, strategy: "optimal", solveSeconds: 0.042)
        let first = try await server.request("GET", "/metrics", token: manager)
        #expect(first.status == 200)
        #expect(Self.value(of: "village_plan_solve_seconds", in: first.text) == 0.042, "\(first.text)")

        try await server.store.recordPlanSolve(
            plannedAt: ServerFixture.day + 900, strategy: "optimal", solveSeconds: 0.0125)
        let second = try await server.request("GET", "/metrics", token: manager)
        #expect(Self.value(of: "village_plan_solve_seconds", in: second.text) == 0.0125, "\(second.text)")
    }

    /// The value of an unlabelled sample in Prometheus text.
    static func value(of name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
