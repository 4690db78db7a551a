/// Hands each interval to several sinks (a summary and a file, say) in order.
public final class TruthFanOut: GroundTruthSink {
    public let sinks: [any GroundTruthSink]

    public init(_ sinks: [any GroundTruthSink]) {
        self.sinks = sinks
    }

    public func record(_ interval: IntervalTruth) throws {
        for sink in sinks {
            try sink.record(interval)
        }
    }

    public func flush() throws {
        for sink in sinks {
            try sink.flush()
        }
    }
}
