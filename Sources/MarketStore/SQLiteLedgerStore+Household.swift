import Market
import Tariffs

extension SQLiteLedgerStore {
    /// `village balance`: a household's months, or one month given as `YYYY-MM`.
    ///
    /// Refuses an unknown household and a malformed month with a ``MarketStoreError`` naming the
    /// argument; reads only.
    public func householdBalances(household: String, month: String? = nil,
                                  calendar: SiteCalendar = SiteCalendar()) throws -> [MonthlyBalance] {
        var range: Range<Int64> = .min ..< .max
        if let month {
            guard let parsed = Self.parseMonth(month) else {
                throw MarketStoreError(code: .invalidArgument, path: "--month", subject: month,
                                       message: "expected a month as YYYY-MM, e.g. 2026-07")
            }
            range = calendar.range(of: parsed)
        }
        guard try householdExists(household) else {
            throw MarketStoreError(code: .unknownHousehold, path: path, subject: "household \(household)",
                                   message: "no such household in this village database")
        }
        return try monthlyBalances(participant: .household(household), from: range.lowerBound, to: range.upperBound,
                                   calendar: calendar)
    }

    /// `YYYY-MM` with a four-digit year and a two-digit month, nothing else.
    static func parseMonth(_ text: String) -> LocalMonth? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 7, utf8[4] == UInt8(ascii: "-"),
              utf8.enumerated().allSatisfy({ $0.offset == 4 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) })
        else { return nil }
        return LocalMonth(iso: text)
    }
}
