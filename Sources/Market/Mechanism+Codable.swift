/// JSON form: `{"name": "uniform-price", "kPerMille": 500}`; `kPerMille` only for the auction.
extension Mechanism: Codable {
    private enum CodingKeys: String, CodingKey {
        case name
        case kPerMille
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        do {
            let parsed = try Mechanism(name: name)
            if case .uniformPrice = parsed, let k = try container.decodeIfPresent(Int.self, forKey: .kPerMille) {
                self = .uniformPrice(kPerMille: k)
                try validate()
            } else {
                self = parsed
            }
        } catch let error as MarketError {
            throw DecodingError.dataCorruptedError(forKey: .name, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        if case .uniformPrice(let k) = self { try container.encode(k, forKey: .kPerMille) }
    }
}
