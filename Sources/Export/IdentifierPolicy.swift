/// How identifiers appear in an export: as stored, or pseudonymised (memoised per identifier).
final class IdentifierPolicy {
    let pseudonymizer: Pseudonymizer?
    private var households: [String: String] = [:]
    private var devices: [String: String] = [:]

    init(pseudonymizer: Pseudonymizer?) { self.pseudonymizer = pseudonymizer }

    var isPseudonymizing: Bool { pseudonymizer != nil }

    func household(_ unitId: String) -> String {
        guard let pseudonymizer else { return unitId }
        if let known = households[unitId] { return known }
        let label = pseudonymizer.household(unitId)
        households[unitId] = label
        return label
    }

    /// The site's id as stored, or `site-` and its keyed hash: a site id can be the village's name.
    func site(_ siteId: String) -> String {
        guard let pseudonymizer else { return siteId }
        return pseudonymizer.site(siteId)
    }

    func device(_ deviceId: String) -> String {
        guard let pseudonymizer else { return deviceId }
        if let known = devices[deviceId] { return known }
        let label = pseudonymizer.device(deviceId)
        devices[deviceId] = label
        return label
    }
}
