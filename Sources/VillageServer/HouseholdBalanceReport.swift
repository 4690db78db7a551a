import MarketStore

/// `GET /households/{id}/balance` answers MarketStore's ``HouseholdBalanceReport``, the type
/// `village balance` prints from a database and decodes from this answer.
extension HouseholdBalanceReport {
    static var schema: JSONSchema {
        let wh = JSONSchema.integer
        let month = JSONSchema.record(
            [
                "month": .string(), "transactions": .integer, "producedWh": wh, "consumedWh": wh,
                "selfConsumedWh": wh, "boughtFromNeighboursWh": wh, "gridImportWh": wh, "soldToNeighboursWh": wh,
                "gridExportWh": wh, "moneyInMilliWon": wh, "moneyOutMilliWon": wh, "balanceMilliWon": wh,
                "gridOnlyCostMilliWon": wh, "savingsMilliWon": wh, "selfSufficiency": .number,
                "provisionalIntervals": .integer, "provisional": .boolean,
            ], optional: ["selfSufficiency"])
        return .record(
            [
                "household": .string(), "months": .array(of: month), "total": month,
                "provisionalNote": .string(),
            ], optional: ["provisionalNote"])
    }
}
