import Yams

/// A node of a tariff file together with where it sits (file and key path), so every loader error
/// can name both without threading them through each call by hand.
struct YAMLValue {
    let node: Node
    let path: String
    let file: String

    var line: Int? { node.mark.map { $0.line } }

    func error(_ code: TariffError.Code, _ message: String, key: String? = nil) -> TariffError {
        TariffError(code, file: file, keyPath: key.map { child($0) } ?? (path.isEmpty ? nil : path), line: line, message)
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    var isNull: Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The raw scalar text (dates and decimals are read from it, never from YAML's own typing).
    func string() throws(TariffError) -> String {
        guard case let .scalar(scalar) = node, !isNull else { throw error(.invalidValue, "expected a text or number value") }
        return scalar.string
    }

    func decimal(decimals: Int) throws(TariffError) -> Int64 {
        let text = try string()
        guard let value = ScaledDecimal.parse(text, decimals: decimals) else {
            throw error(.invalidValue, "expected a decimal number with at most \(decimals) decimals, found '\(text)'")
        }
        return value
    }

    func int(in range: ClosedRange<Int>) throws(TariffError) -> Int {
        let text = try string()
        guard let value = Int(text), range.contains(value) else {
            throw error(.invalidValue, "expected a whole number in \(range.lowerBound)...\(range.upperBound), found '\(text)'")
        }
        return value
    }

    func bool() throws(TariffError) -> Bool {
        switch try string() {
        case "true", "yes": return true
        case "false", "no": return false
        case let other: throw error(.invalidValue, "expected true or false, found '\(other)'")
        }
    }

    func date() throws(TariffError) -> LocalDate {
        let text = try string()
        guard let date = LocalDate(iso: text) else { throw error(.invalidValue, "expected a date YYYY-MM-DD, found '\(text)'") }
        return date
    }

    func sequence() throws(TariffError) -> [YAMLValue] {
        guard case let .sequence(items) = node else { throw error(.invalidValue, "expected a list") }
        return items.enumerated().map { YAMLValue(node: $0.element, path: "\(path)[\($0.offset)]", file: file) }
    }

    /// A list, or a single value standing for a one-element list.
    func sequenceOrSingle() throws(TariffError) -> [YAMLValue] {
        if case .sequence = node { return try sequence() }
        return [self]
    }

    /// The entries of a mapping, rejecting any key outside `allowed` (typos must not be ignored).
    func mapping(allowed: Set<String>? = nil) throws(TariffError) -> YAMLMapping {
        guard case let .mapping(map) = node else { throw error(.invalidValue, "expected a mapping of keys to values") }
        var entries: [(key: String, value: YAMLValue)] = []
        for (keyNode, valueNode) in map {
            guard case let .scalar(keyScalar) = keyNode else { throw error(.invalidValue, "keys must be plain text") }
            let key = keyScalar.string
            if let allowed, !allowed.contains(key) {
                throw TariffError(.unknownKey, file: file, keyPath: child(key), line: keyNode.mark?.line,
                                  "unknown key '\(key)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            entries.append((key, YAMLValue(node: valueNode, path: child(key), file: file)))
        }
        return YAMLMapping(owner: self, entries: entries)
    }
}

/// A mapping node's entries in file order.
struct YAMLMapping {
    let owner: YAMLValue
    let entries: [(key: String, value: YAMLValue)]

    subscript(key: String) -> YAMLValue? {
        entries.first { $0.key == key }?.value
    }

    func require(_ key: String) throws(TariffError) -> YAMLValue {
        guard let value = self[key] else { throw owner.error(.missingKey, "missing key '\(key)'", key: key) }
        return value
    }
}
