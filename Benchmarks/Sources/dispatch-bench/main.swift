// Times the dispatch optimiser with both solver libraries: one plan of 96 steps (24 h), 672 steps
// (one week) and 2,880 steps (30 days), and the MPC backtest (a re-plan over a 24 h horizon every
// 15 minutes) over `--mpc-days` days (365: the full year of 35,040 re-plans), else extrapolated.
// Run in release from Benchmarks/: `swift run -c release dispatch-bench [--tariffs-dir ../Tariffs] [--mpc-days 365]
// [--glpk-mpc-days 30] [--solvers clp,glpk] [--methods] [--json]`.
import EnergyDispatch
import Foundation
import Tariffs

/// Median wall time of `runs` calls of `body`, in milliseconds.
func medianMilliseconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var samples: [Double] = []
    for _ in 0..<runs {
        let elapsed = try clock.measure(body)
        samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
    samples.sort()
    return samples[samples.count / 2]
}

func argument(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

let directory = argument("--tariffs-dir") ?? "Tariffs"
let mpcDays = Int(argument("--mpc-days") ?? "30") ?? 30
let glpkMPCDays = Int(argument("--glpk-mpc-days") ?? "30") ?? 30
let solvers = (argument("--solvers") ?? "clp,glpk").split(separator: ",").compactMap {
    SolverKind(rawValue: String($0))
}
let json = CommandLine.arguments.contains("--json")
var results: [String: Double] = [:]

do {
    let library = TariffLibrary(directory: directory)
    let tariff = try library.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1")
    let smp = try library.tariff(named: "smp-export")
    func village(days: Int) throws -> PlanRequest {
        var request = SyntheticVillage.request(season: .summer, days: days, seed: 2024)
        _ = try request.price(with: tariff, exportTariff: smp)
        return request
    }
    if CommandLine.arguments.contains("--methods") {
        for steps in [96, 672, 2_880] {
            let full = try village(days: steps / 96)
            let buildMedian = medianMilliseconds(runs: 11) { _ = DispatchModel(request: full) }
            let model = DispatchModel(request: full)
            print(
                "build model \(steps) steps: \(String(format: "%.2f", buildMedian)) ms (\(model.program.columnCount) columns, \(model.program.rowCount) rows)"
            )
            for method in ClpSolver.Method.allCases {
                let solver = ClpSolver(method: method)
                let median = medianMilliseconds(runs: steps > 1000 ? 3 : 11) { _ = solver.solve(model.program) }
                print(
                    "  clp \(method.rawValue): \(String(format: "%.2f", median)) ms, objective \(solver.solve(model.program).objectiveValue)"
                )
            }
            for method in GLPKSolver.Method.allCases {
                let solver = GLPKSolver(method: method)
                let median = medianMilliseconds(runs: steps > 1000 ? 3 : 11) { _ = solver.solve(model.program) }
                print(
                    "  glpk \(method.rawValue): \(String(format: "%.2f", median)) ms, objective \(solver.solve(model.program).objectiveValue)"
                )
            }
        }
    }
    for (steps, runs) in [(96, 41), (672, 11), (2_880, 5)] {
        let full = try village(days: steps / 96)
        for solver in solvers {
            let strategy = OptimalStrategy(solver: solver.makeSolver())
            let median = try medianMilliseconds(runs: runs) { _ = try strategy.plan(full) }
            results["plan.\(steps).\(solver.rawValue).ms"] = median
            if !json {
                print(
                    "plan \(steps) steps, \(solver.rawValue): median \(String(format: "%.2f", median)) ms over \(runs) runs"
                )
            }
        }
    }
    for solver in solvers {
        // GLPK cannot warm-start here, so its MPC run is capped (`--glpk-mpc-days`) and extrapolated.
        let days = solver == .glpk ? min(mpcDays, glpkMPCDays) : mpcDays
        let full = try village(days: days + 1)
        let request = full.window(from: 0, count: days * 96, state: full.initialState)
        let clock = ContinuousClock()
        var result: Backtest.Result?
        let method = ClpSolver.Method(rawValue: argument("--mpc-clp-method") ?? "automatic") ?? .automatic
        let lpSolver: any LinearProgramSolver = solver == .clp ? ClpSolver(method: method) : solver.makeSolver()
        let elapsed = try clock.measure {
            result = try Backtest(strategy: OptimalStrategy(solver: lpSolver)).run(request)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let year = seconds / Double(request.stepCount) * 35_040
        results["mpc.\(days)d.\(solver.rawValue).s"] = seconds
        results["mpc.year.extrapolated.\(solver.rawValue).s"] = year
        if !json {
            print(
                "MPC \(request.stepCount) re-plans (\(days) days, 96-step horizon), \(solver.rawValue): \(String(format: "%.1f", seconds)) s, "
                    + "\(String(format: "%.2f", seconds * 1000 / Double(request.stepCount))) ms per re-plan, "
                    + "failed \(result?.failedPlans ?? -1); one year (35,040) ≈ \(String(format: "%.0f", year)) s")
        }
    }
    if json {
        let data = try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys, .prettyPrinted])
        print(String(decoding: data, as: UTF8.self))
    }
} catch {
    FileHandle.standardError.write(Data("dispatch-bench: \(error)\n".utf8))
    exit(1)
}
