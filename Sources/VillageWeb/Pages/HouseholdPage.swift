/// What a household's page shows, every figure already formatted as the `village` commands print
/// it. Built by ``HouseholdPageSource`` from the store and the ledger; rendered by ``PageRenderer``.
package struct HouseholdPage: Sendable {
    /// One figure of the month balance: a stable key (`data-figure` in the page), its label key and text.
    package struct Figure: Sendable, Hashable {
        package var key: String
        package var label: Label
        package var text: String
    }

    package struct MonthLink: Sendable, Hashable {
        package var month: String
        package var selected: Bool
    }

    /// One quarter hour of the day's flows, for the table under the chart.
    package struct Flow: Sendable, Hashable {
        package var key: String
        package var label: Label
        package var text: String
    }

    /// A trade with the other side anonymised.
    package struct Trade: Sendable, Hashable {
        package var time: String
        /// `boughtFrom` or `soldTo`.
        package var direction: Label
        /// `aNeighbour` or `sharedBattery`.
        package var counterparty: Label
        package var kWh: String
        package var price: String
        package var amount: String
        package var kind: String
    }

    package struct BillLine: Sendable, Hashable {
        package var label: String
        package var kWh: String
        package var rate: String
        package var amount: String
        package var detail: Bool
    }

    package struct BillSummary: Sendable, Hashable {
        package var tariff: String
        package var meteredImportKWh: String
        package var lines: [BillLine]
        package var tariffTotal: String
        package var marketNet: String
        package var gridOnly: String
        package var saved: String
    }

    package var household: String
    /// The month shown, `YYYY-MM`; nil when nothing is settled at all.
    package var month: String?
    package var months: [MonthLink]
    /// The local day of the energy flows, `YYYY-MM-DD`; nil without metered data.
    package var day: String?
    package var flows: [Flow]
    /// The day's flows drawn as inline SVG when rendered.
    package var flowChart: EnergyFlowChart?
    package var balance: [Figure]
    package var selfSufficiency: String?
    package var savings: String?
    /// The local day of the trades shown (the newest in the ledger).
    package var tradesDay: String?
    package var trades: [Trade]
    package var bill: BillSummary?
}
