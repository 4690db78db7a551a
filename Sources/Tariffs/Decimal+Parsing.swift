import Foundation

/// Exact decimal parsing into scaled integers.
///
/// Tariff files state prices as decimals (`214.6` won per kWh); going through `Double` would turn
/// that into 214.59999… and a truncating bill would lose a won. Parsing the text keeps it exact.
enum ScaledDecimal {
    /// Parses `text` (`-12`, `214.6`, `0.125`) as an integer scaled by 10^`decimals`.
    ///
    /// Returns nil for anything else, including more significant decimals than `decimals`.
    static func parse(_ text: String, decimals: Int) -> Int64? {
        var chars = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if chars.first == "-" {
            negative = true
            chars = chars.dropFirst()
        } else if chars.first == "+" {
            chars = chars.dropFirst()
        }
        let parts = chars.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let whole = parts.first, !whole.isEmpty,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        while fraction.count > decimals, fraction.last == "0" { fraction = fraction.dropLast() }
        guard fraction.count <= decimals, whole.count <= 15 else { return nil }
        let padded = String(fraction) + String(repeating: "0", count: decimals - fraction.count)
        guard let w = Int64(whole), let f = Int64(padded.isEmpty ? "0" : padded) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let value = w * scale + f
        return negative ? -value : value
    }

    /// Formats a scaled integer back as a decimal without trailing zeros (`214600`, 3 → `214.6`).
    static func format(_ value: Int64, decimals: Int, minimumFractionDigits: Int = 0) -> String {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = String(magnitude % UInt64(scale))
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        while fraction.count > minimumFractionDigits, fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
