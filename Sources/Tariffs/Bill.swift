/// A monthly bill laid out like the utility's: base charge, energy charge (with one detail line
/// per tier or period), adders, subtotal, each tax, total, and any export credit.
///
/// Amounts are thousandths of the currency ("milli"); every line except the detail lines is
/// already rounded to the tariff's rule, so `amountMilli / 1000` is what the utility prints.
public struct Bill: Sendable, Equatable, Codable {
    public var tariff: String
    public var currency: String
    public var month: LocalMonth
    public var importWh: Int64
    public var exportWh: Int64
    /// Energy the energy charge and adders apply to (import, net of exports under net metering).
    public var billedWh: Int64
    /// The highest tier reached, which sets a tiered tariff's base charge.
    public var highestTier: String?
    public var lines: [BillLine]
    public var subtotalMilli: Int64
    public var totalMilli: Int64
    /// What exports earned outside net metering; not part of `totalMilli`.
    public var exportCreditMilli: Int64

    /// The first line of `kind` whose name is `name` (or any name when nil).
    public func line(_ kind: BillLine.Kind, _ name: String? = nil) -> BillLine? {
        lines.first { $0.kind == kind && (name == nil || $0.name == name) }
    }
}

/// One line of a bill.
public struct BillLine: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case base, energy
        case energyDetail = "energy-detail"
        case adder, subtotal, tax, total
        case exportCredit = "export-credit"
    }

    public var kind: Kind
    /// Machine name: the tier or period for detail lines, the adder or tax name, else the kind.
    public var name: String
    /// What a person reads on the bill.
    public var label: String
    public var energyWh: Int64?
    public var rateMilliPerKWh: Int64?
    /// Tax rate, parts per million.
    public var ratePPM: Int64?
    /// The amount before rounding, truncated to the milli.
    public var exactMilli: Int64
    /// The amount after the tariff's rounding (detail lines: unrounded, equal to `exactMilli`).
    public var amountMilli: Int64
}
