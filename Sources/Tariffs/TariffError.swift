import ConfigFiles

/// Why a tariff file, a usage series or a price query was rejected.
///
/// Carries the file and the key path it concerns so a person editing YAML by hand can find the
/// mistake; `code` is matchable in `catch` without parsing messages.
public struct TariffError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, independent of where.
    public enum Code: String, Sendable, Equatable {
        case unreadableFile
        case invalidYAML
        case unknownKey
        case missingKey
        case invalidValue
        case overlappingHours
        case missingHours
        case monthInNoSeason
        case monthInSeveralSeasons
        case decreasingTierLimit
        case missingRate
        case noVersionInForce
        case noPriceAtInstant
        case invalidUsage
        case missingContractDemand
        case unknownTariff
        case unsupportedURDB
        /// A quantity, or an amount computed from it, beyond what the engine computes exactly.
        case outOfRange
    }

    public var code: Code
    /// The file concerned (as given by the caller), if any.
    public var file: String?
    /// Dotted key path inside the file, such as `versions[0].tiers[2].max_kwh.summer`.
    public var keyPath: String?
    /// 1-based line in the file, when known.
    public var line: Int?
    /// The start (UTC Unix seconds) of the usage interval the error concerns, when there is one: a
    /// bill knows intervals, not the lines they came from, so the reader of the usage file maps it
    /// back to a line.
    public var instant: Int64?
    public var message: String

    public init(
        _ code: Code, file: String? = nil, keyPath: String? = nil, line: Int? = nil, instant: Int64? = nil,
        _ message: String
    ) {
        self.code = code
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.instant = instant
        self.message = message
    }

    public var description: String {
        var place = file ?? ""
        if let line { place += place.isEmpty ? "line \(line)" : ":\(line)" }
        if let keyPath { place += place.isEmpty ? keyPath : " (\(keyPath))" }
        return place.isEmpty ? message : "\(place): \(message)"
    }
}

extension TariffError {
    /// A problem the file reader found, with the tariff's code for it.
    init(_ error: ConfigError) {
        let code: Code =
            error.code == .unreadable ? .unreadableFile : Code(rawValue: error.code.rawValue) ?? .invalidValue
        self.init(
            code, file: error.file, keyPath: error.keyPath.isEmpty ? nil : error.keyPath, line: error.line,
            error.message)
    }
}

extension ConfigError {
    /// A price series' error while the tariff file that names it is read, so that it passes
    /// through the reader unchanged (file, key and line of the series).
    init(_ error: TariffError, file: String) {
        self.init(
            code: .init(error.code), file: error.file ?? file, keyPath: error.keyPath ?? "", line: error.line,
            message: error.message)
    }
}
