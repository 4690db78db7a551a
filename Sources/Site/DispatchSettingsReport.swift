/// The dispatch settings in force and where they come from, as `village dispatch settings --json`
/// prints them and `GET /api/v1/dispatch/settings` answers: the site file's `dispatch:` section, or
/// the settings a manager set through the server, which replace it until changed again.
///
/// One type for the local read and the server's answer, so the command prints the same for both.
package struct DispatchSettingsReport: Codable, Sendable, Equatable {
    /// `site-file` or `override`.
    package var source: String
    /// When a manager last changed them (UTC Unix seconds); nil for the site file's.
    package var changedAt: Int64?
    package var settings: DispatchSettings

    package init(source: String, changedAt: Int64?, settings: DispatchSettings) {
        self.source = source
        self.changedAt = changedAt
        self.settings = settings
    }
}
