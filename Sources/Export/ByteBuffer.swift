/// A growable byte buffer that the writers format rows into, without a `String` per field.
///
/// Owned by one writer on one thread; `OutputFile` drains it to disk when it passes a threshold, so
/// memory stays bounded whatever the size of the export.
final class ByteBuffer {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func ensureCapacity(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newPointer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newPointer.update(from: pointer, count: count)
        pointer.deallocate()
        pointer = newPointer
        capacity = newCapacity
    }

    /// Appends one byte; the caller has called `ensureCapacity`.
    @inline(__always)
    func appendUnchecked(_ byte: UInt8) {
        pointer[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        ensureCapacity(1)
        appendUnchecked(byte)
    }

    func append(_ bytes: [UInt8]) {
        ensureCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { (pointer + count).update(from: base, count: source.count) }
        }
        count += bytes.count
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        ensureCapacity(bytes.count)
        if let base = bytes.baseAddress { (pointer + count).update(from: base, count: bytes.count) }
        count += bytes.count
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends `value` in decimal, zero-padded to at least `width` digits; the caller has made room.
    @inline(__always)
    func appendDigits(_ value: Int64, width: Int) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let total = max(digits, width)
        var position = count + total - 1
        var remaining = value
        for _ in 0..<total {
            pointer[position] = UInt8(truncatingIfNeeded: 0x30 + remaining % 10)
            remaining /= 10
            position -= 1
        }
        count += total
    }

    /// Appends a signed integer in decimal.
    @inline(__always)
    func appendInteger(_ value: Int64) {
        ensureCapacity(20)
        if value < 0 {
            appendUnchecked(0x2D)
            if value == .min {
                append("9223372036854775808")
                return
            }
            appendDigits(-value, width: 1)
        } else {
            appendDigits(value, width: 1)
        }
    }

    /// Appends a finite double in its shortest round-trip form (`1.5`, `0.001`).
    func appendReal(_ value: Double) {
        append(value.description)
    }

    func removeAll() { count = 0 }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: pointer, count: count) }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
