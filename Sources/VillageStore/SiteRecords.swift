/// A site as the store knows it: the metadata that intervals and bills are interpreted against.
public struct SiteRecord: Sendable, Hashable, Codable {
    /// Site-unique identifier, e.g. `eco-delta`.
    public var id: String
    public var name: String
    /// IANA time-zone identifier that settlement intervals are aligned to, e.g. `Asia/Seoul`.
    public var timeZone: String

    public init(id: String, name: String, timeZone: String = "Asia/Seoul") {
        self.id = id
        self.name = name
        self.timeZone = timeZone
    }
}

/// A household, identified by its unit number.
public struct HouseholdRecord: Sendable, Hashable, Codable {
    /// The unit number as a string, e.g. `"101"`.
    public var unitId: String

    public init(unitId: String) { self.unitId = unitId }
}

/// A metered device and whom its readings belong to.
public struct DeviceRecord: Sendable, Hashable, Codable {
    /// Site-unique device identifier, e.g. `101-elec`.
    public var id: String
    /// The household that owns the readings, or nil for plant equipment (battery, heat pumps, tank).
    public var householdId: String?
    /// What the device is, e.g. `electricity-meter`, `ess`, `heat-pump`.
    public var kind: String
    /// The device profile (from `Meters/`) used to read it.
    public var profile: String

    public init(id: String, householdId: String?, kind: String, profile: String) {
        self.id = id
        self.householdId = householdId
        self.kind = kind
        self.profile = profile
    }

    /// The owner that the device's interval energies are booked to.
    public var owner: IntervalOwner {
        if let householdId { return .household(householdId) }
        return .plant(id)
    }
}
