import Testing
import VillageEdge

/// The village's name towards the backend, from its site id.
@Suite struct VillageNameTests {
    @Test(arguments: [
        ("eco-delta", "eco-delta"),
        ("Eco Delta Smart Village (reference)", "Eco-Delta-Smart-Village-reference"),
        ("a/b c", "a-b-c"),
        ("마을 1", "1"),
        ("(((", "village"),
    ])
    func isOneSafeWord(site: String, name: String) {
        #expect(UplinkOutbox.villageName(site: site) == name)
    }
}
