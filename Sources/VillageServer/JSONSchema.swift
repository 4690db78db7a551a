/// The JSON Schema (2020-12, as OpenAPI 3.1 uses it) of a request or response body, written next to
/// each route so that the OpenAPI document and the routes cannot drift apart.
package indirect enum JSONSchema: Sendable, Encodable {
    case string(format: String? = nil, pattern: String? = nil, values: [String]? = nil)
    case integer
    case number
    case boolean
    /// A JSON object; `closed` forbids properties not listed.
    case object(properties: [String: JSONSchema], required: [String], closed: Bool = true)
    /// An object whose properties this document does not list (the dispatch settings, whose fields
    /// the site file defines).
    case openObject
    case array(of: JSONSchema)
    /// The value or `null`.
    case nullable(JSONSchema)
    /// Any value (a response with a documented shape elsewhere).
    case any

    private enum Keys: String, CodingKey {
        case type, format, pattern, `enum`, properties, required, additionalProperties, items, anyOf
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .string(let format, let pattern, let values):
            try c.encode("string", forKey: .type)
            try c.encodeIfPresent(format, forKey: .format)
            try c.encodeIfPresent(pattern, forKey: .pattern)
            try c.encodeIfPresent(values, forKey: .enum)
        case .integer:
            try c.encode("integer", forKey: .type)
        case .number:
            try c.encode("number", forKey: .type)
        case .boolean:
            try c.encode("boolean", forKey: .type)
        case .object(let properties, let required, let closed):
            try c.encode("object", forKey: .type)
            try c.encode(properties, forKey: .properties)
            if !required.isEmpty { try c.encode(required, forKey: .required) }
            if closed { try c.encode(false, forKey: .additionalProperties) }
        case .openObject:
            try c.encode("object", forKey: .type)
        case .array(let items):
            try c.encode("array", forKey: .type)
            try c.encode(items, forKey: .items)
        case .nullable(let schema):
            var list = c.nestedUnkeyedContainer(forKey: .anyOf)
            try list.encode(schema)
            try list.encode(NullSchema())
        case .any:
            break
        }
    }
}

/// `{"type": "null"}`, only inside ``JSONSchema/nullable(_:)``.
private struct NullSchema: Encodable {
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode("null", forKey: AnyKey("type"))
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension JSONSchema {
    /// An object whose every listed property is required.
    static func record(_ properties: [String: JSONSchema], optional: Set<String> = []) -> JSONSchema {
        .object(properties: properties, required: properties.keys.filter { !optional.contains($0) }.sorted())
    }
}
