import Foundation
import Site
import Testing

/// The site file's optional `dispatch:` section: decoded strictly, checked against the plant, written
/// back to an equal value, and defaults without it.
struct DispatchSettingsTests {
    /// The reference site's text with `section` (lines under `dispatch:`) appended.
    static func yaml(_ section: String) -> String {
        Site.default.yamlText() + "dispatch:\n"
            + section.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    @Test func absentSectionGivesTheDefaults() throws {
        let site = try Site(yaml: Site.default.yamlText())
        #expect(site.dispatch == DispatchSettings())
        #expect(
            site.dispatch.horizonHours == 24 && site.dispatch.wearCostWonPerKWh == 0 && site.dispatch.socReserve == nil)
        #expect(site.dispatch.terminal == .automatic)
    }

    @Test func everyKeyIsDecoded() throws {
        let site = try Site(
            yaml: Self.yaml(
                """
                strategy: tou-rules
                solver: glpk
                horizonHours: 36
                wearCostWonPerKWh: 12.5
                demandChargeWonPerKW: 8320
                gridCharging: {mode: cheaperThan, wonPerKWh: 95.5}
                importCapKW: 140
                socReserve: {socPct: 60, byLocalTime: "17:45"}
                terminal: {mode: values, batteryWonPerKWh: 110, hotTankWonPerKWh: 25, coldTankWonPerKWh: 15}
                nightChargeTargetPct: 90
                tankShortfallPenaltyFactor: 4
                revertTimeoutSeconds: 1800
                responseTimeoutMs: 750
                defaultHeatingCOP: 3.2
                defaultCoolingCOP: 4.8
                coolingPumps: ["hp-river"]
                """))
        let d = site.dispatch
        #expect(d.strategy == "tou-rules" && d.solver == "glpk" && d.horizonHours == 36)
        #expect(d.wearCostWonPerKWh == 12.5 && d.demandChargeWonPerKW == 8320)
        #expect(d.gridCharging == .cheaperThan(wonPerKWh: 95.5) && d.importCapKW == 140)
        #expect(d.socReserve == SoCReserveSetting(socPct: 60, byLocalTime: "17:45"))
        #expect(d.socReserve?.minuteOfDay == 17 * 60 + 45)
        #expect(d.terminal == .values(batteryWonPerKWh: 110, hotTankWonPerKWh: 25, coldTankWonPerKWh: 15))
        #expect(d.nightChargeTargetPct == 90 && d.tankShortfallPenaltyFactor == 4)
        #expect(d.revertTimeoutSeconds == 1800 && d.responseTimeoutMs == 750)
        #expect(d.defaultHeatingCOP == 3.2 && d.defaultCoolingCOP == 4.8 && d.coolingPumps == ["hp-river"])
    }

    @Test(
        "Written and read back to an equal site",
        arguments: [
            TerminalSetting.automatic, .values(batteryWonPerKWh: 99.5, hotTankWonPerKWh: 0, coldTankWonPerKWh: 7),
            .targets(batteryKWh: 200, hotTankKWh: 800, coldTankKWh: 0),
        ])
    func roundTrip(terminal: TerminalSetting) throws {
        var site = Site.default
        site.dispatch.wearCostWonPerKWh = 20
        site.dispatch.horizonHours = 48
        site.dispatch.socReserve = SoCReserveSetting(socPct: 80, byLocalTime: "07:00")
        site.dispatch.terminal = terminal
        site.dispatch.coolingPumps = ["hp-ground"]
        site.dispatch.gridCharging = .cheaperThan(wonPerKWh: 80)
        site.dispatch.importCapKW = 120
        site.dispatch.nightChargeTargetPct = 85.5
        site.dispatch.tankShortfallPenaltyFactor = 1.5
        let text = site.yamlText()
        #expect(text.contains("\ndispatch:\n"))
        #expect(try Site(yaml: text) == site)
    }

