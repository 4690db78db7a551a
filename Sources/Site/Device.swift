import ConfigFiles

/// One Modbus device of the site. Households and the plant refer to devices by their `id`, which is
/// unique across the site and is what every later component uses to name a reading.
public struct Device: Sendable, Hashable, Codable {
    /// Site-unique id such as `meter-101`.
    public var id: String
    /// Name of a profile in `Meters/` (see `DeviceProfileName`).
    public var profile: String
    /// The household this device belongs to; `nil` for plant devices.
    public var household: String?
    public var endpoint: ModbusEndpoint

    public init(id: String, profile: String, household: String? = nil, endpoint: ModbusEndpoint) {
        self.id = id
        self.profile = profile
        self.household = household
        self.endpoint = endpoint
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, profile, household, endpoint
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        profile = try container.decode(String.self, forKey: .profile)
        household = try container.decodeIfPresent(String.self, forKey: .household)
        endpoint = try container.decode(ModbusEndpoint.self, forKey: .endpoint)
        for (key, value) in [(CodingKeys.id, id), (.profile, profile)] where value.isEmpty {
            throw ConfigFieldError(
                code: .invalidValue, path: container.codingPath + [key],
                message: "must not be empty")
        }
    }
}
