import VillageStore

/// Why the counter logic refused a configuration or a saved state.
package struct MeteringError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// A configuration field is out of range.
        case invalidConfiguration
        /// A checkpoint cannot be decoded, or was made for another counter or settings.
        case invalidCheckpoint
    }

    package let code: Code
    package let deviceId: String
    package let channel: MeteringChannel
    /// The configuration or state field concerned.
    package let field: String?
    package let message: String

    package init(code: Code, deviceId: String, channel: MeteringChannel, field: String?, message: String) {
        self.code = code
        self.deviceId = deviceId
        self.channel = channel
        self.field = field
        self.message = message
    }

    package var description: String {
        "\(deviceId) \(channel)" + (field.map { ": \($0)" } ?? "") + ": \(message)"
    }
}
