import VillageStore

/// The export price (λs) an interval settles at, and whether it is provisional.
package struct ExportPriceQuote: Sendable, Hashable {
    package var priceMilliWonPerKWh: Int64
    /// Set when no official price was known: how the price was chosen.
    package var provisional: ProvisionalPrice?
}
