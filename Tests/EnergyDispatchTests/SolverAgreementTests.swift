import EnergyDispatch
import Foundation
import TestKit
import Testing

/// The LP's optimum checked against an independent solver (scipy's HiGHS) and between the two
/// solver libraries, on the same exported model.
struct SolverAgreementTests {
    static let seeds: [UInt64] = Array(1...12)

    @Test("Clp's objective equals scipy linprog (HiGHS) within 1e-6 relative", arguments: seeds)
    func clpMatchesHiGHS(seed: UInt64) throws {
        let request = RandomScenario.request(seed: seed)
        try request.validate()
        let model = DispatchModel(request: request)
        let solution = ClpSolver().solve(model.program)
        try #require(solution.status == .optimal)
        let peer = try highsObjective(model.program)
        #expect(
            abs(solution.objectiveValue - peer) <= 1e-6 * max(1, abs(peer)),
            "Clp \(solution.objectiveValue) vs HiGHS \(peer)")
    }

    @Test("GLPK and Clp reach the same optimum", arguments: seeds)
    func glpkMatchesClp(seed: UInt64) throws {
        let request = RandomScenario.request(seed: seed)
        let model = DispatchModel(request: request)
        let clp = ClpSolver().solve(model.program)
        let glpk = GLPKSolver().solve(model.program)
        try #require(clp.status == .optimal)
        try #require(glpk.status == .optimal)
        #expect(abs(clp.objectiveValue - glpk.objectiveValue) <= 1e-6 * max(1, abs(clp.objectiveValue)))
    }

    @Test("Both solvers and HiGHS agree that an over-constrained model is infeasible")
    func infeasibleEverywhere() throws {
        var request = RandomScenario.request(seed: 99, steps: 24)
        request.loadWh[5] = request.plant.gridImportLimitKW * 1000 * 2
        let model = DispatchModel(request: request)
        #expect(ClpSolver().solve(model.program).status == .infeasible)
        #expect(GLPKSolver().solve(model.program).status == .infeasible)
        let data = try model.program.jsonData()
        let url = try TestFiles.temporaryDirectory().appendingPathComponent("model.json")
        try data.write(to: url)
        let (status, output) = try PeerProcess.run("python3", [TestFiles.peer("linprog_peer.py"), url.path])
        try #require(status == 0, "\(output)")
        let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect(result?["status"] as? Int == 2)
    }

    private func highsObjective(_ program: LinearProgram) throws -> Double {
        let url = try TestFiles.temporaryDirectory().appendingPathComponent("model.json")
        try program.jsonData().write(to: url)
        let (status, output) = try PeerProcess.run("python3", [TestFiles.peer("linprog_peer.py"), url.path])
        try #require(status == 0, "linprog peer failed: \(output)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        try #require(result["status"] as? Int == 0, "HiGHS status \(String(describing: result["status"]))")
        return try #require(result["objective"] as? Double)
    }
}
