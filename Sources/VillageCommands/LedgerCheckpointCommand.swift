import ArgumentParser
import Foundation
import Market
import MarketStore
import VillageStore

/// `village ledger checkpoint --db DB --key FILE`: signs the ledger's current Merkle tree head.
struct LedgerCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the ledger's tree size, root and time with the operator's key and keep it in the database.",
        discussion: """
            With --json the checkpoint is printed as the JSON that households and auditors keep and \
            that `village ledger verify --checkpoint` reads; without, as the signed note to publish.
            """)

    @OptionGroup var options: LedgerDatabaseOptions

    @Option(help: "The signing key file (from `village keys generate`).")
    var key: String

    func run() throws {
        let signingKey: LedgerSigningKey
        do {
            signingKey = try LedgerSigningKey(contentsOfFile: key)
        } catch {
            throw CommandError("--key: \(error)")
        }
        let store = try LedgerDatabase.openExisting(options.databasePath)
        let checkpoint = try SQLiteLedgerStore(store: store).makeCheckpoint(
            key: signingKey, time: Int64(Date().timeIntervalSince1970))
        if options.json {
            try MarketFormatting.printJSON(checkpoint)
        } else {
            print(
                "Checkpoint of \(checkpoint.treeSize) transactions signed at \(LocalTime.format(checkpoint.time)):")
            print(checkpoint.signedNote, terminator: "")
        }
    }
}

/// Opening the village database for a ledger command that writes.
enum LedgerDatabase {
    /// The store at `path`, which must exist: a typo must not create an empty village.
    static func openExisting(_ path: String) throws -> VillageStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(code: .fileNotFound, path: path, message: "no such file; expected a village database")
        }
        return try VillageStore(path: path)
    }
}
