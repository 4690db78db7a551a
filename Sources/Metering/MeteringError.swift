import VillageStore

/// Why the counter logic refused a configuration or a saved state.
public struct MeteringError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// A configuration field is out of range.
        case invalidConfiguration
        /// A checkpoint cannot be decoded, or was made for another counter or settings.
        case invalidCheckpoint
    }

    public let code: Code
    public let deviceId: String
    public let channel: MeteringChannel
    /// The configuration or state field concerned.
    public let field: String?
    public let message: String

    public init(code: Code, deviceId: String, channel: MeteringChannel, field: String?, message: String) {
        self.code = code
        self.deviceId = deviceId
        self.channel = channel
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(deviceId) \(channel)" + (field.map { ": \($0)" } ?? "") + ": \(message)"
    }
}
