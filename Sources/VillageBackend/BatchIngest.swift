import Crypto
import Foundation
import Market
import PostgresNIO
import VillageServer
import VillageStore
import VillageUplink

/// Applies uplink batches with an exactly-once effect, each in one PostgreSQL transaction.
///
/// The village's row is locked first, which orders the batches of one village; the batch number
/// and the digest of the batch's JSON then tell a resend (the same number and bytes: answered `duplicate`,
/// nothing changed) from a re-installed edge that numbers from 1 again (the same number, other
/// content: 409 ``BatchNumberConflict``, so that its data is not dropped). Intervals keep the highest
/// revision, events are inserted once, and the ledger is accepted only if it continues the stored
/// chain, every hash recomputes, and every checkpoint is signed by the village's key over the
/// Merkle root of the stored ledger at its size.
struct BatchIngest: Sendable {
    let database: BackendDatabase
    let partitions: IntervalPartitions
    let metrics: BackendMetrics

    /// Applies `batch`, whose JSON (after any gzip) was `body`: its digest tells a resend of the
    /// same bytes, which the edge always makes, from other content under a reused number.
    func apply(_ batch: UplinkBatch, body: [UInt8], villageID: Int32) async throws -> UplinkAcknowledgement {
        try BatchValidation.check(batch)
        let intervals = Self.latestRevisions(batch.intervals)
        try await partitions.ensure(starts: intervals.map(\.interval.start))
        let digest = Self.digest(body)
        let revision = batch.intervals.map(\.revision).max() ?? 0
        let logger = database.logger
        let acknowledgement = try await database.transaction { connection in
            let village = try await Self.lockVillage(villageID, connection, logger)
            let seen = try await connection.query(
                """
                SELECT encode(digest, 'hex') FROM batches
                WHERE village_id = \(villageID) AND batch_number = \(batch.batchNumber)
                """,
                logger: logger)
            for try await stored in seen.decode(String?.self) {
                // A batch applied before digests were kept counts as the same.
                guard stored == nil || stored == digest else {
                    throw BatchNumberConflict(
                        batchNumber: batch.batchNumber, nextBatchNumber: (village.lastBatchNumber ?? 0) + 1,
                        ledgerSize: village.ledgerSize, intervalRevision: village.intervalRevision)
                }
                return UplinkAcknowledgement(
                    village: batch.village, batchNumber: batch.batchNumber, duplicate: true,
                    ledgerSize: village.ledgerSize)
            }
            let publicKey = try LedgerPublicKey(base64: village.publicKey)
            var tree = MerkleNodeCache()
            try await Self.loadNodes(
                merkleFrontier(size: village.ledgerSize), villageID, into: &tree, connection, logger)
            let head = try Self.checkChain(batch.ledger, size: village.ledgerSize, head: village.ledgerHead)
            for transaction in batch.ledger { try tree.append(transaction.leafHash, at: transaction.sequence) }
            let newSize = village.ledgerSize + Int64(batch.ledger.count)
            for (i, checkpoint) in batch.checkpoints.enumerated() {
                try await Self.verify(
                    checkpoint, field: "checkpoints[\(i)]", publicKey: publicKey, ledgerSize: newSize, tree: &tree,
                    villageID, connection, logger)
            }
            try await Self.upsertIntervals(intervals, villageID, connection, logger)
            try await Self.insertEvents(batch.events, villageID, connection, logger)
            try await Self.appendLedger(batch.ledger, nodes: tree.added, villageID, connection, logger)
            try await Self.insertCheckpoints(batch.checkpoints, villageID, connection, logger)
            try await connection.query(
                """
                INSERT INTO batches (village_id, batch_number, intervals, events, ledger, checkpoints, digest)
                VALUES (\(villageID), \(batch.batchNumber), \(intervals.count), \(batch.events.count),
                        \(batch.ledger.count), \(batch.checkpoints.count), decode(\(digest), 'hex'))
                """, logger: logger)
            try await connection.query(
                """
                UPDATE villages SET ledger_size = \(newSize), ledger_head = \(head),
                    interval_revision = greatest(interval_revision, \(revision)),
                    last_batch_number = greatest(coalesce(last_batch_number, \(batch.batchNumber)), \(batch.batchNumber)),
                    last_batch_at = now()
                WHERE id = \(villageID)
                """, logger: logger)
            return UplinkAcknowledgement(
                village: batch.village, batchNumber: batch.batchNumber, duplicate: false, ledgerSize: newSize)
        }
        metrics.count(batch, intervals: intervals.count, acknowledgement: acknowledgement)
        return acknowledgement
    }

    struct LockedVillage {
        var publicKey: String
        var ledgerSize: Int64
        var ledgerHead: String
        var lastBatchNumber: Int64?
        var intervalRevision: Int64
    }

