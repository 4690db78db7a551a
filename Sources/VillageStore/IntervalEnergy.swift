/// The energy (or volume) of one owner and channel over one settlement interval.
///
/// Intervals are the unit that bills, trades and dispatch work on; they are kept forever. The key
/// is (owner, channel, start): writing the same interval again updates it in place.
public struct IntervalEnergy: Sendable, Hashable, Codable {
    public var owner: IntervalOwner
    public var channel: MeteringChannel
    /// Interval start, UTC Unix seconds; a multiple of the interval length
    /// (`StoreConfiguration.intervalSeconds`) in site time.
    public var start: Int64
    /// Energy or volume in the channel's base unit (Wh, litres).
    ///
    /// For `estimated` intervals this includes a linear share across the gap. For `missing`
    /// intervals it is what readings account for (a linear share of a known counter delta over a
    /// long gap, or only the observed part when a counter reset hides some energy), so that sums
    /// over long spans still equal the meter's delta; never use it as a measurement.
    public var value: Int64
    public var quality: IntervalQuality

    public init(owner: IntervalOwner, channel: MeteringChannel, start: Int64, value: Int64, quality: IntervalQuality) {
        self.owner = owner
        self.channel = channel
        self.start = start
        self.value = value
        self.quality = quality
    }
}

/// Whom an interval's energy belongs to.
public enum IntervalOwner: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A household, by unit number.
    case household(String)
    /// Plant equipment (battery, heat pump, tank), by device id.
    case plant(String)

    public var id: String {
        switch self {
        case .household(let id), .plant(let id): id
        }
    }

    /// `household` or `plant`, as stored.
    public var kind: String {
        switch self {
        case .household: "household"
        case .plant: "plant"
        }
    }

    init?(kind: String, id: String) {
        switch kind {
        case "household": self = .household(id)
        case "plant": self = .plant(id)
        default: return nil
        }
    }

    public var description: String { "\(kind):\(id)" }
}

/// How much an interval's value can be trusted.
///
/// Ordered from worst to best so that combining the qualities of an interval's parts is `min`.
public enum IntervalQuality: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The value is not known; `gapSeconds` is the longest span without usable readings.
    case missing(gapSeconds: Int64)
    /// Interpolated across a gap of `gapSeconds` between readings, shorter than the configured maximum.
    case estimated(gapSeconds: Int64)
    /// Both interval boundaries were bracketed by real readings close together.
    case measured

    /// 0 missing, 1 estimated, 2 measured: the stored form, and the order of trust.
    public var rank: Int {
        switch self {
        case .missing: 0
        case .estimated: 1
        case .measured: 2
        }
    }

    /// The gap length for estimated and missing intervals, nil when measured.
    public var gapSeconds: Int64? {
        switch self {
        case .missing(let gap), .estimated(let gap): gap
        case .measured: nil
        }
    }

    public var name: String {
        switch self {
        case .missing: "missing"
        case .estimated: "estimated"
        case .measured: "measured"
        }
    }

    public var description: String {
        if let gapSeconds { return "\(name) (gap \(gapSeconds) s)" }
        return name
    }

    /// The worse of two qualities; between two of the same rank, the longer gap.
    public func combined(with other: Self) -> Self {
        if rank != other.rank { return rank < other.rank ? self : other }
        switch (self, other) {
        case (.missing(let a), .missing(let b)): return .missing(gapSeconds: max(a, b))
        case (.estimated(let a), .estimated(let b)): return .estimated(gapSeconds: max(a, b))
        default: return self
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
        // Within a rank, a longer gap is worse.
        return (lhs.gapSeconds ?? 0) > (rhs.gapSeconds ?? 0)
    }

    init?(rank: Int, gapSeconds: Int64?) {
        switch rank {
        case 0: self = .missing(gapSeconds: gapSeconds ?? 0)
        case 1: self = .estimated(gapSeconds: gapSeconds ?? 0)
        case 2: self = .measured
        default: return nil
        }
    }
}
