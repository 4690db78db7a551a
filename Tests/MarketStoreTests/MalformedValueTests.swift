import Foundation
import GRDB
import Market
import MarketTestKit
import Testing
import VillageStore

@testable import MarketStore

/// A value of the wrong type in a ledger row (NULL, text in an INTEGER column), as a file rebuilt or
/// written by another program can hold, is refused with an error naming the table and column, by
/// every read of it: never a crash, never read as 0.
@Suite struct MalformedValueTests {
    /// NULL needs the column's NOT NULL removed first (see ``allowNull(in:table:declaration:)``),
    /// text the table's STRICT (see ``allowAnyType(in:table:)``): the ledger refuses both on write
    /// (`LedgerAppendOnlyTests`), so these are files edited or rebuilt by another program.
    static let badValues = ["NULL", "'lots'"]

    /// Turns a STRICT table into an ordinary one by editing its schema text, as a program
    /// rebuilding the table without STRICT would; then text goes into an INTEGER column as it is.
    static func allowAnyType(in path: String, table: String) async throws {
        let database = try DatabaseQueue(path: path)
        try await database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(
                sql: """
                    UPDATE sqlite_master SET sql = replace(replace(sql, ') STRICT, WITHOUT ROWID', ') WITHOUT ROWID'),
                        ') STRICT', ')')
                    WHERE type = 'table' AND name = ?
                    """,
                arguments: [table])
            #expect(db.changesCount == 1, "\(table) must be a table")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        try database.close()
    }

    /// Removes `NOT NULL` from one column's declaration by editing the schema text in
    /// `sqlite_master` (`PRAGMA writable_schema`), as a program rebuilding the table without the
    /// constraint would. The table's rows and indexes stay as they are; the edited schema is read
    /// by the next connection.
    static func allowNull(in path: String, table: String, declaration: String) async throws {
        let database = try DatabaseQueue(path: path)
        try await database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(
                sql: "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
                arguments: [declaration + " NOT NULL", declaration, table])
            #expect(db.changesCount == 1, "the declaration \(declaration) must be in \(table)")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        try database.close()
    }

