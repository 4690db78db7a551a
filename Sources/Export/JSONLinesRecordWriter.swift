/// JSON Lines: one object per row, keys in column order, nulls written as `null`.
final class JSONLinesRecordWriter: RecordWriter {
    private let file: OutputFile
    private let clock: SiteClock
    /// `{"name":` and `,"name":` for each column, escaped once.
    private let keyPrefixes: [[UInt8]]

    init(schema: TableSchema, file: OutputFile, clock: SiteClock) {
        self.file = file
        self.clock = clock
        keyPrefixes = schema.fields.enumerated().map { index, field in
            let buffer = ByteBuffer(capacity: 64)
            buffer.append(index == 0 ? 0x7B : 0x2C)
            JSONText.appendString(field.name, to: buffer)
            buffer.append(0x3A)
            return Array(buffer.bytes)
        }
    }

    func write(_ row: [ExportValue]) throws(ExportError) {
        let buffer = file.buffer
        for (index, value) in row.enumerated() {
            buffer.append(keyPrefixes[index])
            JSONText.appendValue(value, clock: clock, to: buffer)
        }
        buffer.append([0x7D, 0x0A])
        try file.flushIfNeeded()
    }

    func finish() throws(ExportError) { try file.flush() }
}
