/// The encoding of a value held in one or more Modbus registers.
public enum RegisterType: Sendable, Hashable, CustomStringConvertible {
    case u16, i16, u32, i32, u64, i64, float32
    /// SunSpec accumulator: unsigned 32-bit, where 0 means "not implemented".
    case acc32
    /// SunSpec accumulator, 64-bit.
    case acc64
    /// SunSpec scale factor: signed 16-bit power of ten.
    case sunssf
    /// SunSpec enumeration: unsigned 16-bit, 0xFFFF means "not implemented".
    case enum16
    case bitfield16, bitfield32
    /// ASCII text, NUL-padded, two characters per register.
    case string(registers: Int)

    /// Registers one value occupies.
    public var registerCount: Int {
        switch self {
        case .u16, .i16, .sunssf, .enum16, .bitfield16: 1
        case .u32, .i32, .float32, .acc32, .bitfield32: 2
        case .u64, .i64, .acc64: 4
        case .string(let registers): registers
        }
    }

    /// The names used in profile files.
    public var description: String {
        switch self {
        case .u16: "u16"
        case .i16: "i16"
        case .u32: "u32"
        case .i32: "i32"
        case .u64: "u64"
        case .i64: "i64"
        case .float32: "float32"
        case .acc32: "acc32"
        case .acc64: "acc64"
        case .sunssf: "sunssf"
        case .enum16: "enum16"
        case .bitfield16: "bitfield16"
        case .bitfield32: "bitfield32"
        case .string(let registers): "string\(registers)"
        }
    }

    /// Parses a profile's type name: the names of `description`, with `string` taking its length in
    /// registers (`string8`) or from `length`.
    public init?(name: String, stringRegisters: Int? = nil) {
        let simple: [String: RegisterType] = [
            "u16": .u16, "uint16": .u16, "i16": .i16, "int16": .i16, "u32": .u32, "uint32": .u32,
            "i32": .i32, "int32": .i32, "u64": .u64, "uint64": .u64, "i64": .i64, "int64": .i64,
            "float32": .float32, "acc32": .acc32, "acc64": .acc64, "sunssf": .sunssf,
            "enum16": .enum16, "bitfield16": .bitfield16, "bitfield32": .bitfield32,
        ]
        if let type = simple[name] {
            self = type
        } else if name == "string", let stringRegisters, stringRegisters > 0 {
            self = .string(registers: stringRegisters)
        } else if name.hasPrefix("string"), let count = Int(name.dropFirst(6)), count > 0 {
            self = .string(registers: count)
        } else {
            return nil
        }
    }
}

/// A decoded register value, before any scaling.
public enum RegisterValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int64)
    case unsigned(UInt64)
    case float(Double)
    case string(String)
    /// The device marks the value as not implemented (SunSpec sentinels, NaN floats).
    case notImplemented

    /// The value as a number, or nil for text and "not implemented".
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .unsigned(let value): Double(value)
        case .float(let value): value
        case .string, .notImplemented: nil
        }
    }

    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .unsigned(let value): String(value)
        case .float(let value): String(value)
        case .string(let value): value
        case .notImplemented: "not implemented"
        }
    }
}
