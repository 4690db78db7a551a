/// Hands each interval to several sinks (a summary and a file, say) in order.
package final class TruthFanOut: GroundTruthSink {
    package let sinks: [any GroundTruthSink]

    package init(_ sinks: [any GroundTruthSink]) {
        self.sinks = sinks
    }

    package func record(_ interval: IntervalTruth) throws {
        for sink in sinks {
            try sink.record(interval)
        }
    }

    package func flush() throws {
        for sink in sinks {
            try sink.flush()
        }
    }
}
