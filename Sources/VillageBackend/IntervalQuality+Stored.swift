import VillageStore

extension IntervalQuality {
    /// The gap a `missing` or `estimated` interval spans; 0 for a measured one.
    var storedGapSeconds: Int64 {
        switch self {
        case .missing(let gap), .estimated(let gap): gap
        case .measured: 0
        }
    }
}

/// The quality names exports use, from the stored rank.
enum IntervalQualityName {
    static func name(rank: Int16) -> String {
        switch rank {
        case 2: "measured"
        case 1: "estimated"
        default: "missing"
        }
    }
}
