import Foundation
import Site
import Testing

@Suite("The default site reproduces the reference village")
struct DefaultSiteTests {
    let site = Site.default

    @Test func householdsAreTheReferenceUnits() {
        #expect(site.households.count == 56)
        #expect(site.households.filter(\.occupied).count == 54)
        let show = site.households.filter { !$0.occupied }
        #expect(show.count == 2)
        #expect(show.allSatisfy { $0.occupants == 0 })
        #expect(Set(site.households.map(\.unit)).count == 56)
    }

    @Test func installedPVIs503KWpSplitBetweenRoofsAndSharedBuildings() {
        #expect(abs(site.totalPeakPowerKWp - 503) < 0.001)
        let roofs = site.households.compactMap(\.roofPV).reduce(0) { $0 + $1.peakPowerKWp }
        let shared = site.sharedPV.reduce(0) { $0 + $1.generator.peakPowerKWp }
        #expect(roofs > 150)
        #expect(shared > 150)
        #expect(site.sharedPV.contains { $0.building == .public })
        #expect(site.sharedPV.contains { $0.building == .residential })
    }

    @Test func plantMatchesTheArticle() {
        #expect(site.ess.capacityKWh == 400)
        #expect(site.ess.pcsPowerKW == 180)
        #expect(site.heatPlant.heatPumps.count >= 2)
        #expect(Set(site.heatPlant.heatPumps.map(\.source)) == [.river, .ground])
    }

    @Test func everyHomeHasMeterInverterAndGateway() {
        for household in site.households {
            let profiles = site.devices(of: household.unit).map(\.profile).sorted()
            #expect(
                profiles
                    == [
                        DeviceProfileName.householdMeter, DeviceProfileName.mbusGateway,
                        DeviceProfileName.pvInverter,
                    ].sorted(), "household \(household.unit)")
        }
    }

    @Test func endpointsAndIdsAreUnique() {
        #expect(Set(site.devices.map(\.id)).count == site.devices.count)
        #expect(Set(site.devices.map(\.endpoint)).count == site.devices.count)
    }

    @Test func validates() throws {
        try site.validate()
    }

    @Test func yamlRoundTripGivesTheSameSite() throws {
        let text = site.yamlText()
        let decoded = try Site(yaml: text)
        #expect(decoded == site)
    }

    /// `Firmware-Sim/sites/default.yaml` is what people read and the collector loads; it must not
    /// drift from the built-in site (regenerate with `village-sim --write-default-site`).
    @Test func committedDefaultFileEqualsTheBuiltInSite() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("Firmware-Sim/sites/default.yaml").path
        let loaded = try Site.load(path: path)
        #expect(loaded == site)
    }
}
