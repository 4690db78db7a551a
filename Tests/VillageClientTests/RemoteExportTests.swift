import Foundation
import Testing

/// `village export` through the server: a researcher's login gets the table, pseudonymised, in a
/// file only its owner reads; a household's login gets none.
@Suite struct RemoteExportTests {
    static func login(_ village: ServedVillage, _ username: String, role: String, household: String? = nil) throws
        -> String
    {
        let (passwordFile, _) = try village.addAccount(username, role: role, household: household)
        let credentials = village.path("\(username).json")
        let login = try village.village([
            "login", "--server", village.url, "--username", username, "--password-file", passwordFile,
            "--credentials", credentials,
        ])
        try #require(login.status == 0, "\(login.error)")
        return credentials
    }

    @Test func aResearcherExportsAPseudonymisedTableWithTheLocalRows() async throws {
        let village = try await ServedVillage.start()
        let credentials = try Self.login(village, "researcher", role: "researcher")
        let range = ["--from", "2026-01-31", "--to", "2026-02-02", "--what", "intervals"]
        let remote = try village.village(
            ["export"] + range + ["--out", village.path("remote"), "--json", "--credentials", credentials])
        #expect(remote.status == 0, "\(remote.error)")
        let file = village.path("remote/intervals.csv")
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int ?? 0) & 0o777 == 0o600)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(remote.output.utf8)) as? [String: Any])
        #expect(summary["pseudonymized"] as? Bool == true)
        let remoteRows = try #require((summary["files"] as? [[String: Any]])?.first?["rows"] as? Int)

        let local = try village.village(
            ["export"] + range + ["--out", village.path("local"), "--json", "--db", village.database])
        #expect(local.status == 0, "\(local.error)")
        let localSummary = try #require(
            try JSONSerialization.jsonObject(with: Data(local.output.utf8)) as? [String: Any])
        let localRows = try #require((localSummary["files"] as? [[String: Any]])?.first?["rows"] as? Int)
        #expect(localRows > 0)
        #expect(remoteRows == localRows)
        let remoteText = try String(contentsOfFile: file, encoding: .utf8)
        let localText = try String(contentsOfFile: village.path("local/intervals.csv"), encoding: .utf8)
        #expect(remoteText.split(separator: "\r\n").first == localText.split(separator: "\r\n").first)
        #expect(remoteText != localText)
    }

    /// The operator's raw export through the server writes the files a local export writes, byte
    /// for byte, and the same `datapackage.json` but for the time it was made.
    @Test(arguments: [
        ["--what", "all"], ["--what", "intervals", "--format", "ngsi-ld", "--resolution", "1h"],
        ["--what", "all", "--format", "jsonl"],
    ])
    func anExportThroughTheServerWritesTheLocalFilesAndDataPackage(_ what: [String]) async throws {
        let village = try await ServedVillage.start()
        let credentials = try Self.login(village, "operator", role: "operator")
        let range = ["--from", "2026-01-31", "--to", "2026-02-02"] + what
        let remote = try village.village(
            ["export"] + range + ["--raw", "--out", village.path("remote"), "--credentials", credentials])
        #expect(remote.status == 0, "\(remote.error)")
        #expect(remote.output.contains("data package: "), "\(remote.output)")
        let local = try village.village(
            ["export"] + range + ["--out", village.path("local"), "--db", village.database])
        #expect(local.status == 0, "\(local.error)")

        let manager = FileManager.default
        let localFiles = try manager.contentsOfDirectory(atPath: village.path("local")).sorted()
        let remoteFiles = try manager.contentsOfDirectory(atPath: village.path("remote")).sorted()
        #expect(localFiles.contains("datapackage.json"))
        #expect(localFiles.count > 1)
        #expect(remoteFiles == localFiles)
        for name in localFiles {
            let remoteData = try #require(manager.contents(atPath: village.path("remote/\(name)")))
            let localData = try #require(manager.contents(atPath: village.path("local/\(name)")))
            let mode = try manager.attributesOfItem(atPath: village.path("remote/\(name)"))[.posixPermissions] as? Int
            #expect((mode ?? 0) & 0o777 == 0o600, "\(name)")
            guard name == "datapackage.json" else {
                #expect(remoteData == localData, "\(name)")
                continue
            }
            var remotePackage = try #require(try JSONSerialization.jsonObject(with: remoteData) as? [String: Any])
            var localPackage = try #require(try JSONSerialization.jsonObject(with: localData) as? [String: Any])
            #expect(remotePackage.removeValue(forKey: "created") != nil)
            #expect(localPackage.removeValue(forKey: "created") != nil)
            #expect(NSDictionary(dictionary: remotePackage).isEqual(to: localPackage))
        }
    }

    @Test func aHouseholdGetsNoExport() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        let credentials = try Self.login(village, "u101", role: "household", household: "101")
        let export = try village.village([
            "export", "--from", "2026-01-31", "--to", "2026-02-02", "--what", "intervals", "--out",
            village.path("out"), "--credentials", credentials,
        ])
        #expect(export.status != 0)
        #expect(export.error.contains("the account 'u101' may not see GET /api/v1/exports"), "\(export.error)")
        #expect(!FileManager.default.fileExists(atPath: village.path("out/intervals.csv")))
    }
}
