import Foundation
import Site

/// The manager's dispatch settings form: the fields a facility manager changes day to day, read from
/// a posted form into a `DispatchSettings`, or refused with one message per field. A refused form
/// changes nothing and comes back with what was typed and the messages next to the fields.
package struct DispatchSettingsForm: Sendable, Hashable {
    package struct Field: Sendable, Hashable {
        package var name: String
        package var label: Label
        package var value: String
        package var error: String?
        /// `number`, `text`, or `select` with `options`.
        package var number: Bool
        package var select: Bool
        package var options: [Option]
        package var hint: Label?
        package var step: String
    }

    package struct Option: Sendable, Hashable {
        package var value: String
        package var selected: Bool
    }

    package var fields: [Field]
    package var hasErrors: Bool { fields.contains { $0.error != nil } }
    /// Stored so that templates (which see stored properties only) can show the summary.
    package var failed: Bool

    /// The form showing `settings`.
    package init(showing settings: DispatchSettings) {
        self.init(
            values: [
                "strategy": settings.strategy, "horizonHours": String(settings.horizonHours),
                "reservePct": settings.socReserve.map { Self.number($0.socPct) } ?? "",
                "reserveBy": settings.socReserve?.byLocalTime ?? "18:00",
                "wearCost": Self.number(settings.wearCostWonPerKWh),
                "demandCharge": Self.number(settings.demandChargeWonPerKW),
            ], errors: [:])
    }

    private init(values: [String: String], errors: [String: String]) {
        func field(
            _ name: String, number: Bool = true, options: [String] = [], hint: Label? = nil, step: String = "any"
        ) -> Field {
            let value = values[name] ?? ""
            return Field(
                name: name, label: Label(name), value: value, error: errors[name], number: number && options.isEmpty,
                select: !options.isEmpty, options: options.map { Option(value: $0, selected: $0 == value) },
                hint: hint, step: step)
        }
        fields = [
            field("strategy", options: DispatchSettings.strategies), field("horizonHours", step: "1"),
            field("reservePct", hint: "reserveHint"), field("reserveBy", number: false), field("wearCost"),
            field("demandCharge"),
        ]
        failed = !errors.isEmpty
    }

    /// Reads a posted form over `current` (fields the form does not carry stay as they are). The
    /// reserve must lie within the battery's `socRange` (the site's ess.socMinPct–socMaxPct).
    package static func read(
        _ form: [String: String], over current: DispatchSettings, socRange: ClosedRange<Double>
    ) -> FormOutcome<DispatchSettings, DispatchSettingsForm> {
        var settings = current
        var errors: [String: String] = [:]
        func text(_ name: String) -> String { (form[name] ?? "").trimmingCharacters(in: .whitespaces) }
        func decimal(_ name: String, in range: ClosedRange<Double>, unit: String) -> Double? {
            let value = text(name)
            guard let number = Double(value), number.isFinite else {
                errors[name] = "'\(value)' is not a number"
                return nil
            }
            guard range.contains(number) else {
                errors[name] = "must be \(Self.number(range.lowerBound))–\(Self.number(range.upperBound)) \(unit)"
                return nil
            }
            return number
        }
        let strategy = text("strategy")
        if DispatchSettings.strategies.contains(strategy) {
            settings.strategy = strategy
        } else {
            errors["strategy"] =
                "unknown strategy '\(strategy)' (known: \(DispatchSettings.strategies.joined(separator: ", ")))"
        }
        if let hours = decimal("horizonHours", in: 24...48, unit: "h") {
            if hours == hours.rounded() {
                settings.horizonHours = Int(hours)
            } else {
                errors["horizonHours"] = "must be whole hours"
            }
        }
        if text("reservePct").isEmpty {
            settings.socReserve = nil
        } else if let pct = decimal("reservePct", in: socRange, unit: "%") {
            let reserve = SoCReserveSetting(socPct: pct, byLocalTime: text("reserveBy"))
            if reserve.minuteOfDay == nil {
                errors["reserveBy"] = "'\(text("reserveBy"))' is not a local time HH:MM on a quarter hour"
            } else {
                settings.socReserve = reserve
            }
        }
        if let wear = decimal("wearCost", in: 0...100_000, unit: "₩/kWh") { settings.wearCostWonPerKWh = wear }
        if let demand = decimal("demandCharge", in: 0...1_000_000, unit: "₩/kW") {
            settings.demandChargeWonPerKW = demand
        }
        guard errors.isEmpty else {
            let typed = Dictionary(
                uniqueKeysWithValues: [
                    "strategy", "horizonHours", "reservePct", "reserveBy", "wearCost", "demandCharge",
                ]
                .map { ($0, form[$0] ?? "") })
            return .refused(DispatchSettingsForm(values: typed, errors: errors))
        }
        return .accepted(settings)
    }

    /// `12`, `12.5`: no trailing zeros.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
