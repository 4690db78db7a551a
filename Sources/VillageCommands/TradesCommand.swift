import ArgumentParser
import Market
import MarketStore
import Tariffs
import VillageStore

/// `village trades --db PATH [--household ID] [--interval TIME | --day DATE | --from T --to T]`:
/// energy delivered between neighbours. A household sees its own trades with the other side anonymised.
struct TradesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trades",
        abstract: "Delivered peer-to-peer trades of one interval, a day or a period, from the ledger.")

    @OptionGroup var options: LedgerDatabaseOptions

    @Option(help: "Only this household's trades; the other side is shown as \"a neighbour\".")
    var household: String?

    @Option(help: "One interval by its start, local time (e.g. 2026-01-15T12:00) or Unix seconds.")
    var interval: String?

    @Option(help: "One local day, YYYY-MM-DD; default (without --from/--to): the day of the newest trade.")
    var day: String?

    @Option(
        help:
            "Intervals starting at or after this local date or time (e.g. 2026-01-01 or 2026-01-01T09:00); default: the first."
    )
    var from: String?

    @Option(
        help: "Intervals starting before this local date or time (exclusive), same forms as --from; default: the last.")
    var to: String?

    func validate() throws {
        let given = [("--interval", interval), ("--day", day), ("--from/--to", from ?? to)].filter { $0.1 != nil }.map(
            \.0)
        if given.count > 1 {
            throw ValidationError(
                "give one of --interval, --day or --from/--to, not \(given.joined(separator: " and "))")
        }
        _ = try requestedRange()
    }

    /// The interval, day or period asked for, nil when none was given.
    func requestedRange(calendar: SiteCalendar = SiteCalendar()) throws -> Range<Int64>? {
        if from != nil || to != nil {
            func instant(_ text: String?, _ name: String, default value: Int64) throws -> Int64 {
                guard let text else { return value }
                guard let parsed = InstantParser.parse(text, utcOffsetSeconds: calendar.utcOffsetSeconds) else {
                    throw ValidationError(
                        "\(name): cannot read '\(text)' as a local date or time (e.g. 2026-01-15 or 2026-01-15T12:00)")
                }
                return parsed
            }
            let start = try instant(from, "--from", default: .min)
            let end = try instant(to, "--to", default: .max)
            guard start < end else { throw ValidationError("--from must be before --to (--to is exclusive)") }
            return start..<end
        }
        if let interval {
            guard let start = InstantParser.parse(interval, utcOffsetSeconds: calendar.utcOffsetSeconds),
                start % MeteredSettlement.intervalSeconds == 0
            else {
                throw ValidationError(
                    "--interval: '\(interval)' is not the start of a 15-minute interval (e.g. 2026-01-15T12:00)")
            }
            return start..<(start + MeteredSettlement.intervalSeconds)
        }
        if let day {
            guard let date = LocalDate(iso: day), date.description == day else {
                throw ValidationError("--day: '\(day)' is not a date as YYYY-MM-DD")
            }
            return calendar.start(of: date)..<calendar.start(of: LocalDate(dayNumber: date.dayNumber + 1))
        }
        return nil
    }

    struct Line: Encodable {
        var intervalStart: Int64
        var localTime: String
        var sequence: Int64
        var kind: String
        var buyer: String
        var seller: String
        var energyWh: Int64
        var buyerPriceMilliWonPerKWh: Int64
        var sellerPriceMilliWonPerKWh: Int64
    }

    func run() throws {
        let calendar = SiteCalendar()
        let ledger = try SQLiteLedgerStore(readOnlyPath: options.databasePath)
        if let household, try !ledger.householdExists(household) {
            throw StoreError(
                code: .unknownHousehold, path: options.databasePath, subject: "household \(household)",
                message: "no such household in this village database")
        }
        let range: Range<Int64>
        if let requested = try requestedRange(calendar: calendar) {
            range = requested
        } else {
            guard let newest = try ledger.lastTransaction() else {
                if options.json { return try MarketFormatting.printJSON([Line]()) }
                print("The ledger is empty.")
                return
            }
            let date = calendar.date(of: newest.intervalStart)
            range = calendar.start(of: date)..<calendar.start(of: LocalDate(dayNumber: date.dayNumber + 1))
        }
        let participant = household.map(Participant.household)
        let trades = try ledger.trades(participant: participant, from: range.lowerBound, to: range.upperBound)
        func name(_ other: Participant) -> String {
            if other == .storage { return "shared battery" }
            if let participant, other != participant { return "a neighbour" }
            return other.householdID ?? "?"
        }
        let lines = trades.map { trade in
            Line(
                intervalStart: trade.intervalStart, localTime: MarketFormatting.localTime(trade.intervalStart),
                sequence: trade.sequence, kind: trade.kind.rawValue, buyer: name(trade.buyer),
                seller: name(trade.seller),
                energyWh: trade.energyWh, buyerPriceMilliWonPerKWh: trade.buyerPriceMilliWonPerKWh,
                sellerPriceMilliWonPerKWh: trade.sellerPriceMilliWonPerKWh)
        }
        if options.json { return try MarketFormatting.printJSON(lines) }
        let period = Self.period(range)
        guard !lines.isEmpty else {
            print("No trades\(household.map { " of household \($0)" } ?? "") in \(period).")
            return
        }
        print("Trades\(household.map { " of household \($0)" } ?? "") in \(period) (Asia/Seoul)\n")
        if let participant {
            let rows = zip(trades, lines).map { trade, line -> [String] in
                let buying = trade.buyer == participant
                let price = buying ? trade.buyerPriceMilliWonPerKWh : trade.sellerPriceMilliWonPerKWh
                return [
                    line.localTime, buying ? "bought from" : "sold to", buying ? line.seller : line.buyer,
                    MarketFormatting.tradeKWh(trade.energyWh), MarketFormatting.pricePerKWh(price),
                    MarketFormatting.won(Self.amount(trade.energyWh, price)), line.kind,
                ]
            }
            print(MarketFormatting.table(["Interval", "", "With", "kWh", "₩/kWh", "Amount", "Entry"], rows))
        } else {
            let rows = zip(trades, lines).map { trade, line -> [String] in
                [
                    line.localTime, line.seller, line.buyer, MarketFormatting.tradeKWh(trade.energyWh),
                    MarketFormatting.pricePerKWh(trade.buyerPriceMilliWonPerKWh),
                    MarketFormatting.pricePerKWh(trade.sellerPriceMilliWonPerKWh), line.kind,
                ]
            }
            print(
                MarketFormatting.table(
                    ["Interval", "Seller", "Buyer", "kWh", "Buyer ₩/kWh", "Seller ₩/kWh", "Entry"], rows))
        }
        let total = trades.reduce(Int64(0)) { $0 + $1.energyWh }
        print("\n\(lines.count) trades, \(MarketFormatting.tradeKWh(total)) kWh")
    }

    /// `2026-01-15 00:00 – 2026-01-16 00:00`, with open ends named as such.
    static func period(_ range: Range<Int64>) -> String {
        switch (range.lowerBound == .min, range.upperBound == .max) {
        case (true, true): "the whole ledger"
        case (true, false): "intervals before \(MarketFormatting.localTime(range.upperBound))"
        case (false, true): "intervals from \(MarketFormatting.localTime(range.lowerBound))"
        case (false, false):
            "\(MarketFormatting.localTime(range.lowerBound)) – \(MarketFormatting.localTime(range.upperBound))"
        }
    }

    /// Milli-won for Wh at milli-won per kWh, for display only (the ledger rounds per interval).
    static func amount(_ energyWh: Int64, _ priceMilliWonPerKWh: Int64) -> Int64 {
        Int64((Int128(energyWh) * Int128(priceMilliWonPerKWh)) / 1000)
    }
}
