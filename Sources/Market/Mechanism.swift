/// How an interval's order book is turned into trades and prices; chosen per site.
public enum Mechanism: Hashable, Sendable, CustomStringConvertible {
    /// Uniform-price double auction: every trade at p = k·b_m + (1−k)·s_m, k in per mille.
    case uniformPrice(kPerMille: Int)
    /// Discriminatory: each buyer pays its own limit and each seller receives its own limit;
    /// the operator keeps the spread (weakly budget balanced, symmetric by construction).
    case payAsBid
    /// Supply-demand ratio pricing (no bids needed beyond participation).
    case supplyDemandRatio
    /// Mid-market rate between grid import and export prices.
    case midMarketRate

    /// The default: uniform price, k = 0.5.
    public static let `default` = Mechanism.uniformPrice(kPerMille: 500)

    /// The names used in site files and on the command line.
    public static let names = ["uniform-price", "pay-as-bid", "sdr", "mmr"]

    /// Parses a site-file or command-line name; `k` only applies to the uniform-price auction.
    public init(name: String, k: Double = 0.5) throws(MarketError) {
        switch name {
        case "uniform-price":
            guard k.isFinite, k >= 0, k <= 1 else {
                throw MarketError(.invalidParameter, field: "mechanism.k", message: "k must be within 0...1, got \(k)")
            }
            let perMille = k * 1000
            guard perMille.rounded() == perMille else {
                throw MarketError(
                    .invalidParameter, field: "mechanism.k",
                    message: "k must have at most three decimals, got \(k)")
            }
            self = .uniformPrice(kPerMille: Int(perMille))
        case "pay-as-bid": self = .payAsBid
        case "sdr": self = .supplyDemandRatio
        case "mmr": self = .midMarketRate
        default:
            throw MarketError(
                .unknownMechanism, field: "mechanism",
                message: "unknown mechanism \"\(name)\"; expected one of \(Self.names.joined(separator: ", "))")
        }
    }

    public var name: String {
        switch self {
        case .uniformPrice: "uniform-price"
        case .payAsBid: "pay-as-bid"
        case .supplyDemandRatio: "sdr"
        case .midMarketRate: "mmr"
        }
    }

    public var description: String {
        if case .uniformPrice(let k) = self { return "uniform-price(k=\(Double(k) / 1000))" }
        return name
    }

    func validate() throws(MarketError) {
        if case .uniformPrice(let k) = self, !(0...1000).contains(k) {
            throw MarketError(
                .invalidParameter, field: "mechanism.k", message: "k per mille must be within 0...1000, got \(k)")
        }
    }
}
