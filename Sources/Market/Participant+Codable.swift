/// JSON form: the household id (`"101"`) or `"@storage"`, the same as in order files, so
/// `--json` output reads naturally.
extension Participant: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = text == RawOrder.storageParticipant ? .storage : .household(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .household(let id): try container.encode(id)
        case .storage: try container.encode(RawOrder.storageParticipant)
        }
    }
}
