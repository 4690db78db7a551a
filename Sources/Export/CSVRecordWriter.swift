/// RFC 4180 CSV: UTF-8, CRLF line ends, a header line, fields quoted only when they contain a comma,
/// a quote or a line break (quotes doubled). Nulls are empty fields.
final class CSVRecordWriter: RecordWriter {
    private let file: OutputFile
    private let clock: SiteClock

    init(schema: TableSchema, file: OutputFile, clock: SiteClock) {
        self.file = file
        self.clock = clock
        for (index, field) in schema.fields.enumerated() {
            if index > 0 { file.buffer.append(0x2C) }
            appendText(field.name)
        }
        file.buffer.append([0x0D, 0x0A])
    }

    func write(_ row: [ExportValue]) throws(ExportError) {
        let buffer = file.buffer
        var first = true
        for value in row {
            if !first { buffer.append(0x2C) }
            first = false
            switch value {
            case .null: break
            case .integer(let integer): buffer.appendInteger(integer)
            case .real(let real): if real.isFinite { buffer.appendReal(real) }
            case .text(let text): appendText(text)
            case .time(let seconds): clock.appendTimestamp(seconds, to: buffer)
            }
        }
        buffer.append([0x0D, 0x0A])
        try file.flushIfNeeded()
    }

    func finish() throws(ExportError) { try file.flush() }

    private func appendText(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            let needsQuotes = bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            guard needsQuotes else {
                file.buffer.append(bytes)
                return
            }
            file.buffer.append(0x22)
            for byte in bytes {
                if byte == 0x22 { file.buffer.append(0x22) }
                file.buffer.append(byte)
            }
            file.buffer.append(0x22)
        }
    }
}
