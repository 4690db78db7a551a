/// The grid's prices for one interval: the outside option every market price is measured against.
///
/// The export (feed-in) price is one number for the village; the import price is each
/// household's marginal price, which for a tiered tariff depends on month-to-date usage and is
/// therefore passed in by the tariff engine per household. Households without an entry pay
/// ``importMilliWonPerKWh``; the storage pays its own plant tariff when one is given.
public struct GridPrices: Hashable, Sendable, Codable {
    /// λs: what the grid pays for exported energy.
    public var exportMilliWonPerKWh: Int64
    /// λb: the village's reference import price, used by SDR and MMR and as the default.
    public var importMilliWonPerKWh: Int64
    /// Marginal import price per household id, where it differs from the reference.
    public var householdImportMilliWonPerKWh: [String: Int64]
    /// What the shared storage pays the grid per kWh (the plant's own tariff, which is not a
    /// household's); nil: the reference price.
    public var storageImportMilliWonPerKWh: Int64?

    public init(
        exportMilliWonPerKWh: Int64,
        importMilliWonPerKWh: Int64,
        householdImportMilliWonPerKWh: [String: Int64] = [:],
        storageImportMilliWonPerKWh: Int64? = nil
    ) {
        self.exportMilliWonPerKWh = exportMilliWonPerKWh
        self.importMilliWonPerKWh = importMilliWonPerKWh
        self.householdImportMilliWonPerKWh = householdImportMilliWonPerKWh
        self.storageImportMilliWonPerKWh = storageImportMilliWonPerKWh
    }

    /// The price this participant would pay the grid for one more kWh.
    public func importPrice(for participant: Participant) -> Int64 {
        switch participant {
        case .household(let id): householdImportMilliWonPerKWh[id] ?? importMilliWonPerKWh
        case .storage: storageImportMilliWonPerKWh ?? importMilliWonPerKWh
        }
    }

    /// Rejects price sets under which individual rationality is impossible (λs above some λb)
    /// or arithmetic could overflow.
    public func validate(limits: OrderLimits = .default) throws(MarketError) {
        try Self.checkPrice(exportMilliWonPerKWh, field: "prices.exportMilliWonPerKWh", limits: limits)
        try Self.checkPrice(importMilliWonPerKWh, field: "prices.importMilliWonPerKWh", limits: limits)
        for (id, price) in householdImportMilliWonPerKWh.sorted(by: { idPrecedes($0.key, $1.key) }) {
            try Self.checkPrice(price, field: "prices.householdImportMilliWonPerKWh.\(id)", limits: limits)
        }
        if let storage = storageImportMilliWonPerKWh {
            try Self.checkPrice(storage, field: "prices.storageImportMilliWonPerKWh", limits: limits)
        }
        // The storage is left out: at night its plant tariff can be below the export price, and it
        // then simply does not buy from neighbours (its bid stays under every ask).
        let lowestImport = householdImportMilliWonPerKWh.values.reduce(importMilliWonPerKWh, min)
        guard exportMilliWonPerKWh <= lowestImport else {
            throw MarketError(
                .invalidPrices, field: "prices.exportMilliWonPerKWh",
                message: "export price \(exportMilliWonPerKWh) exceeds an import price \(lowestImport)")
        }
    }

    static func checkPrice(_ value: Int64, field: String, limits: OrderLimits) throws(MarketError) {
        guard value >= 0, value <= limits.maxPriceMilliWonPerKWh else {
            throw MarketError(
                .invalidPrices, field: field,
                message: "\(value) is outside 0...\(limits.maxPriceMilliWonPerKWh)")
        }
    }
}
