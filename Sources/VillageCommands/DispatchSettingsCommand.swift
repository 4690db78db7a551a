import ArgumentParser
import Foundation
import Site
import VillageAccounts
import VillageClient
import VillageStore

/// `village dispatch settings [--set FILE]`: the dispatch settings in force, from the server of
/// `village login` (a manager's account) or, with `--db`, from the database and the site file.
struct DispatchSettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show (or, through the server, replace) the dispatch settings in force.",
        discussion: """
            The settings are the site file's `dispatch:` section unless a manager replaced them through the \
            server; the next plan uses what this shows. --set FILE sends a JSON object with the fields of the \
            `dispatch:` section (camelCase, as --json prints under "settings"): the server checks it against \
            the plant, names a refused field, and writes every change to its audit log with the account.
            """
    )

    @OptionGroup var options: ServerOrDatabaseOptions

    @OptionGroup var site: SiteOptions

    @Option(help: "Replace the settings with this JSON file's (through the server; audited).")
    var set: String?

    func validate() throws {
        if set != nil, options.databasePath != nil {
            throw ValidationError("--set goes through the server, which audits the change; it cannot be used with --db")
        }
    }

    func run() async throws {
        let report: DispatchSettingsReport
        switch try options.source() {
        case .database(let path):
            report = try await Self.localReport(databasePath: path, site: site.loadSite())
        case .server(let client):
            if let set {
                guard let body = FileManager.default.contents(atPath: set) else {
                    throw ValidationError("--set: cannot read \(set)")
                }
                report = try await client.put(DispatchSettingsReport.self, "dispatch/settings", json: body)
            } else {
                report = try await client.get(DispatchSettingsReport.self, "dispatch/settings")
            }
        }
        if options.json { return try printJSON(report) }
        try Self.printText(report)
    }

    /// The settings as a person reads them: where they come from, then one field per line.
    static func printText(_ report: DispatchSettingsReport) throws {
        if report.source == "override" {
            print(
                "Dispatch settings in force: set by a manager"
                    + (report.changedAt.map { " at \(CredentialsOptions.utc($0))" } ?? "") + "\n")
        } else {
            print("Dispatch settings in force: the site file's dispatch section\n")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try JSONSerialization.jsonObject(with: encoder.encode(report.settings))
        var rows: [[String]] = []
        func flatten(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                for key in object.keys.sorted() { flatten(object[key]!, path.isEmpty ? key : "\(path).\(key)") }
            } else if let array = value as? [Any] {
                rows.append(["  " + path, array.map { "\($0)" }.joined(separator: ", ")])
            } else {
                rows.append(["  " + path, "\(value)"])
            }
        }
        flatten(object, "")
        print(MarketFormatting.table(["Setting", "Value"], rows))
    }
}

extension DispatchSettingsCommand {
    /// The settings in force on the database: a manager's override if there is one, else the site file's.
    static func localReport(databasePath: String, site: Site) async throws -> DispatchSettingsReport {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw ValidationError("--db: \(databasePath) does not exist")
        }
        let store = try VillageStore(path: databasePath)
        guard let json = try await store.dispatchSettingsOverrideJSON() else {
            return DispatchSettingsReport(source: "site-file", changedAt: nil, settings: site.dispatch)
        }
        let settings: DispatchSettings
        do {
            settings = try JSONDecoder().decode(DispatchSettings.self, from: Data(json.utf8))
        } catch {
            throw CommandError("\(databasePath): the stored dispatch settings override cannot be read: \(error)")
        }
        let changedAt = try await AccountStore(store: store).dispatchSettingsChanges(limit: 1).first?.at
        return DispatchSettingsReport(source: "override", changedAt: changedAt, settings: settings)
    }
}
