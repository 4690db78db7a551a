import MarketStore

/// `GET /households/{id}/trades` answers MarketStore's ``HouseholdTradesReport``, whose `trades`
/// `village trades --json` prints, from a database or from this answer alike. The other side of
/// each trade is "a neighbour" or "shared battery", never a unit number.
extension HouseholdTradesReport {
    static var schema: JSONSchema {
        let line = JSONSchema.record([
            "intervalStart": .integer, "localTime": .string(), "sequence": .integer,
            "kind": .string(values: ["settlement", "correction"]), "buyer": .string(), "seller": .string(),
            "energyWh": .integer, "buyerPriceMilliWonPerKWh": .integer, "sellerPriceMilliWonPerKWh": .integer,
        ])
        return .record(
            ["household": .string(), "day": .nullable(.string()), "trades": .array(of: line)], optional: ["day"])
    }
}
