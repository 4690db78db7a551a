/// JSON form: `"household:101"`, `"operator"`, `"storage"`, `"grid"` (the ``Account/description``).
extension Account: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch text {
        case "operator": self = .operator
        case "storage": self = .storage
        case "grid": self = .grid
        default:
            guard text.hasPrefix("household:") else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown account \"\(text)\"")
            }
            self = .household(String(text.dropFirst("household:".count)))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
