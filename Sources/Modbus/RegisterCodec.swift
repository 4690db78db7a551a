/// Turns registers into values and back, for every `RegisterType` and `WordOrder`.
///
/// Floats are assembled from the 16-bit words here, never with libmodbus's float helpers, which swap
/// the bytes inside each word on x86 in 3.1.6.
package enum RegisterCodec {
    /// Why registers could not be decoded or a value not encoded.
    package struct CodecError: Error, Sendable, Equatable, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }

    /// Decodes the first `type.registerCount` registers of `registers`.
    package static func decode(
        _ registers: some Collection<UInt16>, as type: RegisterType, order: WordOrder = .abcd
    ) throws(CodecError) -> RegisterValue {
        try decode(ArraySlice(registers), as: type, order: order)
    }

    /// Decodes the first `type.registerCount` registers of `registers`: the same, without generic
    /// collection calls across the module boundary, since every field of every poll comes here.
    package static func decode(
        _ registers: ArraySlice<UInt16>, as type: RegisterType, order: WordOrder = .abcd
    ) throws(CodecError) -> RegisterValue {
        guard registers.count >= type.registerCount else {
            throw CodecError(message: "\(type) needs \(type.registerCount) registers, got \(registers.count)")
        }
        let words = registers.prefix(type.registerCount)
        if case .string = type {
            // Text is always sent in register order with the first character in the high byte.
            let bytes = WordOrder.abcd.bigEndianBytes(fromRegisters: words).prefix { $0 != 0 }
            let trimmed = bytes.reversed().drop { $0 == 0x20 }.reversed()
            return .string(String(decoding: trimmed, as: UTF8.self))
        }
        let raw = order.rawValue(fromRegisters: words)
        switch type {
        case .u16, .bitfield16:
            return .unsigned(raw)
        case .enum16:
            return raw == 0xFFFF ? .notImplemented : .unsigned(raw)
        case .i16, .sunssf:
            return raw == 0x8000 ? .notImplemented : .integer(Int64(Int16(bitPattern: UInt16(raw))))
        case .u32, .bitfield32:
            return raw == 0xFFFF_FFFF ? .notImplemented : .unsigned(raw)
        case .acc32:
            return raw == 0 ? .notImplemented : .unsigned(raw)
        case .i32:
            return raw == 0x8000_0000 ? .notImplemented : .integer(Int64(Int32(bitPattern: UInt32(raw))))
        case .u64:
            return .unsigned(raw)
        case .acc64:
            return raw == 0 ? .notImplemented : .unsigned(raw)
        case .i64:
            return .integer(Int64(bitPattern: raw))
        case .float32:
            let value = Float(bitPattern: UInt32(raw))
            return value.isNaN ? .notImplemented : .float(Double(value))
        case .string:
            preconditionFailure("handled above")
        }
    }

    /// Encodes `value` as `type` in `order`. Integers must fit the type; `.notImplemented` becomes the
    /// type's sentinel.
    package static func encode(
        _ value: RegisterValue, as type: RegisterType, order: WordOrder = .abcd
    ) throws(CodecError) -> [UInt16] {
        if case .string(let registers) = type {
            guard case .string(let text) = value else {
                throw CodecError(message: "\(type) needs text, got \(value)")
            }
            var bytes = Array(text.utf8.prefix(registers * 2))
            bytes += Array(repeating: 0, count: registers * 2 - bytes.count)
            return WordOrder.abcd.registers(fromBigEndianBytes: bytes)
        }
        let width = type.registerCount * 2
        let raw: UInt64
        switch (type, value) {
        case (_, .string):
            throw CodecError(message: "\(type) cannot hold text")
        case (.float32, .notImplemented):
            raw = 0x7FC0_0000
        case (.float32, _):
            guard let number = value.number else { throw CodecError(message: "no number in \(value)") }
            raw = UInt64(Float(number).bitPattern)
        case (_, .notImplemented):
            raw = sentinel(for: type)
        case (_, .float(let number)):
            guard number.isFinite, let integer = Int64(exactly: number.rounded()) else {
                throw CodecError(message: "\(number) is not a finite integer for \(type)")
            }
            raw = try bitPattern(of: integer, as: type)
        case (_, .integer(let integer)):
            raw = try bitPattern(of: integer, as: type)
        case (_, .unsigned(let unsigned)):
            if type == .u64 || type == .acc64 {
                raw = unsigned
            } else {
                guard let integer = Int64(exactly: unsigned) else {
                    throw CodecError(message: "\(unsigned) does not fit \(type)")
                }
                raw = try bitPattern(of: integer, as: type)
            }
        }
        let bytes = (0..<width).reversed().map { UInt8(truncatingIfNeeded: raw >> (8 * UInt64($0))) }
        return order.registers(fromBigEndianBytes: bytes)
    }

    private static func sentinel(for type: RegisterType) -> UInt64 {
        switch type {
        case .i16, .sunssf: 0x8000
        case .u16, .enum16, .bitfield16: 0xFFFF
        case .u32, .bitfield32: 0xFFFF_FFFF
        case .i32: 0x8000_0000
        case .acc32, .acc64: 0
        case .u64: UInt64.max
        case .i64: 0x8000_0000_0000_0000
        case .float32: 0x7FC0_0000
        case .string: 0
        }
    }

    private static func bitPattern(of integer: Int64, as type: RegisterType) throws(CodecError) -> UInt64 {
        let range: ClosedRange<Int64>
        switch type {
        case .u16, .enum16, .bitfield16: range = 0...Int64(UInt16.max)
        case .i16, .sunssf: range = Int64(Int16.min)...Int64(Int16.max)
        case .u32, .acc32, .bitfield32: range = 0...Int64(UInt32.max)
        case .i32: range = Int64(Int32.min)...Int64(Int32.max)
        case .u64, .acc64: range = 0...Int64.max
        case .i64: range = Int64.min...Int64.max
        case .float32, .string: preconditionFailure("not an integer type")
        }
        guard range.contains(integer) else {
            throw CodecError(message: "\(integer) does not fit \(type)")
        }
        let width = UInt64(type.registerCount * 16)
        let mask: UInt64 = width == 64 ? .max : (1 << width) - 1
        return UInt64(bitPattern: integer) & mask
    }
}

extension RegisterValue {
    /// Applies a power-of-ten scale factor (SunSpec `SF`, M-Bus exponent) and a fixed multiplier.
    public func scaled(powerOfTen exponent: Int = 0, multiplier: Double = 1) -> Double? {
        guard let number else { return nil }
        var factor = multiplier
        if exponent != 0 { factor *= powerOfTen(exponent) }
        return number * factor
    }
}

/// 10^n for the small n of scale factors, without a libm call (`pow` is not exact on every platform).
package func powerOfTen(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(exponent) { result *= 10 }
    return exponent < 0 ? 1 / result : result
}
