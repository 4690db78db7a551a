import ArgumentParser
import Market

/// `--mechanism` takes the names site files use; the uniform-price auction's k comes from `--k`.
extension Mechanism: ExpressibleByArgument {
    public init?(argument: String) {
        guard let mechanism = try? Mechanism(name: argument) else { return nil }
        self = mechanism
    }

    public var defaultValueDescription: String { name }

    public static var allValueStrings: [String] { names }

    public static var defaultCompletionKind: CompletionKind { .list(names) }
}

extension Mechanism {
    /// This mechanism with `--k` applied: the uniform-price auction's k set to `k` (checked), any
    /// other mechanism, which has no k, as it is.
    func with(k: Double) throws(MarketError) -> Mechanism {
        guard case .uniformPrice = self else { return self }
        return try Mechanism(name: name, k: k)
    }
}
