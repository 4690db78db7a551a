import Testing
import VillageStore

@Suite struct ChannelTests {
    @Test(arguments: ["energy.import", "water.volume", "ess.soc", "a", "heat_pump.energy2"])
    func wellFormedNames(name: String) {
        #expect(MeteringChannel(rawValue: name).isWellFormed)
    }

    @Test(arguments: [
        "", ".", "energy.", ".energy", "energy..import", "Energy.import", "energy import", "énergie",
        String(repeating: "a", count: 65),
    ])
    func malformedNames(name: String) {
        #expect(!MeteringChannel(rawValue: name).isWellFormed)
    }
}
