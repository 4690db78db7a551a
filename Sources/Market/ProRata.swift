/// Splits whole watt-hours in proportion to quantities, exactly.
///
/// Rule (largest remainder): each share is ⌊volume·qᵢ/Σq⌋; the few watt-hours left over go one
/// each to the largest fractional remainders, ties to the lowest order id. Symmetric orders
/// therefore differ by at most 1 Wh, and only when the volume does not divide evenly.
enum ProRata {
    /// - Parameters:
    ///   - volume: watt-hours to distribute, at most `quantities.sum()`.
    ///   - quantities: the cap and weight of each entry, in tie-break order.
    static func split(volume: Int64, quantities: [Int64]) -> [Int64] {
        let total = quantities.reduce(0, +)
        if volume >= total { return quantities }
        if volume <= 0 { return Array(repeating: 0, count: quantities.count) }
        var shares = [Int64](repeating: 0, count: quantities.count)
        var remainders = [Int128](repeating: 0, count: quantities.count)
        var assigned: Int64 = 0
        let wideTotal = Int128(total)
        for (index, quantity) in quantities.enumerated() {
            let product = Int128(volume) * Int128(quantity)
            shares[index] = Int64(product / wideTotal)
            remainders[index] = product % wideTotal
            assigned += shares[index]
        }
        var leftover = volume - assigned
        if leftover > 0 {
            let order = quantities.indices.sorted { lhs, rhs in
                remainders[lhs] != remainders[rhs] ? remainders[lhs] > remainders[rhs] : lhs < rhs
            }
            for index in order where leftover > 0 {
                shares[index] += 1
                leftover -= 1
            }
        }
        return shares
    }
}
