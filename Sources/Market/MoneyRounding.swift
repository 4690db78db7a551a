/// The one rounding rule of the market: how energy × price becomes whole milli-won.
///
/// Exact amounts are kept in 1/1000 milli-won (Wh × milli-won/kWh) and rounded once per
/// participant, purpose and interval:
/// - grid import and export: half up (the grid's own bill has its own tariff rounding);
/// - peer trades: in the household's favour, buyers pay ⌊x⌋ and sellers receive ⌈x⌉. The
///   operator, as clearing house, takes the other side of every peer payment, so it absorbs
///   the remainder (under one milli-won per participant and interval) and money postings
///   still sum to exactly zero. Rounding in the household's favour keeps individual
///   rationality exact: nobody pays a fraction of a milli-won more than its grid price would
///   charge, or receives less than the export price would pay.
enum MoneyRounding {
    /// Wh × milli-won/kWh, in 1/1000 milli-won.
    @inline(__always)
    static func exact(energyWh: Int64, priceMilliWonPerKWh: Int64) -> Int128 {
        Int128(energyWh) * Int128(priceMilliWonPerKWh)
    }

    static func halfUp(_ exact: Int128) -> Int64 {
        exact >= 0 ? Int64((exact + 500) / 1000) : -Int64((-exact + 500) / 1000)
    }

    static func floor(_ exact: Int128) -> Int64 {
        exact >= 0 ? Int64(exact / 1000) : -Int64((-exact + 999) / 1000)
    }

    static func ceiling(_ exact: Int128) -> Int64 {
        exact >= 0 ? Int64((exact + 999) / 1000) : -Int64(-exact / 1000)
    }

    /// What the grid charges for an import (also the grid-only baseline).
    static func gridImportCost(energyWh: Int64, priceMilliWonPerKWh: Int64) -> Int64 {
        halfUp(exact(energyWh: energyWh, priceMilliWonPerKWh: priceMilliWonPerKWh))
    }
}
