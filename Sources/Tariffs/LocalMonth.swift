/// A calendar month in local time: the unit a bill covers and tier limits reset on.
public struct LocalMonth: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var year: Int
    /// 1–12.
    public var month: Int

    /// Nil unless `month` is 1–12.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        self.init(year: y, month: m)
    }

    public var firstDay: LocalDate {
        LocalDate(year: year, month: month, day: 1) ?? LocalDate(dayNumber: 0)
    }

    /// The following month, where tier counts restart.
    public var next: LocalMonth {
        month == 12 ? LocalMonth(checkedYear: year + 1, month: 1) : LocalMonth(checkedYear: year, month: month + 1)
    }

    /// For months computed from valid ones, where `month` is known to be 1–12.
    init(checkedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public var dayCount: Int { LocalDate.daysIn(year: year, month: month) }

    public var description: String { format4(year) + "-" + pad2(month) }

    public static func < (lhs: LocalMonth, rhs: LocalMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalMonth(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
