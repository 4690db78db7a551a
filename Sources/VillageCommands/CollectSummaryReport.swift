import Metering

/// The JSON form of `village collect --once`.
struct CollectSummaryReport: Encodable {
    var timestamp: Int64
    var polled: Int
    var succeeded: Int
    var failed: Int
    var readings: Int
    var intervals: Int
    var events: Int
    var errors: [String: String]

    init(_ summary: PollSummary) {
        timestamp = summary.timestamp
        polled = summary.polled
        succeeded = summary.succeeded
        failed = summary.failed
        readings = summary.readings
        intervals = summary.intervals
        events = summary.events
        errors = summary.errors
    }
}
