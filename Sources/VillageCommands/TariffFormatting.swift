import ArgumentParser
import Foundation
import Tariffs

/// How the tariff commands show money and energy to a person (`₩60,250`, `214.6 ₩/kWh`, `350 kWh`).
enum TariffFormatting {
    static func grouped(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".", maxSplits: 1)
        var whole = String(parts.first ?? "0")
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (negative ? "-" : "") + groups.joined(separator: ",") + fraction
    }

    static func symbol(_ currency: String) -> String {
        switch currency {
        case "KRW": return "₩"
        case "USD": return "$"
        case "EUR": return "€"
        default: return currency + " "
        }
    }

    /// A bill amount: whole won, cents for other currencies.
    static func money(milli: Int64, currency: String) -> String {
        let decimals = currency == "KRW" ? 0 : 2
        let scaled = currency == "KRW" ? milli / 1000 : milli / 10
        let text = decimals == 0 ? String(scaled) : fixed(scaled, decimals: 2)
        let negative = text.hasPrefix("-")
        return (negative ? "-" : "") + symbol(currency) + grouped(negative ? String(text.dropFirst()) : text)
    }

    /// A price per kWh with up to three decimals.
    static func price(milliPerKWh: Int64?, currency: String) -> String {
        guard let milliPerKWh else { return "—" }
        var text = fixed(milliPerKWh, decimals: 3)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return "\(grouped(text)) \(symbol(currency).trimmingCharacters(in: .whitespaces))/kWh"
    }

    /// `13.2 %` from parts per million.
    static func percent(ppm: Int64) -> String {
        var text = fixed(ppm, decimals: 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + " %"
    }

    /// Columns on a terminal: Hangul and other East Asian wide characters take two.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFF00...0xFF60).contains(value)
            return width + (wide ? 2 : 1)
        }
    }

    /// An exact amount with up to three decimals, grouped (`39,841.2`).
    static func exact(milli: Int64) -> String {
        var text = fixed(milli, decimals: 3)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return grouped(text)
    }

    static func energy(wh: Int64) -> String {
        var text = fixed(wh, decimals: 3)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return "\(grouped(text)) kWh"
    }

    static func fixed(_ value: Int64, decimals: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let fraction = String(magnitude % UInt64(scale))
        return
            "\(sign)\(magnitude / UInt64(scale)).\(String(repeating: "0", count: decimals - fraction.count))\(fraction)"
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }
}
