import ArgumentParser
import Modbus

/// `--parity` in words (none, even, odd) rather than the one-letter codes of the line settings.
extension SerialSettings.Parity: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "none": self = .none
        case "even": self = .even
        case "odd": self = .odd
        default: return nil
        }
    }

    public var defaultValueDescription: String {
        switch self {
        case .none: "none"
        case .even: "even"
        case .odd: "odd"
        }
    }

    public static var allValueStrings: [String] { ["none", "even", "odd"] }

    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}
