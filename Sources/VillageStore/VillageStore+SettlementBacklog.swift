import GRDB

extension MeteringChannel {
    /// Whether settlement reads this channel of this owner: a household's electricity, or the
    /// battery's charge and discharge.
    func mattersToSettlement(for owner: IntervalOwner) -> Bool {
        switch owner {
        case .household: self == .energyImport || self == .energyExport || self == .pvGeneration
        case .plant: self == .essCharge || self == .essDischarge
        }
    }
}

/// What settlement has not looked at yet: the interval starts whose settlement data were written
/// since, up to the row `throughId`.
public struct SettlementBacklog: Sendable, Hashable {
    /// The earliest interval start written since settlement last looked.
    public var earliestStart: Int64
    /// The last backlog row read; `clearSettlementBacklog(through:from:to:)` removes up to it.
    public var throughId: Int64
}

extension VillageStore {
    /// Notes interval starts whose settlement data changed, inside the transaction that wrote them.
    func markForSettlement(_ starts: Set<Int64>, _ db: Database) throws {
        guard !starts.isEmpty else { return }
        let statement = try db.cachedStatement(sql: "INSERT INTO settlement_backlog (start) VALUES (?)")
        for start in starts.sorted() { try statement.execute(arguments: [start]) }
    }

    /// The interval starts written since settlement last cleared them, or nil when there are none.
    public func settlementBacklog() async throws(StoreError) -> SettlementBacklog? {
        try await read("settlement backlog") { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT MIN(start) AS earliest_start, MAX(id) AS through_id FROM settlement_backlog"),
                let start: Int64 = row["earliest_start"], let id: Int64 = row["through_id"]
            else { return nil }
            return SettlementBacklog(earliestStart: start, throughId: id)
        }
    }

    /// Removes the backlog rows up to `throughId` for intervals starting in [from, to) (those
    /// settlement has now looked at); rows written since, or for other intervals, stay.
    public func clearSettlementBacklog(through throughId: Int64, from: Int64, to: Int64) async throws(StoreError) {
        try await write("clear settlement backlog") { db in
            try db.execute(
                sql: "DELETE FROM settlement_backlog WHERE id <= ? AND start >= ? AND start < ?",
                arguments: [throughId, from, to])
        }
    }
}
