import Foundation

/// How a measured quantity is shown to a person: rounded to what the unit needs, with the unit.
enum Quantity {
    static func format(_ value: Double, unit: String?) -> String {
        let decimals: Int
        switch abs(value) {
        case 0: decimals = 0
        case ..<10: decimals = 3
        case ..<1000: decimals = 2
        default: decimals = 1
        }
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        guard let unit, !unit.isEmpty else { return text }
        return "\(text) \(unit)"
    }
}