    static func lockVillage(_ id: Int32, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> LockedVillage
    {
        let rows = try await connection.query(
            """
            SELECT public_key, ledger_size, ledger_head, last_batch_number, interval_revision
            FROM villages WHERE id = \(id) FOR UPDATE
            """, logger: logger)
        for try await (key, size, head, last, revision) in rows.decode((String, Int64, String, Int64?, Int64).self) {
            return LockedVillage(
                publicKey: key, ledgerSize: size, ledgerHead: head, lastBatchNumber: last, intervalRevision: revision)
        }
        throw APIError.unauthorized()
    }

    /// Hex SHA-256 of a batch's JSON bytes, compressed or not: the edge keeps a batch's bytes and
    /// resends exactly them (and hashing them is cheap next to encoding the batch again).
    static func digest(_ body: [UInt8]) -> String {
        SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
    }

    /// Per (owner, channel, start) the write of the highest revision: one batch may carry an
    /// interval twice, and one statement may not update a row twice.
    static func latestRevisions(_ intervals: [UplinkInterval]) -> [UplinkInterval] {
        struct Key: Hashable {
            var owner: IntervalOwner
            var channel: MeteringChannel
            var start: Int64
        }
        var latest: [Key: UplinkInterval] = [:]
        for item in intervals {
            let key = Key(owner: item.interval.owner, channel: item.interval.channel, start: item.interval.start)
            if let kept = latest[key], kept.revision >= item.revision { continue }
            latest[key] = item
        }
        return Array(latest.values)
    }

    /// The head hash after `ledger`, which must start at the stored `size` (else 409) and chain
    /// from the stored `head` with hashes that recompute (else 422).
    static func checkChain(_ ledger: [LedgerTransaction], size: Int64, head: String) throws -> String {
        guard let first = ledger.first else { return head }
        guard first.sequence == size else {
            throw LedgerConflict(
                ledgerSize: size,
                message:
                    "the batch's ledger starts at sequence \(first.sequence); the backend holds \(size) transactions")
        }
        var head = head
        for (i, transaction) in ledger.enumerated() {
            guard transaction.previousHash == head else {
                throw APIError.unverifiable(
                    field: "ledger[\(i)].previousHash", "does not link to the stored transaction before it")
            }
            guard transaction.computeHash() == transaction.hash else {
                throw APIError.unverifiable(
                    field: "ledger[\(i)].hash", "does not match the transaction's content: it was altered")
            }
            head = transaction.hash
        }
        return head
    }

    /// Checks a checkpoint's signature against the village's key and its root against the
    /// stored ledger (with this batch's transactions) at its size.
    static func verify(
        _ checkpoint: LedgerCheckpoint, field: String, publicKey: LedgerPublicKey, ledgerSize: Int64,
        tree: inout MerkleNodeCache, _ villageID: Int32, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        do {
            try checkpoint.verify(publicKey: publicKey)
        } catch {
            throw APIError.unverifiable(field: field + ".signature", error.message)
        }
        guard checkpoint.treeSize <= ledgerSize else {
            throw APIError.unverifiable(
                field: field + ".treeSize",
                "signs \(checkpoint.treeSize) transactions; the backend holds \(ledgerSize) with this batch")
        }
        try await loadNodes(merkleFrontier(size: checkpoint.treeSize), villageID, into: &tree, connection, logger)
        let root = try MerkleProofs(source: tree).root(size: checkpoint.treeSize)
        guard root == checkpoint.rootHash else {
            throw APIError.unverifiable(
                field: field + ".rootHash",
                "is not the Merkle root of the ledger's first \(checkpoint.treeSize) transactions")
        }
    }

    /// Reads the stored nodes among `wanted` that `tree` does not hold yet.
    static func loadNodes(
        _ wanted: [(level: Int, index: Int64)], _ villageID: Int32, into tree: inout MerkleNodeCache,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let missing = wanted.filter { tree.nodes[.init(level: $0.level, index: $0.index)] == nil }
        guard !missing.isEmpty else { return }
        let levels = missing.map { Int64($0.level) }
        let indexes = missing.map(\.index)
        let rows = try await connection.query(
            """
            SELECT n.level, n.node_index, encode(n.hash, 'hex') FROM ledger_merkle_nodes n
            JOIN unnest(\(levels)::int8[], \(indexes)::int8[]) AS w(level, node_index)
              ON n.level = w.level AND n.node_index = w.node_index
            WHERE n.village_id = \(villageID)
            """, logger: logger)
        for try await (level, index, hex) in rows.decode((Int32, Int64, String).self) {
            if let hash = MerkleHash(hex: hex) { tree.nodes[.init(level: Int(level), index: index)] = hash }
        }
    }

    static func upsertIntervals(
        _ intervals: [UplinkInterval], _ villageID: Int32, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        guard !intervals.isEmpty else { return }
        let kinds = intervals.map(\.interval.owner.kind)
        let owners = intervals.map(\.interval.owner.id)
        let channels = intervals.map(\.interval.channel.rawValue)
        let starts = intervals.map(\.interval.start)
        let values = intervals.map(\.interval.value)
        let qualities = intervals.map { Int64($0.interval.quality.rank) }
        let gaps = intervals.map { $0.interval.quality.storedGapSeconds }
        let revisions = intervals.map(\.revision)
        try await connection.query(
            """
            INSERT INTO intervals AS t
                (village_id, owner_kind, owner_id, channel, start, value, quality, gap_seconds, revision)
            SELECT \(villageID), k, o, c, s, v, q::int2, g, r
            FROM unnest(\(kinds)::text[], \(owners)::text[], \(channels)::text[], \(starts)::int8[],
                        \(values)::int8[], \(qualities)::int8[], \(gaps)::int8[], \(revisions)::int8[])
                 AS u(k, o, c, s, v, q, g, r)
            ON CONFLICT (village_id, owner_kind, owner_id, channel, start) DO UPDATE
            SET value = excluded.value, quality = excluded.quality, gap_seconds = excluded.gap_seconds,
                revision = excluded.revision
            WHERE excluded.revision > t.revision
            """, logger: logger)
    }

    static func insertEvents(
        _ events: [DeviceEvent], _ villageID: Int32, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        guard !events.isEmpty else { return }
        let devices = events.map(\.deviceId)
        let times = events.map(\.timestamp)
        let kinds = events.map(\.kind.rawValue)
        let channels = events.map { $0.channel?.rawValue ?? "" }
        let details = events.map(\.detail)
        try await connection.query(
            """
            INSERT INTO events (village_id, device_id, at, kind, channel, detail)
            SELECT \(villageID), d, a, k, c, x
            FROM unnest(\(devices)::text[], \(times)::int8[], \(kinds)::text[], \(channels)::text[], \(details)::text[])
                 AS u(d, a, k, c, x)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    static func appendLedger(
        _ ledger: [LedgerTransaction], nodes: [(level: Int, index: Int64, hash: MerkleHash)], _ villageID: Int32,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        guard !ledger.isEmpty else { return }
        let encoder = UplinkProtocol.encoder()
        let sequences = ledger.map(\.sequence)
        let starts = ledger.map(\.intervalStart)
        let hashes = ledger.map(\.hash)
        let previous = ledger.map(\.previousHash)
        var bodies: [String] = []
        for transaction in ledger { bodies.append(String(decoding: try encoder.encode(transaction), as: UTF8.self)) }
        try await connection.query(
            """
            INSERT INTO ledger_transactions (village_id, sequence, interval_start, hash, previous_hash, body)
            SELECT \(villageID), s, i, h, p, b::jsonb
            FROM unnest(\(sequences)::int8[], \(starts)::int8[], \(hashes)::text[], \(previous)::text[], \(bodies)::text[])
                 AS u(s, i, h, p, b)
            """, logger: logger)
        var postingSequences: [Int64] = []
        var postingStarts: [Int64] = []
        var accountKinds: [String] = []
        var accountIDs: [String] = []
        var purposes: [String] = []
        var commodities: [String] = []
        var amounts: [Int64] = []
        for transaction in ledger {
            for posting in transaction.postings {
                postingSequences.append(transaction.sequence)
                postingStarts.append(transaction.intervalStart)
                let (kind, id) = Self.account(posting.account)
                accountKinds.append(kind)
                accountIDs.append(id)
                purposes.append(posting.purpose.rawValue)
                commodities.append(posting.commodity.rawValue)
                amounts.append(posting.amount)
            }
        }
        if !amounts.isEmpty {
            try await connection.query(
                """
                INSERT INTO ledger_postings
                    (village_id, sequence, interval_start, account_kind, account_id, purpose, commodity, amount)
                SELECT \(villageID), s, i, k, a, p, c, m
                FROM unnest(\(postingSequences)::int8[], \(postingStarts)::int8[], \(accountKinds)::text[],
                            \(accountIDs)::text[], \(purposes)::text[], \(commodities)::text[], \(amounts)::int8[])
                     AS u(s, i, k, a, p, c, m)
                """, logger: logger)
        }
        let levels = nodes.map { Int64($0.level) }
        let indexes = nodes.map(\.index)
        let nodeHashes = nodes.map(\.hash.hex)
        try await connection.query(
            """
            INSERT INTO ledger_merkle_nodes (village_id, level, node_index, hash)
            SELECT \(villageID), l, n, decode(h, 'hex')
            FROM unnest(\(levels)::int8[], \(indexes)::int8[], \(nodeHashes)::text[]) AS u(l, n, h)
            """, logger: logger)
    }

    static func insertCheckpoints(
        _ checkpoints: [LedgerCheckpoint], _ villageID: Int32, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        for checkpoint in checkpoints {
            try await connection.query(
                """
                INSERT INTO checkpoints (village_id, tree_size, root_hash, signed_at, key_id, signature)
                VALUES (\(villageID), \(checkpoint.treeSize), \(checkpoint.rootHash.base64), \(checkpoint.time),
                        \(checkpoint.keyID), \(checkpoint.signature))
                ON CONFLICT (village_id, tree_size) DO NOTHING
                """, logger: logger)
        }
    }

    /// A ledger account as stored: its kind and, for a household, its unit.
    static func account(_ account: Market.Account) -> (kind: String, id: String) {
        switch account {
        case .household(let id): ("household", id)
        case .operator: ("operator", "")
        case .storage: ("storage", "")
        case .grid: ("grid", "")
        }
    }
}
