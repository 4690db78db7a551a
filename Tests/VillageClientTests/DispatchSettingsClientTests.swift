import Foundation
import TestKit
import Testing

/// `village dispatch settings` through the server (a manager's login) and from the database.
@Suite struct DispatchSettingsClientTests {
    static var siteFile: String {
        TestFiles.repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path
    }

    @Test func aManagerReadsAndReplacesTheSettingsAndTheDatabaseShowsTheSame() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        let (passwordFile, _) = try village.addAccount("manager", role: "manager")
        let credentials = village.path("manager.json")
        let login = try village.village([
            "login", "--server", village.url, "--username", "manager", "--password-file", passwordFile,
            "--credentials", credentials,
        ])
        try #require(login.status == 0, "\(login.error)")

        let before = try village.village(["dispatch", "settings", "--json", "--credentials", credentials])
        #expect(before.status == 0, "\(before.error)")
        let local = try village.village([
            "dispatch", "settings", "--json", "--db", village.database, "--site", Self.siteFile,
        ])
        #expect(local.status == 0, "\(local.error)")
        #expect(before.output == local.output)
        let decoded = try #require(
            try JSONSerialization.jsonObject(with: Data(before.output.utf8)) as? [String: Any])
        #expect(decoded["source"] as? String == "site-file")
        var settings = try #require(decoded["settings"] as? [String: Any])
        let horizon = try #require(settings["horizonHours"] as? Int)
        settings["horizonHours"] = horizon == 36 ? 30 : 36
        let change = village.path("settings.json")
        try JSONSerialization.data(withJSONObject: settings).write(to: URL(fileURLWithPath: change))

        let set = try village.village(["dispatch", "settings", "--set", change, "--json", "--credentials", credentials])
        #expect(set.status == 0, "\(set.error)")
        let after = try village.village(["dispatch", "settings", "--credentials", credentials, "--json"])
        let changed = try #require(try JSONSerialization.jsonObject(with: Data(after.output.utf8)) as? [String: Any])
        #expect(changed["source"] as? String == "override")
        #expect((changed["settings"] as? [String: Any])?["horizonHours"] as? Int == settings["horizonHours"] as? Int)
        let localAfter = try village.village([
            "dispatch", "settings", "--json", "--db", village.database, "--site", Self.siteFile,
        ])
        #expect(localAfter.output == after.output)
        let text = try village.village(["dispatch", "settings", "--credentials", credentials])
        let localText = try village.village(["dispatch", "settings", "--db", village.database, "--site", Self.siteFile])
        #expect(text.output == localText.output)
        #expect(text.output.contains("set by a manager"))
    }

    @Test func aRefusedFieldIsNamedAndNothingChanges() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        let (passwordFile, _) = try village.addAccount("manager", role: "manager")
        let credentials = village.path("manager.json")
        let login = try village.village([
            "login", "--server", village.url, "--username", "manager", "--password-file", passwordFile,
            "--credentials", credentials,
        ])
        try #require(login.status == 0, "\(login.error)")
        let change = village.path("settings.json")
        try #"{"horizonHours": 5}"#.write(toFile: change, atomically: true, encoding: .utf8)
        let set = try village.village(["dispatch", "settings", "--set", change, "--credentials", credentials])
        #expect(set.status != 0)
        #expect(set.error.contains("horizonHours"), "\(set.error)")
        let after = try village.village(["dispatch", "settings", "--json", "--credentials", credentials])
        #expect(after.output.contains(#""source" : "site-file""#), "\(after.output)")
    }

    @Test func aHouseholdMayNotSeeTheDispatchSettings() async throws {
        let village = try await ServedVillage.start(intervals: 1)
        let (passwordFile, _) = try village.addAccount("u101", role: "household", household: "101")
        let credentials = village.path("u101.json")
        let login = try village.village([
            "login", "--server", village.url, "--username", "u101", "--password-file", passwordFile,
            "--credentials", credentials,
        ])
        try #require(login.status == 0, "\(login.error)")
        let read = try village.village(["dispatch", "settings", "--credentials", credentials])
        #expect(read.status != 0)
        #expect(read.error.contains("the account 'u101' may not see GET /api/v1/dispatch/settings"), "\(read.error)")
    }
}
