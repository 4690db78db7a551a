import Foundation
import Market

/// Why `village market clear` refused an order file: the file, the JSON path of the field
/// (`orders[2].energyWh`, `prices.exportMilliWonPerKWh`) and what is wrong. Nothing is cleared.
struct OrderBookFileError: Error, Hashable, CustomStringConvertible {
    enum Code: Hashable {
        /// The file cannot be read (missing, a directory, no permission).
        case unreadable
        /// Not JSON, or a field missing or of the wrong type.
        case malformed
        /// An entry of `households` that cannot be a household id, or one listed twice.
        case invalidHousehold
        /// The market library rejected an order, a price or the mechanism.
        case market(MarketError.Code)
    }

    var code: Code
    var file: String
    /// JSON path of the offending field, nil when the problem is the whole file.
    var field: String?
    var message: String

    init(_ code: Code, file: String, field: String?, message: String) {
        self.code = code
        self.file = file
        self.field = field
        self.message = message
    }

    /// A library error about an order, located by the order's index in the file (for a
    /// duplicate id: its second occurrence).
    init(_ error: MarketError, file: String, orders: [RawOrder]) {
        var field = error.field
        if let id = error.orderID {
            let indices = orders.indices.filter { orders[$0].id == id }
            let index = error.code == .duplicateOrderID ? indices.dropFirst().first : indices.first
            if let index { field = "orders[\(index)]" + (error.field.map { ".\($0)" } ?? "") }
        }
        self.init(.market(error.code), file: file, field: field, message: error.message)
    }

    /// A decoding failure with its coding path written as a JSON path.
    static func decoding(_ error: DecodingError, file: String, data: Data) -> OrderBookFileError {
        func jsonPath(_ path: [any CodingKey]) -> String? {
            guard !path.isEmpty else { return nil }
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = jsonPath(context.codingPath)
            let field = parent.map { "\($0).\(key.stringValue)" } ?? key.stringValue
            return OrderBookFileError(.malformed, file: file, field: field, message: "required field is missing")
        case .typeMismatch(let type, let context):
            return OrderBookFileError(
                .malformed, file: file, field: jsonPath(context.codingPath),
                message: "expected \(Self.jsonType(type))")
        case .valueNotFound(let type, let context):
            return OrderBookFileError(
                .malformed, file: file, field: jsonPath(context.codingPath),
                message: "expected \(Self.jsonType(type)), found null")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return OrderBookFileError(
                .malformed, file: file, field: nil, message: "not valid JSON" + syntaxLocation(data))
        case .dataCorrupted(let context):
            return OrderBookFileError(
                .malformed, file: file, field: jsonPath(context.codingPath), message: context.debugDescription)
        @unknown default:
            return OrderBookFileError(.malformed, file: file, field: nil, message: "\(error)")
        }
    }

    /// ` at line 3, column 14`: where the syntax breaks. JSONDecoder does not say; Foundation's
    /// parser names the character offset, which is turned into a line and column.
    static func syntaxLocation(_ data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data)
            return ""
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
            guard let range = detail.range(of: "character "),
                let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }), offset <= data.count
            else {
                return detail.isEmpty ? "" : ": \(detail)"
            }
            let before = data.prefix(offset)
            let line = before.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            return " at line \(line), column \(column)"
        }
    }

    /// How a person calls the Swift type a field should have had.
    static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is Int64.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }

    var description: String {
        "\(file): \(field.map { "\($0): " } ?? "")\(message)"
    }
}
