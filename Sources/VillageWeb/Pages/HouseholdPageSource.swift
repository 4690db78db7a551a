import Market
import MarketStore
import ServiceSupport
import Tariffs
import VillageCore
import VillageStore

/// Builds a ``HouseholdPage`` from the same queries `village balance`, `village trades --household`
/// and `village bill` make, so the page and the commands show the same figures.
package struct HouseholdPageSource: Sendable {
    package var store: VillageStore
    package var ledger: SQLiteLedgerStore
    /// The households' import tariff for the bill; nil leaves the bill out.
    package var tariff: Tariff?
    package var calendar: SiteCalendar

    package init(
        store: VillageStore, ledger: SQLiteLedgerStore, tariff: Tariff?, calendar: SiteCalendar = SiteCalendar()
    ) {
        self.store = store
        self.ledger = ledger
        self.tariff = tariff
        self.calendar = calendar
    }

    /// The page of `household` for `month` (`YYYY-MM`), the newest settled month when nil. Throws
    /// the ledger's `StoreError` for an unknown household or a malformed month.
    package func page(household: String, month requested: String?) async throws -> HouseholdPage {
        // The ledger's reads are synchronous: on the blocking pool, never on a cooperative thread,
        // where a synchronous read can wait for a reader that an asynchronous read holds while it
        // waits for that very thread.
        var page = try await BlockingWork.run { try self.ledgerPage(household: household, month: requested) }
        try await addFlows(to: &page)
        return page
    }

    /// The page's ledger part: months, balance, trades and bill.
    private func ledgerPage(household: String, month requested: String?) throws -> HouseholdPage {
        let all = try ledger.householdBalances(household: household)
        if let requested { _ = try ledger.householdBalances(household: household, month: requested) }
        let month = requested ?? all.last?.month
        var page = HouseholdPage(
            household: household, month: month,
            months: all.map { .init(month: $0.month, selected: $0.month == month) },
            day: nil, flows: [], flowChart: nil, balance: [], selfSufficiency: nil, savings: nil, tradesDay: nil,
            trades: [], bill: nil)
        if let month, let balance = all.first(where: { $0.month == month }) {
            page.balance = Self.figures(balance.summary)
            page.selfSufficiency = balance.summary.selfSufficiency.map(WebFormatting.percent)
            page.savings = WebFormatting.won(balance.summary.savingsMilliWon)
        }
        try addTrades(to: &page)
        if let month, let tariff {
            page.bill = try? Self.bill(
                try ledger.householdBill(household: household, month: month, tariff: tariff, calendar: calendar))
        }
        return page
    }

    /// The balance row of `village balance`, column by column.
    static func figures(_ s: ParticipantSummary) -> [HouseholdPage.Figure] {
        [
            ("produced", WebFormatting.kWh(s.producedWh)), ("used", WebFormatting.kWh(s.consumedWh)),
            ("ownPV", WebFormatting.kWh(s.selfConsumedWh)),
            ("fromNeighbours", WebFormatting.kWh(s.boughtFromNeighboursWh)),
            ("fromGrid", WebFormatting.kWh(s.gridImportWh)), ("toNeighbours", WebFormatting.kWh(s.soldToNeighboursWh)),
            ("toGrid", WebFormatting.kWh(s.gridExportWh)), ("paid", WebFormatting.won(s.moneyOutMilliWon)),
            ("received", WebFormatting.won(s.moneyInMilliWon)), ("balance", WebFormatting.won(s.balanceMilliWon)),
            ("gridOnlyBill", WebFormatting.won(s.gridOnlyCostMilliWon)),
            ("saved", WebFormatting.won(s.savingsMilliWon)),
        ].map { HouseholdPage.Figure(key: $0.0, label: Label($0.0), text: $0.1) }
    }

    /// The village's newest metered day: the household's PV, import and export per quarter hour.
    private func addFlows(to page: inout HouseholdPage) async throws {
        guard let last = try await store.lastIntervalStart() else { return }
        let date = calendar.date(of: last)
        let start = calendar.start(of: date)
        let end = calendar.start(of: LocalDate(dayNumber: date.dayNumber + 1))
        let owner = IntervalOwner.household(page.household)
        func series(_ channel: MeteringChannel) async throws -> [Int64: Int64] {
            var values: [Int64: Int64] = [:]
            for interval in try await store.intervals(owner: owner, channel: channel, from: start, to: end) {
                values[interval.start] = interval.value
            }
            return values
        }
        let pv = try await series(.pvGeneration)
        let imported = try await series(.energyImport)
        let exported = try await series(.energyExport)
        guard !(pv.isEmpty && imported.isEmpty && exported.isEmpty) else { return }
        page.day = date.description
        let totals = (pv.values.reduce(0, +), imported.values.reduce(0, +), exported.values.reduce(0, +))
        page.flows = [
            .init(key: "pv", label: "pv", text: WebFormatting.kWh(totals.0)),
            .init(key: "imported", label: "imported", text: WebFormatting.kWh(totals.1)),
            .init(key: "exported", label: "exported", text: WebFormatting.kWh(totals.2)),
            .init(key: "used", label: "used", text: WebFormatting.kWh(max(0, totals.0 + totals.1 - totals.2))),
        ]
        let slots = (0..<Int((end - start) / TimeGrid.quarterHourSeconds)).map {
            start + Int64($0) * TimeGrid.quarterHourSeconds
        }
        page.flowChart = EnergyFlowChart(
            slotStarts: slots,
            series: [
                .init(name: "pv", color: "#e69500", values: slots.map { pv[$0] }),
                .init(name: "imported", color: "#c0392b", values: slots.map { imported[$0] }),
                .init(name: "exported", color: "#1e8449", values: slots.map { exported[$0] }),
            ], calendar: calendar)
    }

    /// The household's trades on the ledger's newest day, as `village trades --household` lists them.
    private func addTrades(to page: inout HouseholdPage) throws {
        guard let newest = try ledger.lastTransaction() else { return }
        let date = calendar.date(of: newest.intervalStart)
        let from = calendar.start(of: date)
        let to = calendar.start(of: LocalDate(dayNumber: date.dayNumber + 1))
        let participant = Participant.household(page.household)
        page.tradesDay = date.description
        page.trades = try ledger.trades(participant: participant, from: from, to: to).map { trade in
            let buying = trade.buyer == participant
            let other = buying ? trade.seller : trade.buyer
            let price = buying ? trade.buyerPriceMilliWonPerKWh : trade.sellerPriceMilliWonPerKWh
            return HouseholdPage.Trade(
                time: WebFormatting.localTime(trade.intervalStart, calendar: calendar),
                direction: Label(buying ? "boughtFrom" : "soldTo"),
                counterparty: Label(other == .storage ? "sharedBattery" : "aNeighbour"),
                kWh: WebFormatting.tradeKWh(trade.energyWh), price: WebFormatting.pricePerKWh(price),
                amount: WebFormatting.won(Int64((Int128(trade.energyWh) * Int128(price)) / 1000)),
                kind: trade.kind.rawValue)
        }
    }

    static func bill(_ bill: HouseholdBill) -> HouseholdPage.BillSummary {
        HouseholdPage.BillSummary(
            tariff: bill.tariffBill.tariff, meteredImportKWh: WebFormatting.kWh(bill.meteredImportWh),
            lines: bill.tariffBill.lines.map { line in
                HouseholdPage.BillLine(
                    label: line.label, kWh: line.energyWh.map(WebFormatting.kWh) ?? "",
                    rate: line.rateMilliPerKWh.map(WebFormatting.pricePerKWh) ?? "",
                    amount: WebFormatting.won(line.amountMilli), detail: line.kind == .energyDetail)
            },
            tariffTotal: WebFormatting.won(bill.tariffBill.totalMilli),
            marketNet: WebFormatting.won(bill.market.netCostMilliWon),
            gridOnly: WebFormatting.won(bill.market.gridOnlyCostMilliWon),
            saved: WebFormatting.won(bill.market.savingsMilliWon))
    }
}
