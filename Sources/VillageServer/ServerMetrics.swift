import Hummingbird
import Prometheus

/// The server's Prometheus registry: request latency, counted here, and the platform's gauges
/// (polls, failed reads, settlement lag, plan solve time, forecast errors), read from the database at each scrape.
package final class ServerMetrics: Sendable {
    package let registry = PrometheusCollectorRegistry()
    let requestDuration: DurationHistogram
    let requests: Counter
    let failedReads: Gauge
    let devicesOffline: Gauge
    let lastPoll: Gauge
    let settlementLag: Gauge
    let lastPlan: Gauge
    let planSolveSeconds: Gauge
    /// Counted by the collector when the server runs inside `village run`.
    let polls: Counter

    package init() {
        requestDuration = registry.makeDurationHistogram(
            name: "village_http_request_duration_seconds",
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
            ],
            help: "Time from a request's arrival to its answer's head.")
        requests = registry.makeCounter(name: "village_http_requests_total", help: "HTTP requests answered.")
        failedReads = registry.makeGauge(
            name: "village_device_failed_reads", help: "Failed device reads recorded by the collector, all devices.")
        devicesOffline = registry.makeGauge(
            name: "village_devices_offline", help: "Devices the collector sees offline.")
        lastPoll = registry.makeGauge(
            name: "village_last_poll_timestamp_seconds", help: "UTC Unix time of the collector's last poll.")
        settlementLag = registry.makeGauge(
            name: "village_settlement_lag_seconds",
            help: "Metered time not yet settled: last interval stored minus last interval settled.")
        lastPlan = registry.makeGauge(
            name: "village_last_plan_timestamp_seconds", help: "UTC Unix time of the dispatch controller's last plan.")
        planSolveSeconds = registry.makeGauge(
            name: "village_plan_solve_seconds",
            help: "Wall time of the solve behind the dispatch controller's last plan.")
        polls = registry.makeCounter(
            name: "village_collector_device_polls_total", help: "Device polls of the collector in this process.")
    }
}

extension ServerMetrics {
    /// One poll cycle of the daemon's collector that polled `devices` devices.
    package func countPoll(_ devices: Int) { polls.increment(by: Int64(devices)) }

    /// The gauge of one quantity's forecast error (`village_forecast_mae_wh{quantity="pv"}`), made
    /// at the first scrape that has a figure for it, so that a quantity without one is absent
    /// rather than shown as a perfect 0.
    func forecastMeanAbsoluteError(_ quantity: String) -> Gauge {
        registry.makeGauge(
            name: "village_forecast_mae_wh", labels: [("quantity", quantity)],
            help:
                "Mean absolute error of the forecasts the dispatch controller planned with, Wh per 15-minute step, on the last day with errors stored."
        )
    }
}

/// Times every request into ``ServerMetrics``.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = VillageRequestContext
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        defer {
            metrics.requestDuration.record(ContinuousClock.now - started)
            metrics.requests.increment()
        }
        return try await next(request, context)
    }
}
