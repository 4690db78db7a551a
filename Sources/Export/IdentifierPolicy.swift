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

    func device(_ deviceId: String) -> String {
        guard let pseudonymizer else { return deviceId }
        if let known = devices[deviceId] { return known }
        let label = pseudonymizer.device(deviceId)
        devices[deviceId] = label
        return label
    }
}
