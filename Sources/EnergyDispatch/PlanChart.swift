import Foundation
import Tariffs
import VillageCore

/// A plan drawn as an SVG chart a facility manager can read: stacked panels on one local-time axis
/// (prices, PV and load, battery SoC, tank energy, heat-pump power), with units, a legend per panel
/// and the plan's cost in the title.
///
/// Hand-written SVG text, so no drawing dependency; the same plan always gives the same bytes.
/// Per-step quantities (prices, PV, load, heat-pump power) are step lines, one horizontal segment per
/// step (`<path>`, `M x y H x` then `V y H x` per step); stored energies (SoC, tanks) are polylines
/// with one point at the end of each step. Every series element carries `class="series"`,
/// `data-series` (its name) and `data-panel`; every panel's plot area is a `<rect class="plot">`
/// with the same `data-panel`, so tests and scripts can find them.
package struct PlanChart: Sendable {
    package var request: PlanRequest
    package var plan: DispatchPlan
    package var cost: PlanCost
    /// Shown under the title: the tariff, the horizon, whatever the caller wants a reader to know.
    package var subtitle: String

    package init(request: PlanRequest, plan: DispatchPlan, cost: PlanCost, subtitle: String = "") {
        self.request = request
        self.plan = plan
        self.cost = cost
        self.subtitle = subtitle
    }

    /// Layout, in SVG user units (pixels at 100 %).
    static let width = 1100.0
    static let marginLeft = 80.0
    static let marginRight = 190.0
    static let top = 70.0
    static let panelHeight = 150.0
    static let panelGap = 40.0

    /// One curve: its name in the legend, its colour, its values (one per step), and whether it is a
    /// per-step quantity (step line) or a level at the end of each step (polyline).
    struct Series {
        var name: String
        var color: String
        var values: [Double]
        var stepLine: Bool
    }

    /// One panel: title with the unit, y-axis label, and its curves sharing one y scale.
    struct Panel {
        var id: String
        var title: String
        var unit: String
        var series: [Series]
        /// A fixed y range (SoC in %), or nil to fit the values.
        var fixedRange: ClosedRange<Double>?
    }

    /// The panels in drawing order, values in the units shown.
    func panels() -> [Panel] {
        let steps = min(plan.steps.count, request.stepCount)
        let hours = request.stepHours
        let range = 0..<steps
        let prices: (Int64?) -> Double = { Double($0 ?? 0) / 1000 }
        let capacity = request.plant.battery.capacityKWh
        return [
            Panel(
                id: "prices", title: "Grid prices", unit: "won/kWh",
                series: [
                    Series(
                        name: "import price", color: "#c0392b",
                        values: range.map { prices(request.importPriceMilliWonPerKWh[$0]) }, stepLine: true),
                    Series(
                        name: "export price", color: "#27ae60",
                        values: range.map { prices(request.exportPriceMilliWonPerKWh[$0]) }, stepLine: true),
                ]),
            Panel(
                id: "power", title: "PV forecast and load", unit: "kW",
                series: [
                    Series(
                        name: "PV forecast", color: "#f39c12",
                        values: range.map { request.pvForecastWh[$0] / 1000 / hours }, stepLine: true),
                    Series(
                        name: "load", color: "#34495e", values: range.map { request.loadWh[$0] / 1000 / hours },
                        stepLine: true),
                ]),
            Panel(
                id: "soc", title: "Battery state of charge", unit: "%",
                series: [
                    Series(
                        name: "SoC", color: "#2980b9",
                        values: range.map { capacity > 0 ? plan.steps[$0].batteryEnergyWh / 1000 / capacity * 100 : 0 },
                        stepLine: false)
                ], fixedRange: 0...100),
            Panel(
                id: "tanks", title: "Heat-storage tanks", unit: "kWh",
                series: [
                    Series(
                        name: "hot tank", color: "#e74c3c", values: range.map { plan.steps[$0].hotTankWh / 1000 },
                        stepLine: false),
                    Series(
                        name: "cold tank", color: "#3498db", values: range.map { plan.steps[$0].coldTankWh / 1000 },
                        stepLine: false),
                ]),
            Panel(
                id: "heatpumps", title: "Heat-pump electric power", unit: "kW",
                series: [
                    Series(
                        name: "heating", color: "#d35400",
                        values: range.map { plan.steps[$0].heatPumpHeatingWh / 1000 / hours }, stepLine: true),
                    Series(
                        name: "cooling", color: "#16a085",
                        values: range.map { plan.steps[$0].heatPumpCoolingWh / 1000 / hours }, stepLine: true),
                ]),
        ]
    }

    /// The chart as SVG text.
    package func svg() -> String {
        let panels = panels()
        let steps = min(plan.steps.count, request.stepCount)
        let plotLeft = Self.marginLeft
        let plotRight = Self.width - Self.marginRight
        let height = Self.top + Double(panels.count) * (Self.panelHeight + Self.panelGap) + 30
        let start = request.startUnixSeconds
        let span = Double(max(steps, 1)) * Double(request.stepSeconds)
        func x(seconds: Double) -> Double { plotLeft + seconds / span * (plotRight - plotLeft) }
        func x(step: Int) -> Double { x(seconds: Double(step) * Double(request.stepSeconds)) }

        var out: [String] = []
        out.append(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        out.append(
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(f(Self.width))" height="\##(f(height))" viewBox="0 0 \##(f(Self.width)) \##(f(height))" font-family="sans-serif" font-size="12">"##
        )
        out.append(##"<rect x="0" y="0" width="\##(f(Self.width))" height="\##(f(height))" fill="#ffffff"/>"##)
        let net = cost.importCostWon - cost.exportRevenueWon
        let title =
            "Dispatch plan (\(plan.strategy.rawValue)) from \(localTime(start)), \(Self.number(Double(steps) * request.stepHours)) h: cost \(Self.won(net))"
        out.append(
            ##"<text class="title" x="\##(f(plotLeft))" y="28" font-size="18" font-weight="bold">\##(escape(title))</text>"##
        )
        let details = String(
            format:
                "import %@ − export %@; total incl. stored energy value %@; import %.0f kWh, export %.0f kWh. Times: local (UTC%@).",
            Self.won(cost.importCostWon), Self.won(cost.exportRevenueWon), Self.won(cost.totalWon), cost.importKWh,
            cost.exportKWh,
            offsetText())
        out.append(
            ##"<text class="subtitle" x="\##(f(plotLeft))" y="48" fill="#555555">\##(escape(subtitle.isEmpty ? details : subtitle + "; " + details))</text>"##
        )

        let ticks = hourTicks(steps: steps)
        for (index, panel) in panels.enumerated() {
            let top = Self.top + Double(index) * (Self.panelHeight + Self.panelGap) + 20
            let bottom = top + Self.panelHeight
            let all = panel.series.flatMap(\.values).filter(\.isFinite)
            let scale =
                panel.fixedRange.map { AxisScale(lower: $0.lowerBound, upper: $0.upperBound) }
                ?? AxisScale.fitting(low: min(0, all.min() ?? 0), high: max(all.max() ?? 1, 0))
            func y(_ value: Double) -> Double {
                let clamped = min(max(value.isFinite ? value : scale.lower, scale.lower), scale.upper)
                return bottom - (clamped - scale.lower) / (scale.upper - scale.lower) * Self.panelHeight
            }
            out.append(##"<g class="panel" data-panel="\##(panel.id)">"##)
            out.append(
                ##"<text class="panel-title" x="\##(f(plotLeft))" y="\##(f(top - 6))" font-weight="bold">\##(escape(panel.title)) (\##(escape(panel.unit)))</text>"##
            )
            out.append(
                ##"<rect class="plot" data-panel="\##(panel.id)" x="\##(f(plotLeft))" y="\##(f(top))" width="\##(f(plotRight - plotLeft))" height="\##(f(Self.panelHeight))" fill="#fafafa" stroke="#999999"/>"##
            )
            for tick in ticks {
                let tx = x(seconds: Double(tick.seconds))
                out.append(
                    ##"<line x1="\##(f(tx))" y1="\##(f(top))" x2="\##(f(tx))" y2="\##(f(bottom + 4))" stroke="\##(tick.label == nil ? "#eeeeee" : "#dddddd")"/>"##
                )
                if let label = tick.label {
                    out.append(
                        ##"<text class="x-tick" x="\##(f(tx))" y="\##(f(bottom + 16))" text-anchor="middle" fill="#555555">\##(label)</text>"##
                    )
                }
            }
            for value in scale.ticks {
                let ty = y(value)
                out.append(
                    ##"<line x1="\##(f(plotLeft - 4))" y1="\##(f(ty))" x2="\##(f(plotRight))" y2="\##(f(ty))" stroke="#e0e0e0"/>"##
                )
                out.append(
                    ##"<text class="y-tick" x="\##(f(plotLeft - 7))" y="\##(f(ty + 4))" text-anchor="end" fill="#555555">\##(Self.number(value))</text>"##
                )
            }
            let labelX = 22.0
            let labelY = (top + bottom) / 2
            out.append(
                ##"<text class="y-label" x="\##(f(labelX))" y="\##(f(labelY))" text-anchor="middle" transform="rotate(-90 \##(f(labelX)) \##(f(labelY)))">\##(escape(panel.unit))</text>"##
            )
            for series in panel.series {
                let attributes =
                    ##"class="series" data-panel="\##(panel.id)" data-series="\##(escape(series.name))" fill="none" stroke="\##(series.color)" stroke-width="1.8""##
                if series.stepLine {
                    var d = ""
                    for (step, value) in series.values.enumerated() {
                        d += step == 0 ? "M\(f(x(step: 0))) \(f(y(value)))" : " V\(f(y(value)))"
                        d += " H\(f(x(step: step + 1)))"
                    }
                    out.append(##"<path \##(attributes) d="\##(d)"/>"##)
                } else {
                    let points = series.values.enumerated().map { "\(f(x(step: $0.offset + 1))),\(f(y($0.element)))" }
                    out.append(##"<polyline \##(attributes) points="\##(points.joined(separator: " "))"/>"##)
                }
            }
            for (row, series) in panel.series.enumerated() {
                let ly = top + 14 + Double(row) * 18
                let lx = plotRight + 14
                out.append(
                    ##"<line class="legend-key" x1="\##(f(lx))" y1="\##(f(ly - 4))" x2="\##(f(lx + 22))" y2="\##(f(ly - 4))" stroke="\##(series.color)" stroke-width="3"/>"##
                )
                out.append(
                    ##"<text class="legend" x="\##(f(lx + 28))" y="\##(f(ly))">\##(escape(series.name))</text>"##)
            }
            out.append("</g>")
        }
        let axisY = Self.top + Double(panels.count) * (Self.panelHeight + Self.panelGap) + 12
        out.append(
            ##"<text class="x-label" x="\##(f((plotLeft + plotRight) / 2))" y="\##(f(axisY))" text-anchor="middle">local time (UTC\##(offsetText())), hour ticks</text>"##
        )
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// A tick at every local full hour in the horizon, seconds after the start; labelled every hour
    /// up to a day, every second hour beyond (so labels never overlap on a 48-hour plan).
    func hourTicks(steps: Int) -> [(seconds: Int64, label: String?)] {
        let offset = request.utcOffsetSeconds
        let start = request.startUnixSeconds
        let end = start + Int64(steps) * request.stepSeconds
        let every: Int64 = steps * Int(request.stepSeconds) > Int(TimeGrid.daySeconds) ? 2 : 1
        var ticks: [(Int64, String?)] = []
        var local = ((start + offset) + 3599) / 3600 * 3600
        while local - offset <= end {
            let hour = floorModulo(local, TimeGrid.daySeconds) / TimeGrid.hourSeconds
            ticks.append((local - offset - start, hour % every == 0 ? String(format: "%02d:00", hour) : nil))
            local += 3600
        }
        return ticks
    }

    private func localTime(_ unixSeconds: Int64) -> String {
        let local = unixSeconds + request.utcOffsetSeconds
        let days = floorDivide(local, TimeGrid.daySeconds)
        let (year, month, day) = LocalDate(dayNumber: days).components
        let second = local - days * TimeGrid.daySeconds
        return String(format: "%04d-%02d-%02d %02d:%02d", year, month, day, second / 3600, second % 3600 / 60)
    }

    private func offsetText() -> String {
        let minutes = abs(request.utcOffsetSeconds) / 60
        return (request.utcOffsetSeconds < 0 ? "−" : "+") + String(format: "%d:%02d", minutes / 60, minutes % 60)
    }

    /// `₩1,530` or `−₩625,085`: whole won, grouped by thousands.
    package static func won(_ value: Double) -> String {
        let rounded = value.isFinite ? Int64(value.rounded()) : 0
        var digits = String(rounded.magnitude)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return (rounded < 0 ? "−₩" : "₩") + digits + grouped
    }

    /// Axis numbers: no decimals from 10 up, one below.
    static func number(_ value: Double) -> String {
        abs(value) >= 10 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }
}

/// Coordinates with two decimals: enough for a screen, and the same text on every machine.
private func f(_ value: Double) -> String { String(format: "%.2f", value) }

/// Text and attribute content with XML's special characters escaped.
private func escape(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        default: result.append(character)
        }
    }
    return result
}
