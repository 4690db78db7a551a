import Foundation
import PostgresNIO
import VillageServer

/// The city-wide reads: villages with their upload state, and household balances from the ledger.
extension BackendDatabase {
    package func villageSummaries() async throws -> [VillageSummary] {
        let rows = try await client.query(
            """
            SELECT v.name, v.last_batch_number, extract(epoch FROM v.last_batch_at)::int8,
                   extract(epoch FROM now() - v.last_batch_at)::int8,
                   (SELECT max(i.start) FROM intervals i WHERE i.village_id = v.id), v.ledger_size,
                   c.tree_size, c.root_hash, c.signed_at
            FROM villages v
            LEFT JOIN LATERAL (
                SELECT tree_size, root_hash, signed_at FROM checkpoints
                WHERE village_id = v.id ORDER BY tree_size DESC LIMIT 1) c ON true
            ORDER BY v.name
            """, logger: logger)
        var villages: [VillageSummary] = []
        for try await row in rows.decode(
            (String, Int64?, Int64?, Int64?, Int64?, Int64, Int64?, String?, Int64?).self)
        {
            let checkpoint = row.6.map {
                VillageSummary.Checkpoint(treeSize: $0, rootHash: row.7 ?? "", signedAt: row.8 ?? 0)
            }
            villages.append(
                VillageSummary(
                    name: row.0, lastBatchNumber: row.1, lastBatchAt: row.2, lagSeconds: row.3,
                    newestIntervalStart: row.4, ledgerSize: row.5, lastVerifiedCheckpoint: checkpoint))
        }
        return villages
    }

    /// Monthly balances of a village's households (or of one), from its ledger postings; months in
    /// the village's time zone. `month` (`YYYY-MM`) narrows to one month.
    package func householdBalances(village: String, household: String?, month: String?) async throws
        -> [HouseholdMonthBalance]
    {
        let known = try await client.query("SELECT 1 FROM villages WHERE name = \(village)", logger: logger)
        var exists = false
        for try await _ in known { exists = true }
        guard exists else { throw APIError.notFound(field: "village", "no village named \(village)") }
        let rows = try await client.query(
            """
            SELECT p.account_id,
                   to_char(to_timestamp(p.interval_start) AT TIME ZONE v.time_zone, 'YYYY-MM') AS month,
                   coalesce(sum(p.amount) FILTER (WHERE p.commodity = 'moneyMilliWon'), 0)::int8,
                   coalesce(sum(p.amount) FILTER (WHERE p.commodity = 'energyWh' AND p.amount > 0), 0)::int8,
                   coalesce(-sum(p.amount) FILTER (WHERE p.commodity = 'energyWh' AND p.amount < 0), 0)::int8
            FROM ledger_postings p JOIN villages v ON v.id = p.village_id
            WHERE v.name = \(village) AND p.account_kind = 'household'
              AND (\(household)::text IS NULL OR p.account_id = \(household))
              AND (\(month)::text IS NULL
                   OR to_char(to_timestamp(p.interval_start) AT TIME ZONE v.time_zone, 'YYYY-MM') = \(month))
            GROUP BY 1, 2
            ORDER BY 1, 2
            """, logger: logger)
        var balances: [HouseholdMonthBalance] = []
        for try await (unit, month, money, received, delivered) in rows.decode(
            (String, String, Int64, Int64, Int64).self)
        {
            balances.append(
                HouseholdMonthBalance(
                    village: village, household: unit, month: month, balanceMilliWon: money, receivedWh: received,
                    deliveredWh: delivered))
        }
        return balances
    }

    /// The key the researchers' pseudonyms are made with.
    func pseudonymKey() async throws -> String {
        let rows = try await client.query("SELECT value FROM settings WHERE name = 'pseudonym_key'", logger: logger)
        for try await key in rows.decode(String.self) { return key }
        throw BackendError("database", "no pseudonym key: the migrations did not run")
    }
}
