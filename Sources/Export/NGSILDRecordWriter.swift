/// NGSI-LD entities in normalised form, written as one JSON array (the body of a broker's
/// `POST /ngsi-ld/v1/entityOperations/upsert`), one entity per line.
///
/// Every entity carries its own `@context` (the Smart Data Models context of dataModel.Device and
/// the NGSI-LD core context) so that each can be loaded on its own. Null columns are left out:
/// NGSI-LD has no null attributes.
final class NGSILDRecordWriter: RecordWriter {
    /// The JSON-LD contexts that give the attribute names their meaning.
    static let contexts = [
        "https://raw.githubusercontent.com/smart-data-models/dataModel.Device/master/context.jsonld",
        "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld",
    ]

    private let file: OutputFile
    private let clock: SiteClock
    private let schema: TableSchema
    private let idPrefix: [UInt8]
    private let siteURNPart: String
    private let contextMember: [UInt8]
    private let idIndices: [Int]
    private let valueIndices: [Int]
    private let propertyIndex: Int?
    private let observedIndex: Int
    /// Per column: how it is rendered.
    private let roles: [Role]
    /// `,"name":` per column, escaped once.
    private let memberPrefixes: [[UInt8]]
    private var rowCount = 0

    private enum Role {
        case skipped, property
        case relationship(entityType: String)
    }

    init(schema: TableSchema, file: OutputFile, clock: SiteClock, siteId: String) {
        self.file = file
        self.clock = clock
        self.schema = schema
        let shape = schema.entity
        siteURNPart = Self.urnSafe(siteId)
        idPrefix = Array("urn:ngsi-ld:\(shape.type):\(Self.urnSafe(siteId)):".utf8)
        let contextBuffer = ByteBuffer(capacity: 256)
        contextBuffer.append(",\"@context\":[")
        for (index, context) in Self.contexts.enumerated() {
            if index > 0 { contextBuffer.append(0x2C) }
            JSONText.appendString(context, to: contextBuffer)
        }
        contextBuffer.append("]}")
        contextMember = Array(contextBuffer.bytes)
        idIndices = shape.idFields.compactMap(schema.index(of:))
        valueIndices = shape.valueFields.compactMap(schema.index(of:))
        propertyIndex = shape.propertyField.flatMap(schema.index(of:))
        observedIndex = schema.index(of: shape.observedField) ?? 0
        let valueIndices = valueIndices
        let propertyIndex = propertyIndex
        roles = schema.fields.enumerated().map { index, field in
            if valueIndices.contains(index) || index == propertyIndex { return .skipped }
            if let entityType = shape.relationships[field.name] { return .relationship(entityType: entityType) }
            return .property
        }
        memberPrefixes = schema.fields.map { field in
            let buffer = ByteBuffer(capacity: 64)
            buffer.append(0x2C)
            JSONText.appendString(field.ngsiName, to: buffer)
            buffer.append(0x3A)
            return Array(buffer.bytes)
        }
        file.buffer.append(0x5B)
    }

    func write(_ row: [ExportValue]) throws(ExportError) {
        let buffer = file.buffer
        buffer.append(rowCount == 0 ? [0x0A] : [0x2C, 0x0A])
        rowCount += 1
        buffer.append("{\"id\":\"")
        buffer.append(idPrefix)
        for (position, index) in idIndices.enumerated() {
            if position > 0 { buffer.append(0x3A) }
            appendIdPart(row[index], to: buffer)
        }
        buffer.append("\",\"type\":")
        JSONText.appendString(schema.entity.type, to: buffer)

        var observedUTC: Int64?
        if case .time(let seconds) = row[observedIndex] {
            observedUTC = seconds
            buffer.append(",\"dateObserved\":")
            appendDateTimeProperty(seconds, to: buffer)
        }
        if let valueIndex = valueIndices.first(where: { row[$0] != .null }) {
            buffer.append(",\"numValue\":{\"type\":\"Property\",\"value\":")
            JSONText.appendValue(row[valueIndex], clock: clock, to: buffer)
            if let unitCode = schema.fields[valueIndex].unitCode {
                buffer.append(",\"unitCode\":")
                JSONText.appendString(unitCode, to: buffer)
            }
            if let observedUTC {
                buffer.append(",\"observedAt\":\"")
                buffer.append(SiteClock.utcTimestamp(observedUTC))
                buffer.append(0x22)
            }
            buffer.append(0x7D)
        }
        if let propertyIndex, row[propertyIndex] != .null {
            buffer.append(",\"controlledProperty\":{\"type\":\"Property\",\"value\":")
            JSONText.appendValue(row[propertyIndex], clock: clock, to: buffer)
            buffer.append(0x7D)
        }
        for (index, value) in row.enumerated() where value != .null {
            switch roles[index] {
            case .skipped:
                continue
            case .relationship(let entityType):
                guard case .text(let target) = value else { continue }
                buffer.append(memberPrefixes[index])
                buffer.append("{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:\(entityType):\(siteURNPart):")
                buffer.append(Self.urnSafe(target))
                buffer.append("\"}")
            case .property:
                buffer.append(memberPrefixes[index])
                if case .time(let seconds) = value {
                    appendDateTimeProperty(seconds, to: buffer)
                    continue
                }
                buffer.append("{\"type\":\"Property\",\"value\":")
                JSONText.appendValue(value, clock: clock, to: buffer)
                if let unitCode = schema.fields[index].unitCode {
                    buffer.append(",\"unitCode\":")
                    JSONText.appendString(unitCode, to: buffer)
                }
                buffer.append(0x7D)
            }
        }
        buffer.append(contextMember)
        try file.flushIfNeeded()
    }

    func finish() throws(ExportError) {
        file.buffer.append(rowCount == 0 ? [0x5D, 0x0A] : [0x0A, 0x5D, 0x0A])
        try file.flush()
    }

    private func appendDateTimeProperty(_ seconds: Int64, to buffer: ByteBuffer) {
        buffer.append("{\"type\":\"Property\",\"value\":{\"@type\":\"DateTime\",\"@value\":\"")
        clock.appendTimestamp(seconds, to: buffer)
        buffer.append("\"}}")
    }

    private func appendIdPart(_ value: ExportValue, to buffer: ByteBuffer) {
        switch value {
        case .null: buffer.append(0x2D)
        case .integer(let integer): buffer.appendInteger(integer)
        case .real(let real): buffer.append(Self.urnSafe(real.description))
        case .text(let text): buffer.append(Self.urnSafe(text))
        case .time(let seconds): buffer.appendInteger(seconds)
        }
    }

    /// Percent-encodes what an RFC 8141 URN's namespace-specific string may not contain; `:` is
    /// encoded too, because it separates the parts of our ids.
    static func urnSafe(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E:
                result.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return result
    }
}
