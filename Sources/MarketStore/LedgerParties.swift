import GRDB
import Market

/// The `ledger_parties` dictionary: every account and participant the ledger names, once, under a
/// small integer code that readings, matches, trades and postings store instead of the names.
///
/// Loaded whole (a village has a few dozen parties) at the start of each write or read that needs
/// it; codes are given out in order of first use and never change, so a row means the same party
/// for as long as the ledger exists.
struct LedgerParties {
    /// The stored (kind, id) of each code, as text: reading maps them through ``LedgerRows/account(_:_:)``
    /// and ``LedgerRows/participant(_:_:)``, which refuse what does not fit.
    private(set) var names: [Int64: (kind: String, id: String)] = [:]
    /// The codes that name a participant (a household or the storage), resolved once.
    private(set) var participants: [Int64: Participant] = [:]
    /// The codes that name an account, resolved once.
    private(set) var accounts: [Int64: Account] = [:]
    private var codes: [PartyName: Int64] = [:]
    private var nextCode: Int64 = 0

    private struct PartyName: Hashable {
        var kind: String
        var id: String
    }

    /// The whole dictionary of `db` (empty for a ledger without one).
    static func load(_ db: Database) throws -> LedgerParties {
        var parties = LedgerParties()
        let rows = try Row.fetchCursor(db, sql: "SELECT code, kind, party_id FROM ledger_parties")
        let table = "ledger_parties"
        while let row = try rows.next() {
            let code = try row.integer(at: 0, Column("code"), of: table)
            let kind = try row.text(at: 1, Column("kind"), of: table)
            let id = try row.text(at: 2, Column("party_id"), of: table)
            parties.remember(code: code, kind: kind, id: id)
        }
        return parties
    }

    private mutating func remember(code: Int64, kind: String, id: String) {
        names[code] = (kind, id)
        codes[PartyName(kind: kind, id: id)] = code
        participants[code] = LedgerRows.participant(kind, id)
        accounts[code] = LedgerRows.account(kind, id)
        nextCode = max(nextCode, code + 1)
    }

    /// The code of a participant, stored first if the ledger has not named it yet.
    mutating func code(for participant: Participant, in db: Database) throws -> Int64 {
        let (kind, id) = LedgerRows.columns(participant)
        return try code(kind: kind, id: id, in: db)
    }

    /// The code of an account, stored first if the ledger has not named it yet.
    mutating func code(for account: Account, in db: Database) throws -> Int64 {
        let (kind, id) = LedgerRows.columns(account)
        return try code(kind: kind, id: id, in: db)
    }

    /// The code of a stored party, or nil when the ledger never named it.
    func existingCode(kind: String, id: String) -> Int64? { codes[PartyName(kind: kind, id: id)] }

    private mutating func code(kind: String, id: String, in db: Database) throws -> Int64 {
        let name = PartyName(kind: kind, id: id)
        if let code = codes[name] { return code }
        let code = nextCode
        try db.execute(
            sql: "INSERT INTO ledger_parties (code, kind, party_id) VALUES (?, ?, ?)", arguments: [code, kind, id])
        remember(code: code, kind: kind, id: id)
        return code
    }
}
