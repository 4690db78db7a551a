import FirmwareSim
import Site
import Testing

/// Whatever a dispatcher sends, the battery stays inside its SoC window and its PCS rating, and its
/// energy adds up: stored change = charged × ηc − discharged ÷ ηd − self-discharge.
@Suite("Storage invariants")
struct StoragePropertyTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func anySetpointSequenceKeepsTheBatteryInsideItsLimits(seed: UInt64) throws {
        let site = Site.default
        let ess = site.ess
        let noise = SeededNoise(seed: seed)
        let sim = try VillageSimulation(site: site, start: SimulatedVillageFixture.winterMidnight)
        let stream = SeededNoise.stream("property.storage")
        var selfDischargeBound = 0.0
        let startStored = sim.storage.storedWh
        for index in 0..<150 {
            let watts = (noise.signed(stream, Int64(index) * 2) * ess.pcsPowerKW * 1000).rounded()
            let minutes = 1 + Int64(noise.unit(stream, Int64(index) * 2 + 1) * 90)
            try sim.setStoragePower(watts: watts)
            for _ in 0..<minutes {
                try sim.step()
                #expect(sim.storage.socPct >= ess.socMinPct - 1e-9 && sim.storage.socPct <= ess.socMaxPct + 1e-9)
                #expect(abs(sim.storage.powerW) <= ess.pcsPowerKW * 1000 + 1e-9)
                #expect((0...sim.hotTank.capacityWh).contains(sim.hotTank.storedWh))
                #expect((0...sim.coldTank.capacityWh).contains(sim.coldTank.storedWh))
                selfDischargeBound += sim.storage.capacityWh * ess.selfDischargePctPerDay / 100 / 1440
            }
        }
        let expectedChange =
            sim.storage.charged.total * ess.chargeEfficiency
            - sim.storage.discharged.total / ess.dischargeEfficiency
        let actualChange = sim.storage.storedWh - startStored
        #expect(actualChange <= expectedChange + 1e-6)
        #expect(actualChange >= expectedChange - selfDischargeBound - 1e-6)
        #expect(sim.storage.charged.total > 0 && sim.storage.discharged.total > 0)
    }
}
