import Prometheus
import VillageUplink

/// The backend's Prometheus registry: what it ingested in this process, counted as batches are
/// applied, and the villages' upload lag, read from the database at each scrape.
package final class BackendMetrics: Sendable {
    package let registry = PrometheusCollectorRegistry()
    let batches: Counter
    let duplicates: Counter
    let intervals: Counter
    let ledgerTransactions: Counter
    let refusals: Counter
    let requests: Counter
    let villages: Gauge
    let maximumLag: Gauge

    package init() {
        batches = registry.makeCounter(name: "village_backend_batches_total", help: "Uplink batches applied.")
        duplicates = registry.makeCounter(
            name: "village_backend_duplicate_batches_total", help: "Resent batches answered as duplicates.")
        intervals = registry.makeCounter(
            name: "village_backend_intervals_total", help: "Interval rows received in applied batches.")
        ledgerTransactions = registry.makeCounter(
            name: "village_backend_ledger_transactions_total", help: "Ledger transactions appended.")
        refusals = registry.makeCounter(
            name: "village_backend_refused_batches_total", help: "Batches refused (4xx), nothing applied.")
        requests = registry.makeCounter(name: "village_backend_http_requests_total", help: "HTTP requests answered.")
        villages = registry.makeGauge(name: "village_backend_villages", help: "Villages registered.")
        maximumLag = registry.makeGauge(
            name: "village_backend_max_upload_lag_seconds",
            help: "The longest time since a village's last applied batch, over villages that uploaded.")
    }

    func count(_ batch: UplinkBatch, intervals: Int, acknowledgement: UplinkAcknowledgement) {
        if acknowledgement.duplicate {
            duplicates.increment()
            return
        }
        batches.increment()
        self.intervals.increment(by: Int64(intervals))
        ledgerTransactions.increment(by: Int64(batch.ledger.count))
    }
}
