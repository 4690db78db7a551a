import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Site
import Tariffs
import TestKit
import Testing
import VillageAccounts
import VillageServer

/// `PUT /dispatch/settings`: validated, audited with account, time, old and new values, and read by
/// the dispatch controller before its next plan.
@Suite struct DispatchSettingsTests {
    @Test func aChangeIsAuditedAndTheControllerPlansWithIt() async throws {
        let server = try await ServerFixture.start()
        let manager = try await server.login("manager")

        let before = try await server.request("GET", "/api/v1/dispatch/settings", token: manager)
        #expect(before.status == 200)
        #expect(before.object["source"] as? String == "site-file")
        let siteSettings = try #require(before.object["settings"] as? [String: Any])
        #expect(siteSettings["socReserve"] == nil)

        // The controller of this site, reading the same database (no device is contacted here).
        let site = try Site.load(path: ServerFixture.siteFile)
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        let controller = try DispatchController(
            site: site, profiles: try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters")),
            configuration: try DispatchControllerConfiguration(
                settings: site.dispatch,
                tariff: try tariffs.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1")),
            forecasts: StoreForecastSource(store: server.store, site: site), store: server.store)
        #expect(await controller.plantParameters(coolingExpected: false).reserve == nil)

        let changedAt = server.clock.now
        let put = try await server.request(
            "PUT", "/api/v1/dispatch/settings", token: manager,
            body: try server.json([
                "strategy": "tou-rules", "socReserve": ["socPct": 60, "byLocalTime": "18:00"],
            ]))
        #expect(put.status == 200, "\(put.text)")
        #expect(put.object["source"] as? String == "override")

        let after = try await server.request("GET", "/api/v1/dispatch/settings", token: manager)
        let settings = try #require(after.object["settings"] as? [String: Any])
        #expect(settings["strategy"] as? String == "tou-rules")
        #expect((settings["socReserve"] as? [String: Any])?["socPct"] as? Double == 60)

        // The audit log: who, when, the settings before and after.
        let audit = try await server.request("GET", "/api/v1/dispatch/settings/audit", token: manager)
        let entries = try #require(audit.json as? [[String: Any]])
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry["username"] as? String == "manager")
        #expect(entry["at"] as? Int64 == changedAt || (entry["at"] as? Int).map(Int64.init) == changedAt)
        let old = try #require(entry["old"] as? [String: Any])
        let new = try #require(entry["new"] as? [String: Any])
        #expect(old["strategy"] as? String == site.dispatch.strategy)
        #expect(old["socReserve"] == nil)
        #expect(new["strategy"] as? String == "tou-rules")
        #expect((new["socReserve"] as? [String: Any])?["byLocalTime"] as? String == "18:00")

        // The next plan: the controller reads the override before it.
        await controller.adoptSettingsOverride()
        let reserve = try #require(await controller.plantParameters(coolingExpected: false).reserve)
        #expect(abs(reserve.socFraction - 0.6) < 1e-9)
        #expect(reserve.minuteOfDay == 18 * 60)
        #expect(await controller.configuration.strategy == .touRules)
        #expect(await controller.site.dispatch.strategy == "tou-rules")

        // A household may neither read nor change them.
        let household = try await server.login("u101")
        #expect(try await server.request("GET", "/api/v1/dispatch/settings", token: household).status == 403)
        #expect(
            try await server.request("PUT", "/api/v1/dispatch/settings", token: household, body: try server.json([:]))
                .status == 403)
        #expect(try await server.api.accounts.dispatchSettingsChanges().count == 1)
    }
}
