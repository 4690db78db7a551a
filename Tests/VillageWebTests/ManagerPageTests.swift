import DeviceProfiles
import Foundation
import Site
import Tariffs
import TestKit
import Testing
import VillageStore

@testable import VillageWeb

/// The manager page on a `village demo` database: the plant's stored levels, the next plan drawn
/// with `PlanChart`, every strategy on it, and a reserve SoC that the next plan then holds.
@Suite struct ManagerPageTests {
    @Test func nextPlanHoldsTheReserveTheFormSets() async throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = TestFiles.repository
        let sitePath = repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path
        let database = directory.appendingPathComponent("village.sqlite").path
        let demo = try runVillage([
            "demo", "--hours", "1", "--db", database, "--json", "--site", sitePath, "--meters",
            repository.appendingPathComponent("Meters").path, "--tariffs-dir",
            repository.appendingPathComponent("Tariffs").path,
        ])
        try #require(demo.status == 0, "\(demo.output)")

        let site = try Site.load(path: sitePath)
        let tariffs = TariffLibrary(directory: repository.appendingPathComponent("Tariffs").path)
        let source = ManagerPageSource(
            store: try VillageStore(path: database), site: site,
            profiles: try ProfileLibrary(directory: repository.appendingPathComponent("Meters")),
            importTariff: try tariffs.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        let before = try await source.page(
            settings: site.dispatch, form: DispatchSettingsForm(showing: site.dispatch), saved: false, audit: [])
        #expect(before.planError == nil, "\(before.planError ?? "")")
        #expect(before.plant.map(\.key) == ["soc", "battery", "hotTank", "coldTank"])
        #expect(before.steps.count == site.dispatch.horizonHours * 4)
        #expect(before.comparison.map(\.strategy) == ["none", "self-consumption", "tou-rules", "optimal"])
        #expect(before.comparison.filter(\.current).map(\.strategy) == [site.dispatch.strategy])
        let html = PageRenderer().manager(
            before, frame: PageFrame(language: .en, title: "manager", account: "m", csrf: "c", path: "/manager"))
        #expect(html.contains("data-series=\"SoC\""))
        #expect(!html.contains("<?xml"))

        // The plan's weakest point at least four hours ahead; a reserve above it must lift it there.
        let ahead = before.steps.dropFirst(16)
        let weakest = try #require(ahead.min { Double($0.socPct)! < Double($1.socPct)! })
        let low = try #require(Double(weakest.socPct))
        let reserve = min(low + 30, site.ess.socMaxPct - 1).rounded()
        try #require(low < reserve)
        let form = [
            "strategy": site.dispatch.strategy, "horizonHours": String(site.dispatch.horizonHours),
            "reservePct": String(Int(reserve)), "reserveBy": weakest.time, "wearCost": "0", "demandCharge": "0",
        ]
        let ess = site.ess
        guard
            case .accepted(let settings) = DispatchSettingsForm.read(
                form, over: site.dispatch, socRange: ess.socMinPct...ess.socMaxPct)
        else {
            Issue.record("the reserve form was refused")
            return
        }
        let after = try await source.page(
            settings: settings, form: DispatchSettingsForm(showing: settings), saved: true, audit: [])
        #expect(after.planError == nil, "\(after.planError ?? "")")
        let held = try #require(after.steps.first { $0.time == weakest.time }.flatMap { Double($0.socPct) })
        #expect(held >= reserve - 0.05, "plan holds \(held) % at \(weakest.time), reserve \(reserve) %")
        #expect(after.reserve == "≥ \(Int(reserve)) % by \(weakest.time)")
    }
}
