import ArgumentParser
import DeviceProfiles
import Foundation
import Hummingbird
import Tariffs
import VillageServer
import VillageWebApp

/// The web app's option of `village serve` and `village run --listen`.
struct WebServeOptions: ParsableArguments {
    @Flag(
        name: .customLong("secure-cookies"),
        help:
            "Browsers reach the server over HTTPS (e.g. through a TLS proxy): session cookies get Secure, pages Strict-Transport-Security."
    )
    var secureCookies = false

    /// The web app's pages for the API's router; `planning` lets the manager page plan.
    func routes(planning: WebApp.PlantPlanning?) -> (VillageAPI) -> [@Sendable (Router<VillageRequestContext>) -> Void]
    {
        let secure = secureCookies
        return { api in
            let web = WebApp(api: api, planning: planning, secureCookies: secure)
            return [{ router in web.addRoutes(to: router) }]
        }
    }
}

/// What `village serve` needs for the manager page's next plan: the device profiles and the
/// plant's tariffs (`village run` has them already).
struct WebPlanningOptions: ParsableArguments {
    @OptionGroup var meters: MetersOptions

    @Option(
        name: .customLong("plant-tariff"),
        help: "Import tariff of the shared plant, for the manager page's next plan: a name in --tariffs-dir.")
    var plantTariff = "kepco-industrial-eul-high-voltage-a-option-1"

    @Option(
        name: .customLong("export-tariff"),
        help: "Export price of the plant's surplus for the manager page's next plan ('none': none).")
    var exportTariff = "smp-export"

    /// The planning inputs, or nil after a warning naming what is missing: the API and the other
    /// pages are served all the same, and the manager page says why it shows no plan.
    func planningOrWarning(library: TariffLibrary) -> WebApp.PlantPlanning? {
        do {
            return try planning(library: library)
        } catch {
            print("village serve: the manager page will show no plan: \(error)")
            return nil
        }
    }

    func planning(library: TariffLibrary) throws -> WebApp.PlantPlanning {
        WebApp.PlantPlanning(
            profiles: try meters.loadProfiles(), importTariff: try library.tariff(named: plantTariff),
            exportTariff: exportTariff == "none" ? nil : try library.tariff(named: exportTariff))
    }
}
