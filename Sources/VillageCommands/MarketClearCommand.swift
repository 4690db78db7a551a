import ArgumentParser
import Market

/// `village market clear --orders FILE.json --mechanism NAME [--k K] [--json]`: clears one order
/// book from a file, for audits ("did the market price this interval right?") and what-if
/// questions ("what if 103 had asked less?"), with the same library the settlement uses.
/// Reads only; nothing is posted.
struct MarketClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Clear an order book given as JSON and print the trades and prices (nothing is posted).")

    @Option(help: "The order book: prices, households and orders (format in docs/market.md).")
    var orders: String

    @Option(help: "Clearing mechanism.")
    var mechanism = Mechanism.default

    @Option(help: "k of the uniform-price auction, 0…1.")
    var k = 0.5

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        do { _ = try mechanism.with(k: k) } catch { throw ValidationError("--mechanism/--k: \(error.message)") }
    }

    /// The JSON form: the library's result as it is (matches and fills), plus the per-participant
    /// grid residuals the text shows. Energy in Wh, prices in milli-won per kWh, money in milli-won.
    struct Output: Encodable {
        var file: String
        var mechanism: Mechanism
        var clearingPriceMilliWonPerKWh: Int64?
        var tradedWh: Int64
        var matches: [Match]
        var fills: [OrderFill]
        var residuals: [ClearingResiduals.Residual]

        private enum CodingKeys: String, CodingKey {
            case file, mechanism, clearingPriceMilliWonPerKWh, tradedWh, matches, fills, residuals
        }

        /// Written out so that a book without a clearing price says `null` rather than leaving the key out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(mechanism, forKey: .mechanism)
            try container.encode(clearingPriceMilliWonPerKWh, forKey: .clearingPriceMilliWonPerKWh)
            try container.encode(tradedWh, forKey: .tradedWh)
            try container.encode(matches, forKey: .matches)
            try container.encode(fills, forKey: .fills)
            try container.encode(residuals, forKey: .residuals)
        }
    }

    func run() throws {
        let mechanism = try mechanism.with(k: k)
        let file = try OrderBookFile.load(path: orders)
        let result: ClearingResult
        do {
            result = try MarketClearing.clear(file.book, mechanism: mechanism, prices: file.prices)
        } catch {
            throw OrderBookFileError(error, file: orders, orders: file.rawOrders)
        }
        let residuals = ClearingResiduals.byParticipant(result.fills)
        if json {
            return try MarketFormatting.printJSON(
                Output(
                    file: orders, mechanism: mechanism, clearingPriceMilliWonPerKWh: result.clearingPriceMilliWonPerKWh,
                    tradedWh: result.tradedWh, matches: result.matches, fills: result.fills, residuals: residuals))
        }
        print("\(orders): \(file.book.orders.count) orders, \(mechanism)\n")
        if result.matches.isEmpty {
            print("No trades between participants: every order goes to the grid.")
        } else {
            let rows = result.matches.map { match -> [String] in
                [
                    Self.name(match.buyer), Self.name(match.seller), MarketFormatting.tradeKWh(match.energyWh),
                    MarketFormatting.pricePerKWh(match.buyerPriceMilliWonPerKWh),
                    MarketFormatting.pricePerKWh(match.sellerPriceMilliWonPerKWh),
                    MarketFormatting.won(TradesCommand.amount(match.energyWh, match.buyerPriceMilliWonPerKWh)),
                    match.preferred ? "preferred" : "open",
                ]
            }
            print(
                MarketFormatting.table(
                    ["Buyer", "Seller", "kWh", "Buyer ₩/kWh", "Seller ₩/kWh", "Buyer pays", "Match"], rows))
            let total = result.tradedWh
            let paid = result.matches.reduce(Int64(0)) {
                $0 + TradesCommand.amount($1.energyWh, $1.buyerPriceMilliWonPerKWh)
            }
            print(
                "\n\(result.matches.count) trades, \(MarketFormatting.tradeKWh(total)) kWh, \(MarketFormatting.won(paid)) paid by buyers"
            )
        }
        if let price = result.clearingPriceMilliWonPerKWh {
            print("Clearing price: \(MarketFormatting.pricePerKWh(price)) ₩/kWh")
        } else if case .payAsBid = mechanism, !result.matches.isEmpty {
            print("Clearing prices: each side at its own limit (pay-as-bid)")
        }
        print("\nWith the grid (residual of each participant)\n")
        let rows = residuals.map { residual -> [String] in
            [
                Self.name(residual.participant), residual.side.rawValue, MarketFormatting.tradeKWh(residual.matchedWh),
                MarketFormatting.tradeKWh(residual.gridWh),
                MarketFormatting.pricePerKWh(residual.gridPriceMilliWonPerKWh),
                MarketFormatting.won(residual.gridAmountMilliWon),
            ]
        }
        print(
            MarketFormatting.table(
                ["Participant", "Side", "Traded kWh", "Grid kWh", "Grid ₩/kWh", "Grid amount"], rows))
    }

    static func name(_ participant: Participant) -> String {
        participant.householdID ?? "shared battery"
    }
}
