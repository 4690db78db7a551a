import Foundation
import Hummingbird
import Market
import MarketStore
import Prometheus
import ServiceSupport
import VillageStore

/// `GET /metrics`: Prometheus text. Request latency is counted as requests are answered; the
/// platform's figures are read from the database at each scrape, so they are right whichever
/// process (this one or a separate `village run`) collects, settles and plans.
extension VillageAPI {
    func metricsText(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let health = try await store.health()
        let failedReads = health.reduce(Int64(0)) { $0 + $1.errorCounts.values.reduce(0, +) }
        metrics.failedReads.set(failedReads)
        metrics.devicesOffline.set(Int64(health.count { $0.state == .offline }))
        if let lastPoll = try await store.lastPollTimestamp() { metrics.lastPoll.set(lastPoll) }
        let lastInterval = try await store.lastIntervalStart()
        let ledger = ledger
        let lastSettled = try await BlockingWork.run { try ledger.lastTransaction()?.intervalStart }
        if let lastInterval {
            // Seconds of metered data the ledger has not settled yet (0 when settlement is current).
            metrics.settlementLag.set(max(0, lastInterval - (lastSettled ?? lastInterval - 900)))
        }
        if let lastPlan = try await store.lastPlanTimestamp() { metrics.lastPlan.set(lastPlan) }
        if let solve = try await store.lastPlanSolveSeconds() { metrics.planSolveSeconds.set(solve) }
        for error in try await store.latestForecastErrors(days: 1) where error.comparedSteps > 0 {
            metrics.forecastMeanAbsoluteError(error.quantity.rawValue).set(error.meanAbsoluteErrorWh)
        }
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
}
