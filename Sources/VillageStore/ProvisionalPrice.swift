/// An interval settled with an export price that is not the official one yet, and how that
/// price was chosen.
package struct ProvisionalPrice: Sendable, Hashable, Codable {
    /// How a provisional export price was chosen (see the market documentation for the order).
    package enum Rule: String, Sendable, Hashable, Codable {
        /// The last price published for the same hour of the day, on an earlier day.
        case sameHourLastPublished = "same-hour-last-published"
        /// No price published yet for that hour of day: the export tariff's last price.
        case tariffLastPrice = "tariff-last-price"
    }

    package var intervalStart: Int64
    package var region: SMPRegion
    package var exportPriceMilliWonPerKWh: Int64
    package var rule: Rule
    /// The published hour whose price was used (rule ``Rule/sameHourLastPublished``).
    package var basisHourStart: Int64?
    /// The official price, once imported; nil while the interval is provisional.
    package var officialPriceMilliWonPerKWh: Int64?
    /// The ledger correction that trued the interval up (nil when none was needed: the official
    /// price equalled the provisional one).
    package var truedUpSequence: Int64?

    package init(
        intervalStart: Int64, region: SMPRegion, exportPriceMilliWonPerKWh: Int64, rule: Rule,
        basisHourStart: Int64? = nil, officialPriceMilliWonPerKWh: Int64? = nil, truedUpSequence: Int64? = nil
    ) {
        self.intervalStart = intervalStart
        self.region = region
        self.exportPriceMilliWonPerKWh = exportPriceMilliWonPerKWh
        self.rule = rule
        self.basisHourStart = basisHourStart
        self.officialPriceMilliWonPerKWh = officialPriceMilliWonPerKWh
        self.truedUpSequence = truedUpSequence
    }

    /// Whether the interval still waits for its official price.
    package var isOpen: Bool { officialPriceMilliWonPerKWh == nil }
}
