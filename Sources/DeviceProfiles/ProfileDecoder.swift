import Modbus

/// Turns a register image into field values, and values into registers, using a profile (and, for
/// SunSpec devices, where the models are).
package struct ProfileDecoder: Sendable {
    package let profile: DeviceProfile
    package let sunSpec: SunSpecMap?
    /// The fields then the control points, in the order a decode returns them.
    private let decoded: [Field]
    /// For each of `decoded`, the position in it of its scale-factor field.
    private let scaleFactorPositions: [Int?]

    package init(profile: DeviceProfile, sunSpec: SunSpecMap?) {
        self.profile = profile
        self.sunSpec = sunSpec
        decoded = profile.fields + profile.controls.map(\.field)
        let positions = Dictionary(decoded.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        scaleFactorPositions = decoded.map { field in field.scaleFactorField.flatMap { positions[$0] } }
    }

    /// A field or a value that does not fit.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package var field: String
        package var message: String
        package var description: String { "\(field): \(message)" }
    }

    /// The table and address of a field, given where the SunSpec models are.
    package func address(of field: Field) throws(Failure) -> (table: RegisterTable, address: Int) {
        switch field.location {
        case .address(let table, let address):
            return (table, address)
        case .sunSpec(let models, let offset):
            guard let model = sunSpec?.model(models) else {
                throw Failure(field: field.name, message: "SunSpec model \(models) was not found on the device")
            }
            return (.holding, model.start + offset)
        }
    }

    /// Decodes every field and control point present in the image.
    package func decode(_ image: RegisterImage) throws(Failure) -> [FieldReading] {
        var raw: [RegisterValue] = []
        raw.reserveCapacity(decoded.count)
        for field in decoded {
            let (table, address) = try self.address(of: field)
            guard let words = image.words(table: table, at: address, count: field.type.registerCount) else {
                throw Failure(field: field.name, message: "registers \(address)... were not read")
            }
            do {
                raw.append(try RegisterCodec.decode(words, as: field.type, order: field.wordOrder))
            } catch {
                throw Failure(field: field.name, message: error.description)
            }
        }
        return decoded.indices.map { position in
            let field = decoded[position]
            let value = raw[position]
            var text: String?
            if case .string(let string) = value { text = string }
            return FieldReading(
                name: field.name, semantic: field.semantic,
                value: scaled(value, field: field, factor: scaleFactorPositions[position].map { raw[$0] }), text: text,
                unit: field.unit, raw: value)
        }
    }

    /// `factor` is the value of the field's scale-factor field (nil when it has none, or none was
    /// decoded: then a field that names one has no value).
    private func scaled(_ value: RegisterValue, field: Field, factor: RegisterValue?) -> Double? {
        var exponent = 0
        if field.scaleFactorField != nil {
            guard let factor = factor?.number else { return nil }
            exponent = Int(factor)
        }
        return value.scaled(powerOfTen: exponent, multiplier: field.scale)
    }

    /// Registers that hold `value` (in the field's unit) for a field, given the power of ten its
    /// scale-factor field holds. Rounds to the register's resolution, like real firmware.
    package func encode(_ value: Double?, for field: Field, scaleFactorExponent: Int = 0) throws(Failure) -> [UInt16] {
        let raw: RegisterValue
        if let value {
            let unscaled = value / field.scale / powerOfTen(scaleFactorExponent)
            switch field.type {
            case .float32: raw = .float(unscaled)
            case .string: throw Failure(field: field.name, message: "a number cannot go into a text field")
            default: raw = .float(unscaled.rounded())
            }
        } else {
            raw = .notImplemented
        }
        do {
            return try RegisterCodec.encode(raw, as: field.type, order: field.wordOrder)
        } catch {
            throw Failure(field: field.name, message: error.description)
        }
    }
}
