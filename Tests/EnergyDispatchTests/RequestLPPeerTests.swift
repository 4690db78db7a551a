import EnergyDispatch
import Foundation
import TestKit
import Testing

/// Our LP's optimum on a battery-only request against an LP written independently from the
/// request's JSON (the EMHASS benchmark's, solved by SciPy's HiGHS) and priced by the benchmark's
/// pricing function: a term our objective has and the bill lacks, or the reverse, shows here.
struct RequestLPPeerTests {
    static let cases: [(SyntheticVillage.Season, UInt64, GridChargingPolicy)] = [
        (.summer, 1, .allowed), (.winter, 2, .allowed), (.summer, 3, .never), (.winter, 4, .never),
        (.summer, 5, .cheaperThan(milliWonPerKWh: 100_000)),
    ]

    @Test("Our one-shot optimum costs what the independent LP's optimum costs", arguments: cases)
    func oneShotMatchesPeer(season: SyntheticVillage.Season, seed: UInt64, policy: GridChargingPolicy) throws {
        var request = BacktestTests.village(season, seed: seed).heatPumpsFollowingDemand()
        request.plant.gridCharging = policy
        request.plant.battery.wearCostMilliWonPerKWh = 5_000
        let ours = CostEvaluator.cost(of: try OptimalStrategy().plan(request), on: request)
        let peer = try peerTotal(request)
        #expect(abs(ours.totalWon - peer) <= 1e-6 * max(1, abs(peer)), "ours ₩\(ours.totalWon), peer ₩\(peer)")
    }

    @Test("MPC over the whole run reaches the independent LP's optimum", arguments: [SyntheticVillage.Season.summer])
    func wholeRunMPCMatchesPeer(season: SyntheticVillage.Season) throws {
        let request = BacktestTests.village(season, seed: 1).heatPumpsFollowingDemand()
        let mpc = try Backtest(strategy: OptimalStrategy(), horizonSteps: request.stepCount).run(request)
        let peer = try peerTotal(request)
        #expect(abs(mpc.cost.totalWon - peer) <= 1e-6 * max(1, abs(peer)), "MPC ₩\(mpc.cost.totalWon), peer ₩\(peer)")
    }

    private func peerTotal(_ request: PlanRequest) throws -> Double {
        let url = try TestFiles.temporaryDirectory().appendingPathComponent("request.json")
        try JSONEncoder().encode(request).write(to: url)
        let (status, output) = try PeerProcess.run("python3", [TestFiles.peer("request_lp_peer.py"), url.path])
        try #require(status == 0, "request LP peer failed: \(output)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return try #require(result["totalWon"] as? Double)
    }
}
