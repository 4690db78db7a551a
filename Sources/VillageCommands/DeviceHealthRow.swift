import VillageStore

/// One line of the health table (and its JSON form).
struct DeviceHealthRow: Encodable {
    var device: String
    var household: String?
    var profile: String
    var endpoint: String
    var state: String
    var lastReading: String?
    var ageSeconds: Int64?
    var consecutiveFailures: Int64
    var errors: [String: Int64]
    var lastError: String?

    init(device: String, household: String?, profile: String, endpoint: String, health: DeviceHealth?, now: Int64) {
        self.device = device
        self.household = household
        self.profile = profile
        self.endpoint = endpoint
        state = health?.state.rawValue ?? "never polled"
        lastReading = health?.lastSuccess.map(LocalTime.format)
        ageSeconds = health?.lastSuccess.map { now - $0 }
        consecutiveFailures = health?.consecutiveFailures ?? 0
        errors = health?.errorCounts ?? [:]
        lastError = health?.lastError
    }

    var errorSummary: String {
        errors.isEmpty ? "0" : errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
