import DeviceProfiles
import Site
import VillageStore

/// A device of the site as the collector polls it: its profile, poll interval, timeout and the
/// channels it records.
public struct CollectedDevice: Sendable {
    public var device: Device
    public var profile: DeviceProfile
    public var pollIntervalSeconds: Int64
    public var responseTimeout: Duration
    /// The rated rate of each counter channel, base units per hour (plausibility limit).
    var ratedPerHour: [MeteringChannel: Int64]
    /// SoC readings are percentages; the store keeps the battery's stored Wh.
    var batteryCapacityWh: Int64?

    var owner: IntervalOwner {
        if let household = device.household { return .household(household) }
        return .plant(device.id)
    }

    /// The store's record of this device.
    var record: DeviceRecord {
        DeviceRecord(id: device.id, householdId: device.household, kind: profile.id, profile: profile.id)
    }

    /// Every field of the profile that the collector records, with its channel: worked out once,
    /// since every poll of the device walks them.
    let mappings: [(field: Field, mapping: ChannelMapping)]

    init(
        device: Device, profile: DeviceProfile, pollIntervalSeconds: Int64, responseTimeout: Duration,
        ratedPerHour: [MeteringChannel: Int64], batteryCapacityWh: Int64?
    ) {
        self.device = device
        self.profile = profile
        self.pollIntervalSeconds = pollIntervalSeconds
        self.responseTimeout = responseTimeout
        self.ratedPerHour = ratedPerHour
        self.batteryCapacityWh = batteryCapacityWh
        mappings = profile.fields.compactMap { field in
            guard let semantic = field.semantic,
                let mapping = ChannelMapping.mapping(semantic: semantic, unit: field.unit)
            else { return nil }
            return (field, mapping)
        }
    }
}
