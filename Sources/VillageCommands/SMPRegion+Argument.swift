import ArgumentParser
import VillageStore

extension SMPRegion: ExpressibleByArgument {}

/// Which region's imported SMP prices the market's exports, or none (the export tariff alone).
enum SMPFeedChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case mainland
    case jeju
    case none

    var region: SMPRegion? {
        switch self {
        case .mainland: .mainland
        case .jeju: .jeju
        case .none: nil
        }
    }
}
