import DeviceProfiles
import Modbus

/// How one read of a counter field reaches its accumulator.
///
/// An integer register goes in as the register's own count, with its own width and its scale to
/// base units, so that a 32-bit accumulator rolling over from 2³² − 1 to a small value is seen as
/// the wrap it is (the distance around the register), not as a new meter. A float register has
/// no width to wrap at: it goes in as base units in 64 bits, as does an integer register whose
/// scale is not an exact decimal fraction.
enum CounterRegister {
    /// The width and scale an accumulator counts a register in.
    struct Shape: Sendable, Hashable {
        var registerBits: Int
        var unitsPerCount: CounterScale

        /// Base units in a 64-bit register: floats, and counters of a bygone configuration.
        static let baseUnits = Shape(registerBits: 64, unitsPerCount: .one)
    }

    enum Sample: Sendable, Hashable {
        /// A count of `shape`'s register.
        case count(UInt64, Shape)
        /// A value no counter can hold: never stored, never turned into energy.
        case rejected(String)
    }

    /// The sample of `field` in `reading`; nil when the device reports it as not implemented (an
    /// integer sentinel, or an unknown scale factor), which says nothing about the counter.
    static func sample(of field: Field, in reading: DeviceReading, toBaseUnits: Double) -> Sample? {
        guard let fieldReading = reading.fields.first(where: { $0.name == field.name }) else { return nil }
        if field.type == .float32 {
            // SunSpec's float "not implemented" is a NaN, and a meter that computes a NaN or an
            // infinity has no count to give either: a counter cannot be NaN, so it is rejected.
            guard case .float(let value) = fieldReading.raw else { return .rejected("counter reads NaN") }
            return baseUnitSample(value, toBaseUnits: toBaseUnits)
        }
        guard let bits = countBits(of: field.type) else {
            return fieldReading.value.map { baseUnitSample($0, toBaseUnits: toBaseUnits) }
        }
        let count: UInt64
        switch fieldReading.raw {
        case .unsigned(let value): count = value
        case .integer(let value):
            guard value >= 0 else { return .rejected("counter \(value) is negative") }
            count = UInt64(value)
        case .float, .string, .notImplemented: return nil
        }
        var exponent = 0
        if let factorName = field.scaleFactorField {
            guard case .integer(let factor)? = reading.fields.first(where: { $0.name == factorName })?.raw else {
                return nil
            }
            exponent = Int(factor)
        }
        guard let scale = decimalScale(field.scale * toBaseUnits, powerOfTen: exponent) else {
            // No exact fraction (a scale factor of 10³⁰): count in base units as floats do.
            return fieldReading.value.map { baseUnitSample($0, toBaseUnits: toBaseUnits) }
        }
        return .count(count, Shape(registerBits: bits, unitsPerCount: scale))
    }

    /// The shape of `field` known without reading the device: nil when it depends on a scale-factor
    /// register (SunSpec `WH_SF`), which only a read tells.
    static func staticShape(of field: Field, toBaseUnits: Double) -> Shape? {
        guard field.type != .float32, let bits = countBits(of: field.type) else { return .baseUnits }
        guard field.scaleFactorField == nil else { return nil }
        guard let scale = decimalScale(field.scale * toBaseUnits, powerOfTen: 0) else { return .baseUnits }
        return Shape(registerBits: bits, unitsPerCount: scale)
    }

    /// The counting width of an integer register type: all its bits when unsigned; the
    /// non-negative range when signed, since a counter never goes below zero.
    static func countBits(of type: RegisterType) -> Int? {
        switch type {
        case .u16: 16
        case .u32, .acc32: 32
        case .u64, .acc64: 64
        case .i16: 15
        case .i32: 31
        case .i64: 63
        case .float32, .sunssf, .enum16, .bitfield16, .bitfield32, .string: nil
        }
    }

    /// A value in the profile's unit as base units in a 64-bit register, or the reason it is none.
    private static func baseUnitSample(_ value: Double, toBaseUnits: Double) -> Sample {
        guard value.isFinite else { return .rejected("counter reads \(value)") }
        let units = value * toBaseUnits
        guard units >= 0, units < 9e18 else { return .rejected("counter \(value) is negative or out of range") }
        return .count(UInt64(units.rounded()), .baseUnits)
    }

    /// `multiplier × 10^exponent` as a reduced fraction when the multiplier is a decimal with at
    /// most nine places (profile scales are 0.1, 0.01, 1000...) and the result stays within 10¹⁸.
    static func decimalScale(_ multiplier: Double, powerOfTen exponent: Int) -> CounterScale? {
        guard multiplier.isFinite, multiplier > 0, (-18...18).contains(exponent) else { return nil }
        var numerator: Int64?
        var denominator: Int64 = 1
        for places in 0...9 {
            let scaled = multiplier * Double(denominator)
            if scaled < 1e18, abs(scaled - scaled.rounded()) <= 1e-9 * max(1, scaled) {
                numerator = Int64(scaled.rounded())
                break
            }
            if places < 9 { denominator *= 10 }
        }
        guard var numerator, numerator > 0 else { return nil }
        for _ in 0..<abs(exponent) {
            let (next, overflow) = (exponent > 0 ? numerator : denominator).multipliedReportingOverflow(by: 10)
            guard !overflow, next <= 1_000_000_000_000_000_000 else { return nil }
            if exponent > 0 { numerator = next } else { denominator = next }
        }
        let divisor = gcd(numerator, denominator)
        return CounterScale(numerator: numerator / divisor, denominator: denominator / divisor)
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
