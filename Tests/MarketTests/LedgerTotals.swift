@testable import Market

/// Sums of a ledger by account, purpose and commodity, for the property tests.
struct LedgerTotals: Equatable {
    var amounts: [Account: [PostingPurpose: [Commodity: Int64]]] = [:]

    init(_ transactions: [LedgerTransaction]) {
        for transaction in transactions {
            for posting in transaction.postings {
                amounts[posting.account, default: [:]][posting.purpose, default: [:]][posting.commodity, default: 0] +=
                    posting.amount
            }
        }
        // Drop zeros so a reversal and its original compare equal to nothing.
        for (account, purposes) in amounts {
            for (purpose, commodities) in purposes {
                for (commodity, amount) in commodities where amount == 0 {
                    amounts[account]?[purpose]?[commodity] = nil
                }
                if amounts[account]?[purpose]?.isEmpty == true { amounts[account]?[purpose] = nil }
            }
            if amounts[account]?.isEmpty == true { amounts[account] = nil }
        }
    }

    func amount(_ account: Account, _ purpose: PostingPurpose, _ commodity: Commodity) -> Int64 {
        amounts[account]?[purpose]?[commodity] ?? 0
    }

    func total(_ account: Account, _ commodity: Commodity) -> Int64 {
        PostingPurpose.allCases.reduce(0) { $0 + amount(account, $1, commodity) }
    }
}