    /// Sets `column` of the rows `condition` selects to `value` (SQL), after dropping the ledger's
    /// append-only triggers; returns the number of rows changed.
    static func set(_ path: String, table: String, column: String, to value: String, where condition: String)
        async throws -> Int
    {
        if value == "NULL" {
            let declaration = try await DatabaseQueue(path: path).read { db in
                try String.fetchOne(
                    db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table])
            }
            #expect(declaration?.contains("\(column) INTEGER NOT NULL") == true)
            try await allowNull(in: path, table: table, declaration: "\(column) INTEGER")
        } else {
            try await allowAnyType(in: path, table: table)
        }
        let database = try DatabaseQueue(path: path)
        defer { try? database.close() }
        return try await database.write { db in
            for trigger in try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger_%'")
            {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: "UPDATE \(table) SET \(column) = \(value) WHERE \(condition)")
            return db.changesCount
        }
    }

    /// A household posting of a transaction in the middle of the ledger.
    static func middlePosting(of transactions: [LedgerTransaction]) -> (sequence: Int64, household: String)? {
        for transaction in transactions[(transactions.count / 2)...] {
            for posting in transaction.postings {
                if case .household(let id) = posting.account { return (transaction.sequence, id) }
            }
        }
        return nil
    }

    @Test(arguments: badValues)
    func aPostingAmountOfTheWrongTypeIsNamed(_ value: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await LedgerTamperSQLTests.ledger(in: directory)
        let (sequence, household) = try #require(Self.middlePosting(of: transactions))
        let changed = try await Self.set(
            path, table: "ledger_postings", column: "amount", to: value,
            where:
                "sequence = \(sequence) AND account = (SELECT code FROM ledger_parties WHERE kind = 'household' AND party_id = '\(household)')"
        )
        #expect(changed > 0)
        let store = try SQLiteLedgerStore(readOnlyPath: path)

        // `village ledger verify`: the transaction is broken, and the message says where.
        let report = try store.verify()
        let violation = try #require(report.firstViolation)
        #expect(violation.position == Int(sequence))
        #expect(violation.idempotencyKey == transactions[Int(sequence)].idempotencyKey)
        #expect(violation.message.contains("ledger_postings.amount is "), "\(violation.message)")

        // Reading the transactions back refuses the row, naming the transaction and the column.
        let readError = #expect(throws: StoreError.self) { try store.allTransactions() }
        #expect(readError?.code == .malformedRow)
        #expect(readError?.subject == "transaction #\(sequence) (\(transactions[Int(sequence)].idempotencyKey))")
        #expect(readError?.message.contains("ledger_postings.amount is ") == true, "\(String(describing: readError))")

        // The balance from the ledger's rows reads the same postings.
        let balanceError = #expect(throws: StoreError.self) {
            try store.monthlyBalances(participant: .household(household))
        }
        #expect(balanceError?.code == .malformedRow)
        #expect(balanceError?.subject == "transaction #\(sequence)")
        #expect(
            balanceError?.message.contains("ledger_postings.amount is ") == true, "\(String(describing: balanceError))")

        // The CLI reports it and exits non-zero.
        let result = try CommandTests.village(["ledger", "verify", "--db", path])
        #expect(result.status != 0)
        #expect(result.output.contains("ledger_postings.amount is "), "\(result.output)")
    }

    @Test(arguments: badValues)
    func aReadingOfTheWrongTypeIsNamed(_ value: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, transactions) = try await LedgerTamperSQLTests.ledger(in: directory)
        // A transaction in the middle with a reading of household 101.
        let sequence = try #require(
            transactions[(transactions.count / 2)...].first {
                $0.meterReadings.contains { $0.participant == .household("101") }
            }
        ).sequence
        let changed = try await Self.set(
            path, table: "ledger_readings", column: "produced_wh", to: value,
            where:
                "sequence = \(sequence) AND participant = (SELECT code FROM ledger_parties WHERE kind = 'household' AND party_id = '101')"
        )
        #expect(changed == 1)
        let store = try SQLiteLedgerStore(readOnlyPath: path)
        let violation = try #require(try store.verify().firstViolation)
        #expect(violation.position == Int(sequence))
        #expect(violation.message.contains("ledger_readings.produced_wh is "), "\(violation.message)")
        let balanceError = #expect(throws: StoreError.self) {
            try store.monthlyBalances(participant: .household("101"))
        }
        #expect(
            balanceError?.message.contains("ledger_readings.produced_wh is ") == true,
            "\(String(describing: balanceError))")
        // Another household's balance does not read the row.
        #expect(try store.monthlyBalances(participant: .household("102")).isEmpty == false)
    }

    /// `village balance` reads the derived monthly totals.
    @Test(arguments: badValues)
    func aMonthlyTotalOfTheWrongTypeIsNamedByBalance(_ value: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, _) = try await LedgerTamperSQLTests.ledger(in: directory)
        let changed = try await Self.set(
            path, table: "ledger_monthly_balances", column: "money_out", to: value,
            where: "participant_kind = 'household' AND participant_id = '101'")
        #expect(changed > 0)
        let store = try SQLiteLedgerStore(readOnlyPath: path)
        let error = #expect(throws: StoreError.self) { try store.householdBalances(household: "101") }
        #expect(error?.code == .malformedRow)
        #expect(error?.subject == "ledger_monthly_balances.money_out")
        #expect(
            error?.message.contains("ledger_monthly_balances.money_out is ") == true, "\(String(describing: error))")
        #expect(try store.householdBalances(household: "102").isEmpty == false)

        let result = try CommandTests.village(["balance", "--db", path, "--household", "101"])
        #expect(result.status != 0)
        #expect(result.error.contains("ledger_monthly_balances.money_out is "), "\(result.error)")
        // verify reads every stored total: it refuses the file, naming the column.
        let verifyError = #expect(throws: StoreError.self) { try store.verifyWithMonthlyBalances() }
        #expect(verifyError?.message.contains("ledger_monthly_balances.money_out is ") == true)
    }
}
