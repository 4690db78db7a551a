import Foundation
import Logging
import Site
import VillageStore

extension DispatchController {
    /// Plans with the dispatch settings a manager set through the server, if any: read from the
    /// store before every step, so the next plan uses a change. The settings are the site file's
    /// `dispatch:` section as JSON, decoded by its own decoder; settings that no longer decode (or
    /// a store that cannot be read) leave the settings in force unchanged, with a logged error.
    ///
    /// The Modbus response timeout stays as the controller was built: its connections are open.
    package func adoptSettingsOverride() async {
        guard let store else { return }
        let settings: DispatchSettings
        do {
            guard let json = try await store.dispatchSettingsOverrideJSON() else { return }
            settings = try JSONDecoder().decode(DispatchSettings.self, from: Data(json.utf8))
        } catch {
            logger.error("dispatch settings override not read; planning as before", metadata: ["error": "\(error)"])
            return
        }
        guard settings != site.dispatch else { return }
        do {
            var adopted = try DispatchControllerConfiguration(
                settings: settings, tariff: configuration.tariff, exportTariff: configuration.exportTariff)
            adopted.stepSeconds = configuration.stepSeconds
            adopted.responseTimeout = configuration.responseTimeout
            configuration = adopted
            site.dispatch = settings
            logger.notice(
                "dispatch settings changed through the server", metadata: ["dispatch.strategy": "\(settings.strategy)"])
        } catch {
            logger.error("dispatch settings override refused; planning as before", metadata: ["error": "\(error)"])
        }
    }
}
