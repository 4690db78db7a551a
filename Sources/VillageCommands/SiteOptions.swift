import ArgumentParser
import DeviceProfiles
import Foundation
import Site

/// `--site`, shared by the commands that read a village's site file.
struct SiteOptions: ParsableArguments {
    @Option(help: "Site file (YAML). Default: the reference village in Firmware-Sim/sites/default.yaml.")
    var site = "Firmware-Sim/sites/default.yaml"

    func loadSite() throws -> Site {
        try Site.load(path: site)
    }

    /// The site, refused at the device's line when a device names a profile `profiles` lacks.
    func loadSite(profiles: ProfileLibrary) throws -> Site {
        try Site.load(path: site, profiles: profiles)
    }
}

extension Site {
    /// Loads a site file whose every device must have a profile in `profiles`.
    static func load(path: String, profiles: ProfileLibrary) throws(SiteError) -> Site {
        try Site.load(path: path, knownProfiles: Set(profiles.profiles.keys))
    }
}
