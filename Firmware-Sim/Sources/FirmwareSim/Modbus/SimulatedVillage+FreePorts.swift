import Site

extension SimulatedVillage {
    /// The village `make` builds on `site` moved to ports free on loopback now
    /// (``Site/onFreeLoopbackPorts()``), started; its ``site`` names the ports it got.
    ///
    /// A port chosen free can be taken before the simulator binds it (as the local port of another
    /// program's connection, say): the village is then made again on fresh ports, up to `attempts`
    /// times, and `retrying` hears each such error.
    public static func startedOnFreePorts(
        _ site: Site, attempts: Int = 3, retrying: (SimulatorStartError) -> Void = { _ in },
        make: (Site) throws -> SimulatedVillage
    ) throws -> SimulatedVillage {
        var attempt = 0
        while true {
            attempt += 1
            let village = try make(site.onFreeLoopbackPorts())
            do {
                try village.start()
                return village
            } catch {
                guard error.portInUse, attempt < attempts else { throw error }
                retrying(error)
            }
        }
    }
}
