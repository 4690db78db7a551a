/// Why an order book, a price set or a mechanism was rejected.
///
/// Names the offending order and field so an operator can fix the input; a rejected book
/// clears nothing and posts nothing.
public struct MarketError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case unknownHousehold
        case duplicateOrderID
        case emptyOrderID
        case notFinite
        case negative
        case notWhole
        case tooLarge
        case unknownSide
        case unknownMechanism
        case invalidParameter
        case invalidPrices
        case conflictingMeterReading
        case conflictingClearing
        case invalidMeterReading
    }

    public var code: Code
    /// The order id (or meter participant) the error is about, if any.
    public var orderID: String?
    /// The field or key path, e.g. `energyWh` or `mechanism.k`.
    public var field: String?
    public var message: String

    public init(_ code: Code, orderID: String? = nil, field: String? = nil, message: String) {
        self.code = code
        self.orderID = orderID
        self.field = field
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let orderID { parts.append("order \(orderID)") }
        if let field { parts.append(field) }
        let location = parts.isEmpty ? "" : parts.joined(separator: ", ") + ": "
        return "\(location)\(message) [\(code.rawValue)]"
    }
}
