/// A coding key for any string, so a decoder can list every key present in a mapping.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Rejects keys the type does not know. Codable ignores them silently, which turns a typo such as
    /// `capacityKwh` into a default value nobody asked for.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let known = Set(Keys.allCases.map(\.stringValue))
        let container = try self.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            let allowed = known.sorted().joined(separator: ", ")
            throw SiteFieldError(
                code: .unknownKey,
                path: codingPath + [key],
                message: "unknown key '\(key.stringValue)' (allowed: \(allowed))"
            )
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes an optional field, falling back to the documented default when it is absent.
    func decode<T: Decodable>(_ key: Key, default value: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? value
    }

    /// Decodes a number and checks it lies within `range`, naming the field when it does not.
    func decode(_ key: Key, default value: Double, in range: ClosedRange<Double>) throws -> Double {
        let number = try decodeIfPresent(Double.self, forKey: key) ?? value
        guard range.contains(number), number.isFinite else {
            throw SiteFieldError(
                code: .invalidValue,
                path: codingPath + [key],
                message: "\(number) is outside \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return number
    }

    /// Decodes a required number within `range`.
    func decode(_ key: Key, in range: ClosedRange<Double>) throws -> Double {
        let number = try decode(Double.self, forKey: key)
        guard range.contains(number), number.isFinite else {
            throw SiteFieldError(
                code: .invalidValue,
                path: codingPath + [key],
                message: "\(number) is outside \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return number
    }

    /// Decodes an optional number and checks it lies within `range` when present.
    func decodeIfPresent(_ key: Key, in range: ClosedRange<Double>) throws -> Double? {
        guard contains(key) else { return nil }
        return try decode(key, in: range)
    }

    /// Decodes an integer within `range`, with a default.
    func decode(_ key: Key, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        let number = try decodeIfPresent(Int.self, forKey: key) ?? value
        guard range.contains(number) else {
            throw SiteFieldError(
                code: .invalidValue,
                path: codingPath + [key],
                message: "\(number) is outside \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return number
    }
}
