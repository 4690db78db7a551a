/// How a device lays out a value wider than one 16-bit register.
///
/// Named after the order of the value's bytes from most significant (A) to least, as they appear on
/// the wire register by register. Devices disagree: Eastron and SunSpec use `abcd`, many PLCs `cdab`.
public enum WordOrder: String, Sendable, CaseIterable, Codable {
    /// Big-endian words, big-endian bytes (the Modbus default).
    case abcd
    /// Little-endian words, big-endian bytes ("word swap").
    case cdab
    /// Big-endian words, little-endian bytes ("byte swap").
    case badc
    /// Little-endian words, little-endian bytes.
    case dcba

    /// Big-endian bytes of a value → registers in this order.
    func registers(fromBigEndianBytes bytes: [UInt8]) -> [UInt16] {
        var ordered = bytes
        if self == .cdab || self == .dcba {
            // reverse the order of the 16-bit words
            ordered = stride(from: bytes.count - 2, through: 0, by: -2).flatMap { [bytes[$0], bytes[$0 + 1]] }
        }
        let swapBytes = self == .badc || self == .dcba
        return stride(from: 0, to: ordered.count, by: 2).map { index in
            let (high, low) = swapBytes ? (ordered[index + 1], ordered[index]) : (ordered[index], ordered[index + 1])
            return UInt16(high) << 8 | UInt16(low)
        }
    }

    /// Registers in this order → the value's bits (at most four registers), without building the
    /// byte array that ``bigEndianBytes(fromRegisters:)`` makes: this runs for every field of every
    /// poll, and the arrays were most of the decoding's cost.
    func rawValue(fromRegisters registers: some Collection<UInt16>) -> UInt64 {
        let swapBytes = self == .badc || self == .dcba
        let reverseWords = self == .cdab || self == .dcba
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        for register in registers {
            let word = UInt64(swapBytes ? register.byteSwapped : register)
            if reverseWords {
                // The first register holds the least significant word.
                raw |= word << shift
                shift += 16
            } else {
                raw = raw << 16 | word
            }
        }
        return raw
    }

    /// Registers in this order → big-endian bytes of the value.
    func bigEndianBytes(fromRegisters registers: some Collection<UInt16>) -> [UInt8] {
        let swapBytes = self == .badc || self == .dcba
        var words = Array(registers)
        if self == .cdab || self == .dcba { words.reverse() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * 2)
        for register in words {
            let word = swapBytes ? register.byteSwapped : register
            bytes.append(UInt8(word >> 8))
            bytes.append(UInt8(word & 0xFF))
        }
        return bytes
    }
}
