import VillageCore
import VillageStore

/// How to turn one cumulative counter channel of one device into interval energies.
///
/// Every field but the identity and the rated rate has a default; `validate()` is called once by
/// the accumulator so that a bad profile fails at start, naming the field.
package struct CounterConfiguration: Sendable, Hashable, Codable {
    /// The device whose counter this is.
    package var deviceId: String
    /// The device channel the readings come from, e.g. `energy.import`.
    package var channel: MeteringChannel
    /// Whom the interval energies are booked to.
    package var owner: IntervalOwner
    /// The interval channel to write; usually the same as `channel`.
    package var intervalChannel: MeteringChannel
    /// Width of the counter register in bits (it wraps to 0 after 2^bits − 1).
    package var registerBits: Int
    /// Base units (Wh, litres) per register count, as a fraction: 1/1 for a Wh counter, 10/1 for a
    /// counter in 0.01 kWh, 1/10 for one in 0.1 Wh.
    package var unitsPerCount: CounterScale
    /// The most the device can deliver per hour in base units: its rated power in W (= Wh per hour)
    /// or its rated flow in litres per hour. A delta beyond this (plus the margin) is implausible.
    package var ratedUnitsPerHour: Int64
    /// Headroom above the rated rate before a delta is called implausible, in percent.
    package var plausibilityMarginPercent: Int64
    /// A boundary is `measured` when the readings around it are at most this far apart (or one
    /// reading falls exactly on it). Set it a little above the poll interval.
    package var measuredGapSeconds: Int64
    /// For levels (`LevelSampler`): a boundary inside a longer gap, up to this length, is
    /// `estimated`; beyond it, `missing`. Counters estimate across a gap of any length, since their
    /// difference across it is exact.
    package var maxEstimatedGapSeconds: Int64
    /// Settlement interval length.
    package var intervalSeconds: Int64
    /// Offset of the site's time zone from UTC; intervals align to local multiples of the length.
    package var utcOffsetSeconds: Int64

    package init(
        deviceId: String, channel: MeteringChannel, owner: IntervalOwner, intervalChannel: MeteringChannel? = nil,
        registerBits: Int = 32, unitsPerCount: CounterScale = .one, ratedUnitsPerHour: Int64,
        plausibilityMarginPercent: Int64 = 10, measuredGapSeconds: Int64 = 120, maxEstimatedGapSeconds: Int64 = 3600,
        intervalSeconds: Int64 = TimeGrid.quarterHourSeconds, utcOffsetSeconds: Int64 = 9 * 3600
    ) {
        self.deviceId = deviceId
        self.channel = channel
        self.owner = owner
        self.intervalChannel = intervalChannel ?? channel
        self.registerBits = registerBits
        self.unitsPerCount = unitsPerCount
        self.ratedUnitsPerHour = ratedUnitsPerHour
        self.plausibilityMarginPercent = plausibilityMarginPercent
        self.measuredGapSeconds = measuredGapSeconds
        self.maxEstimatedGapSeconds = maxEstimatedGapSeconds
        self.intervalSeconds = intervalSeconds
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Checks every field once, so that the accumulator can rely on them.
    package func validate() throws(MeteringError) {
        func fail(_ field: String, _ message: String) -> MeteringError {
            MeteringError(
                code: .invalidConfiguration, deviceId: deviceId, channel: channel, field: field, message: message)
        }
        if deviceId.isEmpty { throw fail("deviceId", "is empty") }
        if !channel.isWellFormed { throw fail("channel", "\"\(channel)\" is not a well-formed channel name") }
        if !intervalChannel.isWellFormed {
            throw fail("intervalChannel", "\"\(intervalChannel)\" is not a well-formed channel name")
        }
        if !(1...64).contains(registerBits) { throw fail("registerBits", "must be 1...64, is \(registerBits)") }
        if unitsPerCount.numerator <= 0 || unitsPerCount.denominator <= 0 {
            throw fail("unitsPerCount", "numerator and denominator must be positive")
        }
        if ratedUnitsPerHour <= 0 { throw fail("ratedUnitsPerHour", "must be positive, is \(ratedUnitsPerHour)") }
        if plausibilityMarginPercent < 0 { throw fail("plausibilityMarginPercent", "must not be negative") }
        if intervalSeconds <= 0 || TimeGrid.daySeconds % intervalSeconds != 0 {
            throw fail("intervalSeconds", "must divide a day, is \(intervalSeconds)")
        }
        if measuredGapSeconds < 0 { throw fail("measuredGapSeconds", "must not be negative") }
        if maxEstimatedGapSeconds < measuredGapSeconds {
            throw fail("maxEstimatedGapSeconds", "must be at least measuredGapSeconds (\(measuredGapSeconds))")
        }
    }

    /// The largest register value.
    var registerMask: UInt64 { registerBits == 64 ? UInt64.max : (UInt64(1) << UInt64(registerBits)) - 1 }

    /// Start of the interval that contains `timestamp`.
    func intervalStart(containing timestamp: Int64) -> Int64 {
        let local = timestamp + utcOffsetSeconds
        return floorDivide(local, intervalSeconds) * intervalSeconds - utcOffsetSeconds
    }
}

/// A positive fraction: base units per register count.
package struct CounterScale: Sendable, Hashable, Codable {
    package var numerator: Int64
    package var denominator: Int64

    package init(numerator: Int64, denominator: Int64 = 1) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// One base unit per count.
    package static let one = CounterScale(numerator: 1)
}

extension CounterConfiguration {
    /// A register count in the channel's base unit (rounded down): how a collector stores a counter
    /// reading in the raw-readings table (the register as read, not unwrapped).
    package func baseUnits(ofCount count: UInt64) -> Int64 {
        let value = Int128(count) * Int128(unitsPerCount.numerator) / Int128(unitsPerCount.denominator)
        return value > Int128(Int64.max) ? Int64.max : Int64(value)
    }

    /// The register count of a stored base-unit value; exact when a count is a whole number of units.
    package func count(ofBaseUnits units: Int64) -> UInt64 {
        guard units > 0 else { return 0 }
        let value = Int128(units) * Int128(unitsPerCount.denominator) / Int128(unitsPerCount.numerator)
        return value > Int128(UInt64.max) ? UInt64.max : UInt64(value)
    }
}
