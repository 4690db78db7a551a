import DeviceProfiles
import FirmwareSim
import Logging
import Site

extension SimulatedVillage {
    /// The demo's village on ports free on loopback now, started; a port taken before the bind is
    /// logged and the village served on fresh ports.
    static func startedOnFreePorts(
        _ site: Site, start: Int64, profiles: ProfileLibrary, truthSink: DemoTruth, logger: Logger
    ) throws -> SimulatedVillage {
        try startedOnFreePorts(
            site,
            retrying: { error in
                logger.notice(
                    "a chosen port was taken before the simulator bound it; choosing new ports",
                    metadata: ["error": "\(error)"])
            },
            make: { site in
                try SimulatedVillage(site: site, start: start, profiles: profiles, truthSink: truthSink, logger: logger)
            })
    }
}
