/// Whether an order offers energy (sell) or asks for it (buy).
public enum OrderSide: String, Hashable, Sendable, Codable, CaseIterable {
    case buy
    case sell
}
