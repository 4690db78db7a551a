import Modbus

/// One decoded value of a device, with its meaning and unit.
public struct FieldReading: Sendable, Hashable {
    public var name: String
    public var semantic: String?
    /// The value in `unit` after scaling; nil when the device marks it "not implemented" or its
    /// scale factor is not implemented.
    public var value: Double?
    /// Text fields (serial numbers, model names).
    public var text: String?
    public var unit: String?
    public var raw: RegisterValue
}

/// Everything read from a device in one poll.
public struct DeviceReading: Sendable, Hashable {
    public var profileID: String
    public var fields: [FieldReading]
    /// For SunSpec devices, the models that discovery found.
    public var sunSpec: SunSpecMap?

    public func value(semantic: String) -> Double? {
        fields.first { $0.semantic == semantic }?.value
    }

    public func value(named name: String) -> Double? {
        fields.first { $0.name == name }?.value
    }
}
