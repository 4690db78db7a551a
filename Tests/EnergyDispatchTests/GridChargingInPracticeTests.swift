import DispatchControl
import EnergyDispatch
import FirmwareSim
import Site
import Testing
import VillageStore

/// The grid-charging policy on the devices, not only in the plan: a charge planned on forecast PV
/// that does not come must not be drawn from the grid. The controller writes SunSpec `ChaGriSet`
/// with every setpoint; in "PV" mode the simulated PCS (like real ones) treats the charge rate as a
/// ceiling and charges only from the village's measured surplus.
@Suite(.serialized) struct GridChargingInPracticeTests {
    /// Midnight in winter: no PV at all, while the forecast promises 160 kW of surplus.
    static func chargedWhenPVFailsToCome(policy: GridChargingSetting) async throws -> (
        chargedWh: Double, reports: [DispatchStepReport]
    ) {
        let forecasts = GivenForecasts()
        forecasts.set(pvWh: 50_000, loadWh: 10_000, heatWh: 0)
        let fixture = try ControllerFixture(
            strategy: .selfConsumption, forecasts: forecasts, start: ControllerFixture.winterMidnight,
            gridCharging: policy)
        defer { fixture.village.stop() }
        let before = fixture.batteryChargedWh
        var reports: [DispatchStepReport] = []
        for _ in 0..<4 {
            reports.append(await fixture.controller.step(at: fixture.now))
            try fixture.village.advance(seconds: 900)
        }
        await fixture.controller.close()
        return (fixture.batteryChargedWh - before, reports)
    }

    @Test func neverPolicyDrawsNothingFromTheGridWhenPVFallsShort() async throws {
        let (chargedWh, reports) = try await Self.chargedWhenPVFailsToCome(policy: .never)
        for report in reports {
            #expect(report.failure == nil, "\(report.failure ?? "")")
            #expect(report.verified, "read-back did not confirm ChaGriSet and the rates")
            // The plan still asks for the charge it believes the PV will give …
            #expect(report.storage.mode == 1 && report.storage.chargeRatePct > 50)
            #expect(report.storage.chargeFromGrid == false)
            #expect(report.commands.contains { $0.setpoint == "ChaGriSet" && $0.value == 0 })
        }
        // … and the PCS takes none of it from the grid.
        #expect(chargedWh < 1, "the battery drew \(chargedWh) Wh from the grid")
    }

    /// The same hour with grid charging allowed: the PCS follows its setpoint from the grid, so the
    /// test above would see it if the mode were not written or not obeyed.
    @Test func allowedPolicyLetsThePCSFollowItsSetpointFromTheGrid() async throws {
        let (chargedWh, reports) = try await Self.chargedWhenPVFailsToCome(policy: .allowed)
        #expect(reports.allSatisfy { $0.storage.chargeFromGrid && $0.verified })
        #expect(chargedWh > 4 * 30_000, "the battery drew only \(chargedWh) Wh")
    }
}
