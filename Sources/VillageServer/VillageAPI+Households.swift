import Foundation
import Hummingbird
import Market
import MarketStore
import ServiceSupport
import Tariffs
import VillageStore

/// The household routes: one unit's balance, trades, bill and intervals.
extension VillageAPI {
    func balance(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let household = try RequestInput.household(context, api: self)
        let localMonth = try RequestInput.month(request)
        let month = localMonth?.description
        let (ledger, store) = (ledger, store)
        // One blocking job for both reads: the hops between threads cost more than the reads.
        let (balances, provisional) = try await BlockingWork.run {
            let balances = try ledger.householdBalances(household: household, month: month)
            let range = ProvisionalIntervals.range(of: localMonth)
            let prices = try store.provisionalPricesNow(from: range.lowerBound, to: range.upperBound)
            return (balances, ProvisionalIntervals(prices))
        }
        return try JSONResponse.make(
            HouseholdBalanceReport(household: household, month: month, balances: balances, provisional: provisional))
    }

    /// The provisional prices a report of `month` needs, the month's only.
    func provisionalIntervals(of month: LocalMonth?) async throws -> ProvisionalIntervals {
        let range = ProvisionalIntervals.range(of: month)
        return ProvisionalIntervals(try await store.provisionalPrices(from: range.lowerBound, to: range.upperBound))
    }

    func trades(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let household = try RequestInput.household(context, api: self)
        let calendar = SiteCalendar()
        let period = TradePeriodRequest(
            interval: RequestInput.query(request, "interval"), day: RequestInput.query(request, "day"),
            from: RequestInput.query(request, "from"), to: RequestInput.query(request, "to"))
        let requested: Range<Int64>?
        do { requested = try period.range(calendar: calendar) } catch {
            throw APIError.badRequest(field: error.field, error.message)
        }
        let ledger = ledger
        var range = requested
        var day = period.day
        if range == nil, let newest = try await BlockingWork.run({ try ledger.lastTransaction() }) {
            let date = calendar.date(of: newest.intervalStart)
            day = date.description
            range = calendar.start(of: date)..<calendar.start(of: LocalDate(dayNumber: date.dayNumber + 1))
        }
        guard let range else {
            return try JSONResponse.make(HouseholdTradesReport(household: household, day: nil, trades: []))
        }
        let participant = Participant.household(household)
        let records = try await BlockingWork.run {
            try ledger.trades(participant: participant, from: range.lowerBound, to: range.upperBound)
        }
        return try JSONResponse.make(
            HouseholdTradesReport(
                household: household, day: day,
                trades: HouseholdTradeLine.lines(records, seenBy: participant, calendar: calendar)))
    }

    func bill(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let household = try RequestInput.household(context, api: self)
        guard let month = try RequestInput.month(request) else { throw APIError.badRequest(field: "month", "missing") }
        do {
            let (ledger, tariff) = (ledger, tariff)
            var bill = try await BlockingWork.run {
                try ledger.householdBill(household: household, month: month.description, tariff: tariff)
            }
            bill.mark(try await provisionalIntervals(of: month))
            return try JSONResponse.make(bill)
        } catch let error as StoreError where error.code == .invalidArgument {
            throw APIError.notFound(field: "month", "nothing metered or settled for household \(household) in \(month)")
        }
    }

    struct IntervalLine: Encodable {
        var start: Int64
        var channel: String
        var value: Int64
        var quality: String

        static var schema: JSONSchema {
            .record(["start": .integer, "channel": .string(), "value": .integer, "quality": .string()])
        }
    }

    struct IntervalsReport: Encodable {
        var household: String
        var from: Int64
        var to: Int64
        var intervals: [IntervalLine]

        static var schema: JSONSchema {
            .record([
                "household": .string(), "from": .integer, "to": .integer, "intervals": .array(of: IntervalLine.schema),
            ])
        }
    }

    /// The channels a household's page shows.
    static let householdChannels: [MeteringChannel] = [
        .energyImport, .energyExport, .pvGeneration, .heating, .cooling, .water, .hotWater,
    ]

    /// At most this many days in one request.
    static let maximumIntervalDays: Int64 = 31

    func intervals(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let household = try RequestInput.household(context, api: self)
        let calendar = SiteCalendar()
        guard let from = try RequestInput.date(request, "from") else {
            throw APIError.badRequest(field: "from", "missing")
        }
        let to = try RequestInput.date(request, "to") ?? LocalDate(dayNumber: from.dayNumber + 1)
        guard to.dayNumber > from.dayNumber else { throw APIError.badRequest(field: "to", "must be after from") }
        guard to.dayNumber - from.dayNumber <= Self.maximumIntervalDays else {
            throw APIError.badRequest(field: "to", "at most \(Self.maximumIntervalDays) days per request")
        }
        let start = calendar.start(of: from)
        let end = calendar.start(of: to)
        var lines: [IntervalLine] = []
        for channel in Self.householdChannels {
            let energies = try await store.intervals(
                owner: .household(household), channel: channel, from: start, to: end)
            lines += energies.map {
                IntervalLine(start: $0.start, channel: channel.rawValue, value: $0.value, quality: $0.quality.name)
            }
        }
        lines.sort { ($0.start, $0.channel) < ($1.start, $1.channel) }
        return try JSONResponse.make(IntervalsReport(household: household, from: start, to: end, intervals: lines))
    }
}
