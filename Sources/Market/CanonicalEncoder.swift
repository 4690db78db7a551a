/// A byte encoding with exactly one form per value, so a hash over it is reproducible by any
/// implementation (and by the SQLite store reading rows back).
///
/// Integers are 8-byte big-endian two's complement; strings are a 4-byte big-endian UTF-8 length
/// then the bytes; lists are a 4-byte count then the elements; enum cases a 1-byte tag.
struct CanonicalEncoder {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    mutating func append(_ value: Int64) {
        let raw = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: raw >> UInt64(shift)))
        }
    }

    mutating func appendCount(_ count: Int) {
        let raw = UInt32(truncatingIfNeeded: count)
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: raw >> UInt32(shift)))
        }
    }

    mutating func append(_ value: String) {
        appendCount(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func append(tag: UInt8) { bytes.append(tag) }

    mutating func append(_ value: Bool) { bytes.append(value ? 1 : 0) }
}
