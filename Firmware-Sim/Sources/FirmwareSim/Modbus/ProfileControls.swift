import DeviceProfiles
import Modbus

/// The writable points of a device, taken from its profile in `Meters/`: the profile is the contract
/// for what a client may write and within which limits, so the simulator refuses exactly what the
/// platform is told never to send.
struct ProfileControls: Sendable {
    struct Point: Sendable {
        let name: String
        let address: Int
        let type: RegisterType
        let order: WordOrder
        let scale: Double
        /// Holding register with the point's power of ten, if it has one.
        let scaleFactorAddress: Int?
        let minimum: Double
        let maximum: Double
    }

    let points: [Point]

    /// A write's outcome: the named values it sets, or the exception the device answers.
    enum ControlWrite {
        case accepted([(name: String, value: Double)])
        case refused(ModbusException)
    }

    /// Reads the controls' addresses from a builder laid out for the profile.
    init(profile: DeviceProfile, builder: DeviceImageBuilder) {
        points = profile.controls.compactMap { control in
            guard let location = try? builder.location(of: control.field.name), location.table == .holding else {
                return nil
            }
            let factor = control.field.scaleFactorField.flatMap { try? builder.location(of: $0).address }
            return Point(
                name: control.field.name, address: location.address, type: control.field.type,
                order: control.field.wordOrder, scale: control.field.scale, scaleFactorAddress: factor,
                minimum: control.minimum, maximum: control.maximum)
        }
    }

    /// The named values a write sets, in the points' units, or the exception a device answers:
    /// 2 for a register that is not a control point, 3 for a value outside the profile's limits.
    func decode(_ write: RegisterWrite, scaleFactor: (Int) -> Int) -> ControlWrite {
        guard write.table == .holdingRegisters else { return .refused(.illegalDataAddress) }
        var values: [(String, Double)] = []
        var index = 0
        while index < write.values.count {
            let register = write.address + index
            guard let point = points.first(where: { $0.address == register }),
                index + point.type.registerCount <= write.values.count
            else {
                return .refused(.illegalDataAddress)
            }
            let words = Array(write.values[index..<(index + point.type.registerCount)])
            guard let raw = try? RegisterCodec.decode(words, as: point.type, order: point.order),
                let number = raw.number
            else {
                return .refused(.illegalDataValue)
            }
            let exponent = point.scaleFactorAddress.map(scaleFactor) ?? 0
            let value = number * point.scale * pow10(exponent)
            guard value >= point.minimum - 1e-9, value <= point.maximum + 1e-9 else {
                return .refused(.illegalDataValue)
            }
            values.append((point.name, value))
            index += point.type.registerCount
        }
        return .accepted(values)
    }
}
