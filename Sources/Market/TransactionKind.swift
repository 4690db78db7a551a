/// A settlement is the first transaction of an interval; corrections follow when late meter
/// data arrive. Nothing is ever rewritten.
public enum TransactionKind: String, Hashable, Sendable, Codable {
    case settlement
    case correction
}
