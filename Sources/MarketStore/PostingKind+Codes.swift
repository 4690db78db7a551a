import Market

// The integers `ledger_postings` stores for a posting's purpose and commodity (migration
// `v11-ledger-compact` fixes them with CHECKs): the order in which the canonical encoding ranks
// them, so a code never depends on anything but the value.

extension PostingPurpose {
    /// 0 peerTrade, 1 gridImport, 2 gridExport.
    var code: Int64 {
        switch self {
        case .peerTrade: 0
        case .gridImport: 1
        case .gridExport: 2
        }
    }

    /// The purpose stored as `code`, or nil for a code no purpose has.
    init?(code: Int64) {
        switch code {
        case 0: self = .peerTrade
        case 1: self = .gridImport
        case 2: self = .gridExport
        default: return nil
        }
    }
}

extension Commodity {
    /// 0 energyWh, 1 moneyMilliWon.
    var code: Int64 { self == .energyWh ? 0 : 1 }

    /// The commodity stored as `code`, or nil for a code no commodity has.
    init?(code: Int64) {
        switch code {
        case 0: self = .energyWh
        case 1: self = .moneyMilliWon
        default: return nil
        }
    }
}
