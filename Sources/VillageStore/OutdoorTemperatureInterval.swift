/// The outdoor temperature one device measured over one settlement interval.
public struct OutdoorTemperatureInterval: Sendable, Hashable, Codable {
    public var deviceId: String
    /// Interval start, UTC Unix seconds.
    public var start: Int64
    public var meanCelsius: Double
    public var minCelsius: Double
    public var maxCelsius: Double
    /// Readings the mean is made of.
    public var samples: Int

    public init(
        deviceId: String, start: Int64, meanCelsius: Double, minCelsius: Double, maxCelsius: Double, samples: Int
    ) {
        self.deviceId = deviceId
        self.start = start
        self.meanCelsius = meanCelsius
        self.minCelsius = minCelsius
        self.maxCelsius = maxCelsius
        self.samples = samples
    }
}
