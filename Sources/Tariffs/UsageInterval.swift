/// Energy a household imported from and exported to the grid in one metering interval.
public struct UsageInterval: Sendable, Equatable {
    /// UTC Unix seconds at the start of the interval; the interval is priced at this instant.
    public var start: Int64
    public var importWh: Int64
    public var exportWh: Int64

    public init(start: Int64, importWh: Int64, exportWh: Int64 = 0) {
        self.start = start
        self.importWh = importWh
        self.exportWh = exportWh
    }
}
