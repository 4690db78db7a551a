import DeviceProfiles
import FirmwareSim
import Logging
import Site

extension SimulatedVillage {
    /// Serves `site` on ports free on loopback now. Another program may take a port between the
    /// choice and the bind; the village is then served on a fresh set of ports (three tries).
    static func startOnFreePorts(
        _ site: Site, start: Int64, profiles: ProfileLibrary, truthSink: DemoTruth, logger: Logger
    ) throws -> SimulatedVillage {
        var attempt = 0
        while true {
            attempt += 1
            let village = try SimulatedVillage(
                site: site.onFreeLoopbackPorts(), start: start, profiles: profiles, truthSink: truthSink, logger: logger
            )
            do {
                try village.start()
                return village
            } catch {
                guard error.portInUse, attempt < 3 else { throw error }
                logger.notice(
                    "a chosen port was taken before the simulator bound it; choosing new ports",
                    metadata: ["error": "\(error)"])
            }
        }
    }
}
