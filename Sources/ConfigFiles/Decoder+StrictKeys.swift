/// A problem found inside `init(from:)`, which knows the coding path but not the file;
/// `ConfigNode.decode(_:)` turns it into a `ConfigError` with the file and the line.
package struct ConfigFieldError: Error {
    package let code: ConfigError.Code
    package let path: [any CodingKey]
    package let message: String

    package init(code: ConfigError.Code, path: [any CodingKey], message: String) {
        self.code = code
        self.path = path
        self.message = message
    }
}

/// A coding key for any string, so a decoder can list every key present in a mapping.
package struct AnyCodingKey: CodingKey {
    package let stringValue: String
    package let intValue: Int?

    package init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    package init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Array where Element == any CodingKey {
    /// `households[3].roofPV.peakPowerKWp`: the path a person reads, not Swift's `Index 3`.
    package var keyPath: String {
        var text = ""
        for key in self {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }
}

extension Decoder {
    /// Rejects keys the type does not know. Codable ignores them silently, which turns a typo such as
    /// `capacityKwh` into a default value nobody asked for.
    package func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let known = Set(Keys.allCases.map(\.stringValue))
        let container = try self.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            let allowed = known.sorted().joined(separator: ", ")
            throw ConfigFieldError(
                code: .unknownKey,
                path: codingPath + [key],
                message: "unknown key '\(key.stringValue)' (allowed: \(allowed))"
            )
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes an optional field, falling back to the documented default when it is absent.
    package func decode<T: Decodable>(_ key: Key, default value: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? value
    }

    /// Decodes a number and checks it lies within `range`, naming the field when it does not.
    package func decode(_ key: Key, default value: Double, in range: ClosedRange<Double>) throws -> Double {
        try check(decodeIfPresent(Double.self, forKey: key) ?? value, in: range, key: key)
    }

    /// Decodes a required number within `range`.
    package func decode(_ key: Key, in range: ClosedRange<Double>) throws -> Double {
        try check(decode(Double.self, forKey: key), in: range, key: key)
    }

    /// Decodes an optional number and checks it lies within `range` when present.
    package func decodeIfPresent(_ key: Key, in range: ClosedRange<Double>) throws -> Double? {
        guard contains(key) else { return nil }
        return try decode(key, in: range)
    }

    /// Decodes an integer within `range`, with a default.
    package func decode(_ key: Key, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        try check(decodeIfPresent(Int.self, forKey: key) ?? value, in: range, key: key)
    }

    private func check<Number: Comparable>(_ number: Number, in range: ClosedRange<Number>, key: Key) throws -> Number {
        // NaN and infinity fall outside every finite range, so they need no check of their own.
        guard range.contains(number) else {
            throw ConfigFieldError(
                code: .invalidValue,
                path: codingPath + [key],
                message: "\(number) is outside \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return number
    }
}
