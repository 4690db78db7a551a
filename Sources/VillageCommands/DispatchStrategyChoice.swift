import ArgumentParser
import EnergyDispatch

/// `--strategy` of `village run` and `village demo`: one of the controller's strategies, or `off`,
/// which runs no controller at all and leaves the plant to its own.
enum DispatchStrategyChoice: Hashable, RawRepresentable, CaseIterable, ExpressibleByArgument {
    case strategy(StrategyName)
    case off

    static var allCases: [DispatchStrategyChoice] { StrategyName.allCases.map(Self.strategy) + [.off] }

    init?(rawValue: String) {
        if rawValue == "off" {
            self = .off
        } else if let name = StrategyName(rawValue: rawValue) {
            self = .strategy(name)
        } else {
            return nil
        }
    }

    var rawValue: String {
        switch self {
        case .strategy(let name): name.rawValue
        case .off: "off"
        }
    }
}
