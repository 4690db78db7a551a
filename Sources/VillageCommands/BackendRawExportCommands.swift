import ArgumentParser
import Foundation
import VillageBackend

/// `village backend accounts grant-raw|revoke-raw USER`: a researcher's exports with village and
/// household identifiers as stored, or pseudonymised again; `audit` lists every such change.
struct BackendAccountsGrantRawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant-raw",
        abstract: "Let a researcher export villages and households under their real identifiers.",
        discussion: """
            Without a grant a researcher's exports carry pseudonyms only. The grant takes effect at the \
            researcher's next export; it is recorded with the operating-system user who gave it and the reason.
            """)

    @OptionGroup var database: BackendDatabaseOptions

    @Argument(help: "The researcher's user name.")
    var user: String

    @Option(help: "Why the researcher needs raw identifiers (kept in the audit).")
    var reason: String

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--reason: say why the researcher needs raw identifiers")
        }
    }

    func run() async throws {
        let (user, reason, actor) = (user, reason, RawExportActor.current)
        try await database.withDatabase { database in
            try await database.setRawExport(username: user, granted: true, actor: actor, reason: reason)
        }
        print("village backend: \(user) may now export raw identifiers (granted by \(actor))")
    }
}

struct BackendAccountsRevokeRawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-raw",
        abstract: "Withdraw a researcher's raw identifiers: pseudonymised exports from the next request on.")

    @OptionGroup var database: BackendDatabaseOptions

    @Argument(help: "The researcher's user name.")
    var user: String

    @Option(help: "Why the grant is withdrawn (kept in the audit).")
    var reason = "revoked"

    func run() async throws {
        let (user, reason, actor) = (user, reason, RawExportActor.current)
        try await database.withDatabase { database in
            try await database.setRawExport(username: user, granted: false, actor: actor, reason: reason)
        }
        print("village backend: \(user) now gets pseudonymised exports only (revoked by \(actor))")
    }
}

struct BackendAccountsAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Every grant and revocation of raw export access, oldest first.")

    @OptionGroup var database: BackendDatabaseOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let entries = try await database.withDatabase { try await $0.rawExportAudit() }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            return
        }
        for entry in entries {
            let time = Date(timeIntervalSince1970: TimeInterval(entry.at)).formatted(.iso8601)
            print("\(time)  \(entry.action)  \(entry.username)  by \(entry.actor): \(entry.reason)")
        }
    }
}

/// Who runs an administration command: the operating-system user, as the audit names them.
enum RawExportActor {
    static var current: String {
        let name = ProcessInfo.processInfo.userName
        return name.isEmpty ? "uid \(getuid())" : name
    }
}
