import Modbus

/// A block of registers being filled in before it is handed to a `RegisterBank` in one piece, so a
/// client never reads half of an update. Offsets are relative to `base`.
struct WordImage {
    let base: Int
    var words: [UInt16]

    init(base: Int, count: Int) {
        self.base = base
        words = Array(repeating: 0, count: count)
    }

    mutating func put(_ offset: Int, _ values: [UInt16]) {
        for (index, value) in values.enumerated() where offset + index < words.count {
            words[offset + index] = value
        }
    }

    mutating func put(_ offset: Int, _ value: RegisterValue, as type: RegisterType) {
        // Values come from the simulator and are clamped to their type by the callers; a value that
        // still does not fit is written as "not implemented" rather than crashing a served device.
        let encoded =
            (try? RegisterCodec.encode(value, as: type)) ?? (try? RegisterCodec.encode(.notImplemented, as: type))
        put(offset, encoded ?? [])
    }

    mutating func u16(_ offset: Int, _ value: Int) {
        put(offset, [UInt16(clamping: value)])
    }

    mutating func i16(_ offset: Int, _ value: Int) {
        put(offset, [UInt16(bitPattern: Int16(clamping: value))])
    }

    mutating func u32(_ offset: Int, _ value: Int64) {
        put(offset, .unsigned(UInt64(clamping: max(0, min(Int64(UInt32.max), value)))), as: .u32)
    }

    /// SunSpec accumulator; 0 is "not implemented", so a real count of 0 is impossible to send.
    mutating func acc32(_ offset: Int, _ value: Int64) {
        put(offset, .unsigned(UInt64(clamping: max(0, min(Int64(UInt32.max), value)))), as: .acc32)
    }

    mutating func i64(_ offset: Int, _ value: Int64) {
        put(offset, .integer(value), as: .i64)
    }

    mutating func float32(_ offset: Int, _ value: Double) {
        put(offset, value.isFinite ? .float(value) : .notImplemented, as: .float32)
    }

    mutating func string(_ offset: Int, _ text: String, registers: Int) {
        put(offset, .string(text), as: .string(registers: registers))
    }

    /// Scales a physical value by 10^-sf into an int16 register.
    mutating func scaledI16(_ offset: Int, _ value: Double, sf: Int) {
        i16(offset, Int((value / pow10(sf)).rounded()))
    }

    mutating func scaledU16(_ offset: Int, _ value: Double, sf: Int) {
        u16(offset, Int((max(0, value) / pow10(sf)).rounded()))
    }
}

/// 10^n for the small exponents scale factors use.
func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(exponent) { result *= 10 }
    return exponent < 0 ? 1 / result : result
}
