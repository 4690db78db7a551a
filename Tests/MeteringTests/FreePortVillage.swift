import FirmwareSim
import Site

/// The default village started on ports free on loopback, with the site naming the ports it got.
///
/// A port chosen free can be taken before the simulator binds it (e.g. as the local port of another
/// test's connection, the suites run in parallel): then the village is made again on fresh ports,
/// three tries, as the demo does.
func startedOnFreePorts(_ make: (Site) throws -> SimulatedVillage) throws -> (site: Site, village: SimulatedVillage) {
    var attempt = 0
    while true {
        attempt += 1
        let site = Site.default.onFreeLoopbackPorts()
        let village = try make(site)
        do {
            try village.start()
            return (site, village)
        } catch {
            guard error.portInUse, attempt < 3 else { throw error }
        }
    }
}
