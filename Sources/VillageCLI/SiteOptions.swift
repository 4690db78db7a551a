import ArgumentParser
import Foundation
import Site

/// `--site` and `--db`, shared by the commands that work on a village's database.
struct SiteOptions: ParsableArguments {
    @Option(help: "Site file (YAML). Default: the reference village in Firmware-Sim/sites/default.yaml.")
    var site = "Firmware-Sim/sites/default.yaml"

    @Option(help: "SQLite database of the village (created when missing).")
    var db = "village.sqlite"

    func loadSite() throws -> Site {
        try Site.load(path: site)
    }
}