    /// The commented example written for a site at the defaults is valid once uncommented, and its
    /// other lines are the defaults.
    @Test func commentedExampleIsValidWhenUncommented() throws {
        let text = Site.default.yamlText()
        #expect(!text.contains("\ndispatch:"))
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("# dispatch:") || line.hasPrefix("#   ") ? String(line.dropFirst(2)) : String(line)
        }.joined(separator: "\n")
        let site = try Site(yaml: uncommented)
        var expected = DispatchSettings()
        expected.socReserve = SoCReserveSetting(socPct: 50, byLocalTime: "18:00")
        expected.importCapKW = 150
        expected.coolingPumps = Array(Site.default.heatPlant.heatPumps.dropFirst().map(\.device))
        #expect(site.dispatch == expected)
    }

    @Test(
        "Bad values are rejected naming the key path",
        arguments: [
            (
                "socReserve: {socPct: 97, byLocalTime: \"18:00\"}", "dispatch.socReserve.socPct",
                SiteError.Code.invalidValue
            ),
            ("socReserve: {socPct: 5, byLocalTime: \"18:00\"}", "dispatch.socReserve.socPct", .invalidValue),
            ("socReserve: {socPct: 50, byLocalTime: \"18:10\"}", "dispatch.socReserve.byLocalTime", .invalidValue),
            ("socReserve: {socPct: 50, byLocalTime: \"24:00\"}", "dispatch.socReserve.byLocalTime", .invalidValue),
            ("socReserve: {socPct: 50}", "dispatch.socReserve.byLocalTime", .missingField),
            ("wearCostWonPerKWh: -1", "dispatch.wearCostWonPerKWh", .invalidValue),
            ("demandChargeWonPerKW: -5", "dispatch.demandChargeWonPerKW", .invalidValue),
            ("horizonHours: 5", "dispatch.horizonHours", .invalidValue),
            ("horizonHours: 49", "dispatch.horizonHours", .invalidValue),
            ("strategy: greedy", "dispatch.strategy", .invalidValue),
            ("solver: highs", "dispatch.solver", .invalidValue),
            ("wearCost: 3", "dispatch.wearCost", .unknownKey),
            ("terminal: {mode: fixed}", "dispatch.terminal.mode", .invalidValue),
            ("terminal: {mode: values, batteryKWh: 10}", "dispatch.terminal.batteryKWh", .unknownKey),
            ("terminal: {mode: targets, batteryKWh: 390}", "dispatch.terminal.batteryKWh", .invalidValue),
            ("terminal: {mode: targets, hotTankKWh: 5000}", "dispatch.terminal.hotTankKWh", .invalidValue),
            ("revertTimeoutSeconds: 10", "dispatch.revertTimeoutSeconds", .invalidValue),
            ("defaultHeatingCOP: 0.5", "dispatch.defaultHeatingCOP", .invalidValue),
            ("coolingPumps: [\"hp-x\"]", "dispatch.coolingPumps[0]", .undefinedReference),
            ("gridCharging: sometimes", "dispatch.gridCharging", .invalidValue),
            ("gridCharging: {mode: cheaper}", "dispatch.gridCharging.mode", .invalidValue),
            ("gridCharging: {mode: cheaperThan}", "dispatch.gridCharging.wonPerKWh", .missingField),
            ("gridCharging: {mode: cheaperThan, wonPerKWh: -3}", "dispatch.gridCharging.wonPerKWh", .invalidValue),
            ("gridCharging: {mode: never, wonPerKWh: 90}", "dispatch.gridCharging.wonPerKWh", .unknownKey),
            ("importCapKW: -10", "dispatch.importCapKW", .invalidValue),
            ("nightChargeTargetPct: 101", "dispatch.nightChargeTargetPct", .invalidValue),
            ("nightChargeTargetPct: -5", "dispatch.nightChargeTargetPct", .invalidValue),
            ("nightChargeTargetPct: lots", "dispatch.nightChargeTargetPct", .invalidValue),
            ("tankShortfallPenaltyFactor: 0.5", "dispatch.tankShortfallPenaltyFactor", .invalidValue),
            ("tankShortfallPenaltyFactor: 1000", "dispatch.tankShortfallPenaltyFactor", .invalidValue),
            ("importCapKW: 5000", "dispatch.importCapKW", .invalidValue),
        ])
    func badValue(line: String, field: String, code: SiteError.Code) {
        do {
            let site = try Site(yaml: Self.yaml(line), file: "sites/bad.yaml")
            Issue.record("accepted \(line): \(site.dispatch)")
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(error.code == code, "\(error)")
            #expect(error.file == "sites/bad.yaml")
        }
    }

    @Test func gridChargingDefaultsToNeverAndReadsEveryForm() throws {
        #expect(DispatchSettings().gridCharging == .never)
        #expect(try Site(yaml: Self.yaml("gridCharging: allowed")).dispatch.gridCharging == .allowed)
        #expect(try Site(yaml: Self.yaml("gridCharging: never")).dispatch.gridCharging == .never)
        #expect(try Site(yaml: Self.yaml("gridCharging: {mode: allowed}")).dispatch.gridCharging == .allowed)
    }

    /// The settings as JSON (how an API stores them) decode to an equal value, with the same checks.
    @Test func jsonRoundTripAndChecks() throws {
        var settings = DispatchSettings()
        settings.gridCharging = .cheaperThan(wonPerKWh: 70)
        settings.importCapKW = 90
        let data = try JSONEncoder().encode(settings)
        #expect(try JSONDecoder().decode(DispatchSettings.self, from: data) == settings)
        let bad = Data(#"{"gridCharging": {"mode": "cheaperThan", "wonPerKWh": -1}}"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(DispatchSettings.self, from: bad) }
    }
}
