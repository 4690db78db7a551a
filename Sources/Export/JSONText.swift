/// JSON string escaping into a byte buffer (RFC 8259: quote, backslash and control characters).
enum JSONText {
    static func appendString(_ text: String, to buffer: ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            buffer.append(0x22)
            let clean = !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
            if clean {
                buffer.append(bytes)
            } else {
                for byte in bytes {
                    switch byte {
                    case 0x22: buffer.append([0x5C, 0x22])
                    case 0x5C: buffer.append([0x5C, 0x5C])
                    case 0x0A: buffer.append([0x5C, 0x6E])
                    case 0x0D: buffer.append([0x5C, 0x72])
                    case 0x09: buffer.append([0x5C, 0x74])
                    case ..<0x20:
                        let hex = Array("0123456789abcdef".utf8)
                        buffer.append([0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                    default: buffer.append(byte)
                    }
                }
            }
            buffer.append(0x22)
        }
    }

    /// Appends a value as JSON; times as ISO 8601 strings with the site's offset.
    static func appendValue(_ value: ExportValue, clock: SiteClock, to buffer: ByteBuffer) {
        switch value {
        case .null: buffer.append(Array("null".utf8))
        case .integer(let integer): buffer.appendInteger(integer)
        case .real(let real):
            if real.isFinite { buffer.appendReal(real) } else { buffer.append(Array("null".utf8)) }
        case .text(let text): appendString(text, to: buffer)
        case .time(let seconds):
            buffer.append(0x22)
            clock.appendTimestamp(seconds, to: buffer)
            buffer.append(0x22)
        }
    }
}
