import ArgumentParser
import Market
import MarketStore
import Tariffs
import VillageClient
import VillageStore

/// `village trades [--db PATH] [--household ID] [--interval TIME | --day DATE | --from T --to T]`:
/// energy delivered between neighbours. A household sees its own trades with the other side anonymised.
struct TradesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trades",
        abstract: "Delivered peer-to-peer trades of one interval, a day or a period, from the ledger.")

    @OptionGroup var options: ServerOrDatabaseOptions

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
        do { return try periodRequest.range(calendar: calendar) } catch {
            throw ValidationError(
                error.field == "from" && error.message.hasPrefix("must be before")
                    ? "--from must be before --to (--to is exclusive)" : "--\(error.field): \(error.message)")
        }
    }

    /// The options as the server's trades route takes them.
    var periodRequest: TradePeriodRequest { TradePeriodRequest(interval: interval, day: day, from: from, to: to) }

    func run() async throws {
        let calendar = SiteCalendar()
        let requested = try requestedRange(calendar: calendar)
        let range: Range<Int64>
        let lines: [HouseholdTradeLine]
        switch try options.source() {
        case .database(let path):
            let ledger = try SQLiteLedgerStore(readOnlyPath: path)
            if let household, try !ledger.householdExists(household) {
                throw StoreError(
                    code: .unknownHousehold, path: path, subject: "household \(household)",
                    message: "no such household in this village database")
            }
            if let requested {
                range = requested
            } else {
                guard let newest = try ledger.lastTransaction() else {
                    return try Self.printEmptyLedger(json: options.json)
                }
                range = Self.day(of: newest.intervalStart, calendar: calendar)
            }
            let participant = household.map(Participant.household)
            let trades = try ledger.trades(participant: participant, from: range.lowerBound, to: range.upperBound)
            lines = HouseholdTradeLine.lines(trades, seenBy: participant, calendar: calendar)
        case .server(let client):
            guard let household else {
                throw ValidationError(
                    "--household: the server lists one household's trades; name it (e.g. --household 101)")
            }
            let report = try await client.get(
                HouseholdTradesReport.self, "households/\(VillageServerClient.pathSegment(household))/trades",
                query: ["interval": interval, "day": day, "from": from, "to": to])
            if let requested {
                range = requested
            } else {
                guard let listed = report.day, let date = LocalDate(iso: listed) else {
                    return try Self.printEmptyLedger(json: options.json)
                }
                range = calendar.start(of: date)..<calendar.start(of: LocalDate(dayNumber: date.dayNumber + 1))
            }
            lines = report.trades
        }
        if options.json { return try MarketFormatting.printJSON(lines) }
        Self.printText(lines, household: household, range: range)
    }

    /// The local day of an instant, as [start, end) in UTC seconds.
    static func day(of instant: Int64, calendar: SiteCalendar) -> Range<Int64> {
        let date = calendar.date(of: instant)
        return calendar.start(of: date)..<calendar.start(of: LocalDate(dayNumber: date.dayNumber + 1))
    }

    static func printEmptyLedger(json: Bool) throws {
        if json { return try MarketFormatting.printJSON([HouseholdTradeLine]()) }
        print("The ledger is empty.")
    }

    /// The table a person reads; from the lines alone, so a local read and the server's answer
    /// print the same.
    static func printText(_ lines: [HouseholdTradeLine], household: String?, range: Range<Int64>) {
        let period = Self.period(range)
        guard !lines.isEmpty else {
            print("No trades\(household.map { " of household \($0)" } ?? "") in \(period).")
            return
        }
        print("Trades\(household.map { " of household \($0)" } ?? "") in \(period) (Asia/Seoul)\n")
        if let household {
            let rows = lines.map { line -> [String] in
                let buying = line.buyer == household
                let price = buying ? line.buyerPriceMilliWonPerKWh : line.sellerPriceMilliWonPerKWh
                return [
                    line.localTime, buying ? "bought from" : "sold to", buying ? line.seller : line.buyer,
                    MarketFormatting.tradeKWh(line.energyWh), MarketFormatting.pricePerKWh(price),
                    MarketFormatting.won(Self.amount(line.energyWh, price)), line.kind,
                ]
            }
            print(MarketFormatting.table(["Interval", "", "With", "kWh", "₩/kWh", "Amount", "Entry"], rows))
        } else {
            let rows = lines.map { line -> [String] in
                [
                    line.localTime, line.seller, line.buyer, MarketFormatting.tradeKWh(line.energyWh),
                    MarketFormatting.pricePerKWh(line.buyerPriceMilliWonPerKWh),
                    MarketFormatting.pricePerKWh(line.sellerPriceMilliWonPerKWh), line.kind,
                ]
            }
            print(
                MarketFormatting.table(
                    ["Interval", "Seller", "Buyer", "kWh", "Buyer ₩/kWh", "Seller ₩/kWh", "Entry"], rows))
        }
        let total = lines.reduce(Int64(0)) { $0 + $1.energyWh }
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
