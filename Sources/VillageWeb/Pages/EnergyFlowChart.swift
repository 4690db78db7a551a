import Foundation
import MarketStore
import Mustache

/// A day's energy per quarter hour as inline SVG: one step line per series (kWh per quarter hour),
/// hour ticks in local time, a legend. It scales to the page's width (viewBox), so it reads on a phone.
/// Every text is escaped; series carry `data-series` so tests can find them.
package struct EnergyFlowChart: Sendable, MustacheCustomRenderable {
    package struct Series: Sendable {
        package var name: String
        package var color: String
        /// Wh per slot; nil where nothing was metered.
        package var values: [Int64?]
    }

    package var slotStarts: [Int64]
    package var series: [Series]
    package var calendar: SiteCalendar

    static let width = 720.0
    static let height = 240.0
    static let left = 48.0
    static let right = 12.0
    static let top = 28.0
    static let bottom = 36.0

    package var renderText: String { svg() }
    package var isNull: Bool { false }

    /// The chart, its legend in the language being rendered.
    package func svg() -> String {
        let slots = max(slotStarts.count, 1)
        let peak = max(1, series.flatMap { $0.values.compactMap { $0 } }.max() ?? 1)
        let scaleTop = Self.niceCeiling(Double(peak) / 1000)
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        func x(_ slot: Int) -> Double { Self.left + Double(slot) / Double(slots) * plotWidth }
        func y(_ wh: Int64) -> Double { Self.top + plotHeight - Double(wh) / 1000 / scaleTop * plotHeight }
        var out = [
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(Self.width)) \(f(Self.height))\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect x=\"\(f(Self.left))\" y=\"\(f(Self.top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"#fafafa\" stroke=\"#999999\"/>",
        ]
        for tick in 0...4 {
            let value = scaleTop * Double(tick) / 4
            let ty = Self.top + plotHeight - Double(tick) / 4 * plotHeight
            out.append(
                "<line x1=\"\(f(Self.left))\" y1=\"\(f(ty))\" x2=\"\(f(Self.width - Self.right))\" y2=\"\(f(ty))\" stroke=\"#e0e0e0\"/>"
            )
            out.append(
                "<text x=\"\(f(Self.left - 6))\" y=\"\(f(ty + 4))\" text-anchor=\"end\" fill=\"#555555\">\(Self.tick(value, top: scaleTop))</text>"
            )
        }
        for (slot, start) in slotStarts.enumerated() where slot % 12 == 0 {
            out.append(
                "<text x=\"\(f(x(slot)))\" y=\"\(f(Self.height - Self.bottom + 16))\" text-anchor=\"middle\" fill=\"#555555\">\(HTMLText.escape(WebFormatting.clock(start, calendar: calendar)))</text>"
            )
        }
        out.append("<text x=\"6\" y=\"16\" fill=\"#555555\">kWh / 15 min</text>")
        for (index, line) in series.enumerated() {
            var d = ""
            var open = false
            for (slot, value) in line.values.enumerated() {
                guard let value else {
                    open = false
                    continue
                }
                d += open ? " V\(f(y(value)))" : " M\(f(x(slot))) \(f(y(value)))"
                d += " H\(f(x(slot + 1)))"
                open = true
            }
            out.append(
                "<path class=\"series\" data-series=\"\(HTMLText.escape(line.name))\" fill=\"none\" stroke=\"\(HTMLText.escape(line.color))\" stroke-width=\"2\" d=\"\(d.trimmingCharacters(in: .whitespaces))\"/>"
            )
            let lx = Self.left + Double(index) * 110
            let ly = Self.height - 8
            out.append(
                "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 20))\" y2=\"\(f(ly - 4))\" stroke=\"\(HTMLText.escape(line.color))\" stroke-width=\"3\"/>"
            )
            out.append(
                "<text class=\"legend\" data-legend=\"\(HTMLText.escape(line.name))\" x=\"\(f(lx + 26))\" y=\"\(f(ly))\">\(HTMLText.escape(Label(line.name).renderText))</text>"
            )
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    /// A y-axis number with the decimals its scale needs: `0.05` on a 0.2 kWh scale, `12` on a 40 one.
    static func tick(_ value: Double, top: Double) -> String {
        let decimals = top >= 10 ? 0 : top >= 1 ? 1 : top >= 0.1 ? 2 : 3
        return String(format: "%.\(decimals)f", value)
    }

    /// 1, 2, 2.5, 5 × 10ⁿ at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1, 2, 2.5, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    private func f(_ value: Double) -> String { String(format: "%.2f", value) }
}
