/// The backend's schema, as an ordered list of migrations. Each one runs in one transaction and is
/// recorded by name in `schema_migrations`; a database that holds a migration this list does not
/// know was made by a newer backend and is refused.
///
/// Statements are separate strings: the extended query protocol runs one statement per query.
package enum BackendMigrations {
    package struct Migration: Sendable {
        package var name: String
        package var statements: [String]
    }

    package static let all: [Migration] = [citySchema, batchDigests, loginThrottle, researchRawGrants]

    /// Villages and what they upload, accounts and tokens.
    static let citySchema = Migration(
        name: "v1-city-schema",
        statements: [
            """
            CREATE TABLE villages (
                id serial PRIMARY KEY,
                name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9._-]{1,64}$'),
                -- base64 Ed25519 key that signs the village's ledger checkpoints
                public_key text NOT NULL,
                -- hex SHA-256 of the village's upload token
                token_hash text NOT NULL UNIQUE,
                -- the village's civil time zone, for monthly balances
                time_zone text NOT NULL DEFAULT 'Asia/Seoul',
                ledger_size bigint NOT NULL DEFAULT 0,
                ledger_head text NOT NULL DEFAULT '\(String(repeating: "0", count: 64))',
                last_batch_number bigint,
                last_batch_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // Intervals by month of their UTC start: old months can be detached or dropped whole,
            // and a range scan of one month reads one partition. Partitions are made at ingest.
            """
            CREATE TABLE intervals (
                village_id integer NOT NULL REFERENCES villages (id),
                owner_kind text NOT NULL CHECK (owner_kind IN ('household', 'plant')),
                owner_id text NOT NULL,
                channel text NOT NULL,
                start bigint NOT NULL CHECK (start % 900 = 0),
                value bigint NOT NULL,
                -- 0 missing, 1 estimated, 2 measured
                quality smallint NOT NULL CHECK (quality BETWEEN 0 AND 2),
                gap_seconds bigint NOT NULL,
                -- the edge's revision of this write; only a higher one replaces it
                revision bigint NOT NULL,
                PRIMARY KEY (village_id, owner_kind, owner_id, channel, start)
            ) PARTITION BY RANGE (start)
            """,
            // The primary key serves per-household ranges; this one per-village ranges.
            "CREATE INDEX intervals_village_start ON intervals (village_id, start)",
            """
            CREATE TABLE events (
                village_id integer NOT NULL REFERENCES villages (id),
                device_id text NOT NULL,
                at bigint NOT NULL,
                kind text NOT NULL,
                -- '' for an event of the whole device (a key column cannot be null)
                channel text NOT NULL,
                detail text NOT NULL,
                PRIMARY KEY (village_id, device_id, at, kind, channel)
            )
            """,
            """
            CREATE TABLE ledger_transactions (
                village_id integer NOT NULL REFERENCES villages (id),
                sequence bigint NOT NULL CHECK (sequence >= 0),
                interval_start bigint NOT NULL,
                hash text NOT NULL,
                previous_hash text NOT NULL,
                body jsonb NOT NULL,
                PRIMARY KEY (village_id, sequence)
            )
            """,
            """
            CREATE TABLE ledger_postings (
                village_id integer NOT NULL,
                sequence bigint NOT NULL,
                interval_start bigint NOT NULL,
                account_kind text NOT NULL,
                -- the unit for a household account, '' otherwise
                account_id text NOT NULL,
                purpose text NOT NULL,
                commodity text NOT NULL,
                amount bigint NOT NULL,
                FOREIGN KEY (village_id, sequence) REFERENCES ledger_transactions (village_id, sequence)
            )
            """,
            "CREATE INDEX ledger_postings_account ON ledger_postings (village_id, account_kind, account_id, interval_start)",
            // Complete subtrees of each village's ledger Merkle tree (RFC 6962), so that the root at
            // any size costs O(log n) lookups.
            """
            CREATE TABLE ledger_merkle_nodes (
                village_id integer NOT NULL REFERENCES villages (id),
                level integer NOT NULL,
                node_index bigint NOT NULL,
                hash bytea NOT NULL,
                PRIMARY KEY (village_id, level, node_index)
            )
            """,
            """
            CREATE TABLE checkpoints (
                village_id integer NOT NULL REFERENCES villages (id),
                tree_size bigint NOT NULL,
                root_hash text NOT NULL,
                signed_at bigint NOT NULL,
                key_id text NOT NULL,
                signature text NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (village_id, tree_size)
            )
            """,
            """
            CREATE TABLE batches (
                village_id integer NOT NULL REFERENCES villages (id),
                batch_number bigint NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now(),
                intervals integer NOT NULL,
                events integer NOT NULL,
                ledger integer NOT NULL,
                checkpoints integer NOT NULL,
                PRIMARY KEY (village_id, batch_number)
            )
            """,
            """
            CREATE TABLE accounts (
                id serial PRIMARY KEY,
                username text NOT NULL UNIQUE,
                role text NOT NULL CHECK (role IN ('operator', 'manager', 'researcher', 'household')),
                village_id integer REFERENCES villages (id),
                household text,
                -- bcrypt; null for an account that only ever uses the token it was given
                password_hash text,
                created_at timestamptz NOT NULL DEFAULT now(),
                CHECK ((role = 'household') = (village_id IS NOT NULL AND household IS NOT NULL))
            )
            """,
            """
            CREATE TABLE api_tokens (
                token_hash text PRIMARY KEY,
                account_id integer NOT NULL REFERENCES accounts (id),
                expires_at timestamptz NOT NULL
            )
            """,
            "CREATE TABLE settings (name text PRIMARY KEY, value text NOT NULL)",
        ])

    /// What tells a resend from a re-installed edge that numbers its batches from 1 again: the
    /// SHA-256 of each batch's JSON bytes, after any gzip (null for batches applied before this migration),
    /// and the highest interval revision the village has sent, from which a re-installed edge
    /// numbers its revisions on.
    static let batchDigests = Migration(
        name: "v2-batch-digests",
        statements: [
            "ALTER TABLE batches ADD COLUMN digest bytea",
            "ALTER TABLE villages ADD COLUMN interval_revision bigint NOT NULL DEFAULT 0",
            """
            UPDATE villages v SET interval_revision = coalesce(
                (SELECT max(revision) FROM intervals i WHERE i.village_id = v.id), 0)
            """,
        ])

    /// Failed logins per user name (known or not, so that a lockout does not tell which names
    /// exist), counted by the rule of ``LoginThrottle``, and until when the name is locked (Unix
    /// seconds). In the database, so that every backend process behind one address counts alike.
    static let loginThrottle = Migration(
        name: "v3-login-throttle",
        statements: [
            """
            CREATE TABLE login_throttle (
                username text PRIMARY KEY,
                failures integer NOT NULL,
                first_failure_at bigint NOT NULL,
                locked_until bigint
            )
            """
        ])

    /// Researchers read pseudonymised exports unless an operator grants them raw identifiers
    /// (`raw_export`); every grant and revocation is kept in `account_audit`: what, to whom, by
    /// whom (the operating-system user who ran the command), why, and when.
    static let researchRawGrants = Migration(
        name: "v4-research-raw-grants",
        statements: [
            "ALTER TABLE accounts ADD COLUMN raw_export boolean NOT NULL DEFAULT false",
            "ALTER TABLE accounts ADD CONSTRAINT raw_export_researchers_only CHECK (NOT raw_export OR role = 'researcher')",
            """
            CREATE TABLE account_audit (
                id bigserial PRIMARY KEY,
                at timestamptz NOT NULL DEFAULT now(),
                account_id integer NOT NULL REFERENCES accounts (id),
                action text NOT NULL CHECK (action IN ('grant-raw', 'revoke-raw')),
                actor text NOT NULL,
                reason text NOT NULL
            )
            """,
        ])
}
